import { BookOpen, CircleCheck, Users } from "lucide-react";
import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/config";
import { IntentLink } from "@/components/ui/intent-link";
import { getDb } from "@/db/client";
import { getProgress } from "@/db/queries/training";
import { syncCheckedExercises } from "@/lib/training/progress";
import { requireViewer } from "@/lib/session";
import { LESSON_GROUPS, listLessons } from "@/lib/training/lessons";
import { isComplete } from "@/lib/training/progress";
import { can } from "@/lib/viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("training") };
}

export default async function TrainingPage() {
  const viewer = await requireViewer();
  const db = await getDb();
  await syncCheckedExercises(db, viewer.id);
  const [t, lessons, progress] = await Promise.all([getTranslations("training"), getLocale().then((l) => listLessons(l as Locale)), getProgress(db, viewer.id)]);
  const by = new Map(progress.map((p) => [p.slug, p]));
  const completed = lessons.filter((l) => isComplete(by.get(l.slug))).length;
  const pct = lessons.length ? Math.round((completed / lessons.length) * 100) : 0;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-slate-600">{t("intro")}</p>
        </div>
        {can(viewer, "training:team") && (
          <IntentLink href="/training/team" className="btn-secondary">
            <Users aria-hidden className="size-4" />
            {t("teamLink")}
          </IntentLink>
        )}
      </div>
      <section className="card p-4" aria-labelledby="my-progress">
        <h2 id="my-progress" className="text-sm font-medium text-slate-600">
          {t("myProgress", { done: completed, total: lessons.length })}
        </h2>
        <div className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-labelledby="my-progress">
          <div className="h-full rounded-full bg-brand-600" style={{ width: `${pct}%` }} />
        </div>
      </section>
      {LESSON_GROUPS.map((g) => (
        <section key={g} aria-labelledby={`group-${g}`}>
          <h2 id={`group-${g}`} className="mb-2 text-lg font-semibold">
            {t(`groups.${g}`)}
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {lessons
              .filter((l) => l.group === g)
              .map((l) => {
                const p = by.get(l.slug);
                return (
                  <li key={l.slug}>
                    <IntentLink href={`/training/${l.slug}`} className="card flex h-full flex-col p-4 hover:border-brand-200">
                      <span className="flex items-start justify-between gap-2">
                        <span className="font-medium">{l.title}</span>
                        <BookOpen aria-hidden className="size-4 shrink-0 text-brand-600" />
                      </span>
                      <span className="mt-1 line-clamp-2 text-sm text-slate-600">{l.summary}</span>
                      <span className="mt-auto flex flex-wrap gap-2 pt-3 text-xs">
                        <span className="chip bg-slate-100 text-slate-600">{t("minutes", { n: l.minutes })}</span>
                        <span className="chip bg-slate-100 text-slate-600">{l.moduleLabel}</span>
                        {p?.readAt && (
                          <span className="chip bg-emerald-50 text-emerald-700">
                            <CircleCheck aria-hidden className="mr-0.5 size-3" />
                            {t("read")}
                          </span>
                        )}
                        {p?.exerciseDoneAt && <span className="chip bg-emerald-50 text-emerald-700">{t("exerciseDone")}</span>}
                        {p?.quizBestScore != null && <span className="chip bg-brand-50 text-brand-700">{t("quizScore", { score: p.quizBestScore })}</span>}
                      </span>
                    </IntentLink>
                  </li>
                );
              })}
          </ul>
        </section>
      ))}
    </div>
  );
}
