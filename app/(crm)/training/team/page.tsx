import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { IntentLink } from "@/components/ui/intent-link";
import { getDb } from "@/db/client";
import { getTeamProgress } from "@/db/queries/training";
import { requirePermission } from "@/lib/session";
import { listLessons } from "@/lib/training/lessons";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("training"))("teamTitle") };
}

export default async function TrainingTeamPage() {
  const viewer = await requirePermission("training:team");
  const [t, lessons, team] = await Promise.all([getTranslations("training"), listLessons(), getTeamProgress(await getDb(), viewer)]);
  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm text-slate-500">
          <IntentLink href="/training" className="hover:underline">
            {t("title")}
          </IntentLink>
        </p>
        <h1 className="text-2xl font-semibold">{t("teamTitle")}</h1>
        <p className="text-sm text-slate-600">{t("teamIntro")}</p>
      </div>
      <div className="card overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">{t("teamTitle")}</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">{t("trainee")}</th>
              <th scope="col" className="px-4 py-2 font-medium">{t("lessonsRead")}</th>
              <th scope="col" className="px-4 py-2 font-medium">{t("exercisesDone")}</th>
              <th scope="col" className="px-4 py-2 font-medium">{t("quizAverage")}</th>
              <th scope="col" className="px-4 py-2 font-medium">{t("lastActivity")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {team.map((p) => {
              const read = p.progress.filter((r) => r.readAt).length;
              const ex = p.progress.filter((r) => r.exerciseDoneAt).length;
              const scores = p.progress.map((r) => r.quizBestScore).filter((s): s is number => s != null);
              const avg = scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) : null;
              const last = p.progress.map((r) => r.updatedAt).sort((a, b) => b.getTime() - a.getTime())[0];
              return (
                <tr key={p.id}>
                  <td className="px-4 py-2">
                    <span className="font-medium">{p.name}</span>
                    <span className="block text-xs text-slate-500">{p.orgUnitName}</span>
                  </td>
                  <td className="px-4 py-2 tabular-nums">
                    {read} / {lessons.length}
                  </td>
                  <td className="px-4 py-2 tabular-nums">
                    {ex} / {lessons.length}
                  </td>
                  <td className="px-4 py-2 tabular-nums">{avg ?? "—"}</td>
                  <td className="px-4 py-2 text-slate-500">{last ? last.toISOString().slice(0, 10) : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
