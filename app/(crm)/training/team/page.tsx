import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/config";
import { IntentLink } from "@/components/ui/intent-link";
import { getDb } from "@/db/client";
import { getTeamProgress } from "@/db/queries/training";
import { requirePermission } from "@/lib/session";
import { listLessons } from "@/lib/training/lessons";
import { lessonTotals, summarize } from "@/lib/training/progress";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("training"))("teamTitle") };
}

const th = "px-4 py-2 font-medium whitespace-nowrap";
const td = "px-4 py-2 tabular-nums whitespace-nowrap";
/** the name or lesson column keeps a readable width on a phone; the table scrolls sideways instead */
const rowHead = "min-w-40 px-4 py-2 text-left font-normal";

export default async function TrainingTeamPage() {
  const viewer = await requirePermission("training:team");
  const [t, format, lessons, team] = await Promise.all([getTranslations("training"), getFormatter(), getLocale().then((l) => listLessons(l as Locale)), getTeamProgress(await getDb(), viewer)]);
  const slugs = lessons.map((l) => l.slug);
  const totals = lessonTotals(team, slugs);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <IntentLink href="/training" className="hover:underline">
            {t("title")}
          </IntentLink>
        </p>
        <h1 className="text-2xl font-semibold">{t("teamTitle")}</h1>
        <p className="text-sm text-slate-600">{t("teamIntro")}</p>
      </div>
      {team.length === 0 ? (
        <p className="card p-6 text-center text-slate-500">{t("teamEmpty")}</p>
      ) : (
        <>
          <div className="card overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">{t("teamTitle")}</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-left text-slate-600">
                <tr>
                  <th scope="col" className={th}>{t("trainee")}</th>
                  <th scope="col" className={th}>{t("completed")}</th>
                  <th scope="col" className={th}>{t("lessonsRead")}</th>
                  <th scope="col" className={th}>{t("exercisesDone")}</th>
                  <th scope="col" className={th}>{t("quizAverage")}</th>
                  <th scope="col" className={th}>{t("lastActivity")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {team.map((p) => {
                  const s = summarize(p.progress, slugs);
                  return (
                    <tr key={p.id}>
                      <th scope="row" className={rowHead}>
                        <Link href={`/training/team/${p.id}`} className="font-medium text-brand-700 hover:underline" aria-label={t("viewTrainee", { name: p.name })}>
                          {p.name}
                        </Link>
                        <span className="block text-xs text-slate-500">{p.orgUnitName}</span>
                      </th>
                      <td className={td}>
                        {s.completed} / {s.total}
                      </td>
                      <td className={td}>
                        {s.read} / {s.total}
                      </td>
                      <td className={td}>
                        {s.exercises} / {s.total}
                      </td>
                      <td className={td}>{s.quizAverage ?? "—"}</td>
                      <td className="px-4 py-2 whitespace-nowrap text-slate-500">{s.lastActivity ? format.dateTime(s.lastActivity, { dateStyle: "medium" }) : "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          <section aria-labelledby="lesson-totals" className="space-y-2">
            <div>
              <h2 id="lesson-totals" className="text-lg font-semibold">
                {t("lessonTotalsTitle")}
              </h2>
              <p className="text-sm text-slate-600">{t("lessonTotalsIntro", { total: team.length })}</p>
            </div>
            <div className="card overflow-x-auto">
              <table className="w-full text-sm">
                <caption className="sr-only">{t("lessonTotalsTitle")}</caption>
                <thead className="border-b border-slate-200 bg-slate-50 text-left text-slate-600">
                  <tr>
                    <th scope="col" className={th}>{t("lesson")}</th>
                    <th scope="col" className={th}>{t("readCount")}</th>
                    <th scope="col" className={th}>{t("exerciseCount")}</th>
                    <th scope="col" className={th}>{t("passedCount")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {lessons.map((l) => {
                    const c = totals.get(l.slug)!;
                    return (
                      <tr key={l.slug}>
                        <th scope="row" className={rowHead}>
                          <IntentLink href={`/training/${l.slug}`} className="hover:underline">
                            {l.title}
                          </IntentLink>
                          <span className="block text-xs text-slate-500">{t(`groups.${l.group}`)}</span>
                        </th>
                        <td className={td}>{c.read}</td>
                        <td className={td}>{c.exercises}</td>
                        <td className={td}>{c.passed}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </div>
  );
}
