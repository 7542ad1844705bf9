import clsx from "clsx";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/config";
import { IntentLink } from "@/components/ui/intent-link";
import { getDb } from "@/db/client";
import { getProgress, getTraineeProgress } from "@/db/queries/training";
import { syncCheckedExercises } from "@/lib/training/progress";
import { requirePermission } from "@/lib/session";
import { LESSON_GROUPS, listLessons } from "@/lib/training/lessons";
import { isComplete, summarize } from "@/lib/training/progress";
import { isUuid } from "@/lib/validation/common";

type Props = { params: Promise<{ userId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("training"))("teamTitle") };
}

/** One trainee's progress per lesson, for a manager whose scope they are in (anyone else: 404). */
export default async function TraineePage({ params }: Props) {
  const viewer = await requirePermission("training:team");
  const { userId } = await params;
  if (!isUuid(userId)) notFound();
  const db = await getDb();
  const found = await getTraineeProgress(db, viewer, userId);
  if (!found) notFound();
  // in scope: their data-checked exercises are brought up to date from their records before showing them
  await syncCheckedExercises(db, found.id);
  const trainee = { ...found, progress: await getProgress(db, found.id) };
  const [t, format, lessons] = await Promise.all([getTranslations("training"), getFormatter(), getLocale().then((l) => listLessons(l as Locale))]);
  const by = new Map(trainee.progress.map((r) => [r.slug, r]));
  const s = summarize(trainee.progress, lessons.map((l) => l.slug));
  const day = (d: Date | null | undefined) => (d ? format.dateTime(d, { dateStyle: "medium" }) : "—");
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <IntentLink href="/training" className="hover:underline">
            {t("title")}
          </IntentLink>{" "}
          /{" "}
          <IntentLink href="/training/team" className="hover:underline">
            {t("teamTitle")}
          </IntentLink>
        </p>
        <h1 className="text-2xl font-semibold">{t("traineeTitle", { name: trainee.name })}</h1>
        <p className="text-sm text-slate-600">
          {trainee.orgUnitName} · {t("traineeSummary", { read: s.read, exercises: s.exercises, completed: s.completed, total: s.total })}
        </p>
      </div>
      {LESSON_GROUPS.map((g) => (
        <section key={g} aria-labelledby={`group-${g}`} className="space-y-2">
          <h2 id={`group-${g}`} className="text-lg font-semibold">
            {t(`groups.${g}`)}
          </h2>
          <ul className="card divide-y divide-slate-100">
            {lessons
              .filter((l) => l.group === g)
              .map((l) => {
                const r = by.get(l.slug);
                const status = isComplete(r) ? "complete" : r ? "inProgress" : "notStarted";
                return (
                  <li key={l.slug} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 text-sm" data-testid={`lesson-${l.slug}`}>
                    <IntentLink href={`/training/${l.slug}`} className="min-w-0 basis-full font-medium hover:underline sm:flex-1 sm:basis-auto">
                      {l.title}
                    </IntentLink>
                    <span
                      className={clsx(
                        "chip",
                        status === "complete" ? "bg-emerald-50 text-emerald-700" : status === "inProgress" ? "bg-amber-50 text-amber-800" : "bg-slate-100 text-slate-600",
                      )}
                    >
                      {t(status)}
                    </span>
                    <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
                      {[
                        [t("readCount"), day(r?.readAt)],
                        [t("exerciseCount"), day(r?.exerciseDoneAt)],
                        [t("bestScore"), r?.quizBestScore ?? "—"],
                        [t("attemptsCol"), r?.quizAttempts || "—"],
                      ].map(([k, v]) => (
                        <div key={String(k)} className="flex gap-1">
                          <dt className="text-slate-500">{k}</dt>
                          <dd className="tabular-nums">{v}</dd>
                        </div>
                      ))}
                    </dl>
                  </li>
                );
              })}
          </ul>
        </section>
      ))}
    </div>
  );
}
