import { getMDXComponent } from "mdx-bundler/client";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { ForgettingCurveChart } from "@/components/charts/forgetting-curve-chart";
import { NetworkDemo } from "@/components/charts/network-demo";
import { FabExample } from "@/components/training/fab-example";
import { ExerciseButton, ReadMarker, type ExerciseLabels } from "@/components/training/lesson-widgets";
import { Quiz, type QuizLabels } from "@/components/training/quiz";
import { TryIt } from "@/components/training/try-it";
import { IntentLink } from "@/components/ui/intent-link";
import type { Locale } from "@/i18n/config";
import { getDb } from "@/db/client";
import { getProgress, refreshCheckedExercise } from "@/db/queries/training";
import { requireViewer } from "@/lib/session";
import { compileLesson } from "@/lib/training/compile";
import { getLessonMeta } from "@/lib/training/lessons";
import { PASS_SCORE } from "@/lib/training/quiz";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const meta = await getLessonMeta((await params).slug, (await getLocale()) as Locale);
  return { title: meta?.title };
}

export default async function LessonPage({ params }: Props) {
  const viewer = await requireViewer();
  const { slug } = await params;
  const compiled = await compileLesson(slug, (await getLocale()) as Locale);
  if (!compiled) notFound();
  const { code, meta } = compiled;
  const db = await getDb();
  // a data-checked exercise the trainee's records now satisfy is recorded before the progress is read, so
  // "按您的数据：已完成 5 / 5" and 我的进度 agree without pressing 检查
  const check = meta.exercise.kind === "checked" ? await refreshCheckedExercise(db, viewer, meta.slug, meta.exercise.key) : null;
  const [t, progress] = await Promise.all([getTranslations("training"), getProgress(db, viewer.id).then((rows) => rows.find((r) => r.slug === slug))]);
  const Content = getMDXComponent(code);
  const questions = meta.quiz.map(({ id, question, options }) => ({ id, question, options }));
  // the islands' words come translated from here, so a lesson ships no i18n runtime
  const best = progress?.quizBestScore;
  const quizLabels: QuizLabels = {
    title: t("quiz.title"),
    best: best != null ? t("quiz.best", { score: best }) : null,
    passMark: t("quiz.passMark", { pass: PASS_SCORE }),
    submit: t("quiz.submit"),
    retry: t("quiz.retry"),
    submitting: t("quiz.submitting"),
    answerAll: t("quiz.answerAll"),
    right: t("quiz.right"),
    wrong: t("quiz.wrong"),
    failed: t("quiz.failed"),
  };
  const exerciseLabels: ExerciseLabels = {
    done: t("exercise.done"),
    markDone: t("exercise.markDone"),
    check: t("exercise.check"),
    recorded: t("exercise.recorded"),
    failed: t("exercise.failed"),
  };
  const components = {
    TryIt: ({ href }: { href?: string }) => <TryIt href={href ?? meta.module} label={meta.moduleLabel} />,
    FabExample,
    ForgettingCurveChart,
    NetworkDemo,
    Quiz: () => <Quiz slug={slug} questions={questions} labels={quizLabels} />,
  };
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_16rem]">
      <article className="min-w-0">
        <p className="text-sm text-slate-500">
          <IntentLink href="/training" className="hover:underline">
            {t("title")}
          </IntentLink>{" "}
          / {t(`groups.${meta.group}`)}
        </p>
        <h1 className="mt-1 text-2xl font-semibold">{meta.title}</h1>
        <p className="mt-1 text-slate-600">{meta.summary}</p>
        <div className="lesson mt-6">
          <Content components={components as never} />
        </div>
        <ReadMarker slug={slug} alreadyRead={!!progress?.readAt} />
      </article>
      <aside className="space-y-4 lg:sticky lg:top-20 lg:self-start">
        <section className="card p-4" aria-labelledby="exercise-title">
          <h2 id="exercise-title" className="font-semibold">
            {t("exercise.title")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{meta.exercise.text}</p>
          {check && (
            <p className="mt-2 text-sm">
              {t("exercise.progress", { done: check.done, target: check.target })}
            </p>
          )}
          <p className="mt-1 text-xs text-slate-500">{meta.exercise.kind === "checked" ? t("exercise.checked") : t("exercise.self")}</p>
          <div className="mt-3 flex flex-col gap-2">
            <ExerciseButton slug={slug} kind={meta.exercise.kind} done={!!progress?.exerciseDoneAt} labels={exerciseLabels} />
            <IntentLink href={meta.module} className="btn-primary">
              {t("openModule", { module: meta.moduleLabel })}
            </IntentLink>
          </div>
        </section>
        <section className="card p-4 text-sm">
          <h2 className="font-semibold">{t("yourProgress")}</h2>
          <ul className="mt-2 space-y-1 text-slate-600">
            <li>{progress?.readAt ? t("read") : t("notRead")}</li>
            <li>{progress?.exerciseDoneAt ? t("exerciseDone") : t("exerciseNotDone")}</li>
            <li>
              {progress?.quizBestScore != null ? t("quizScore", { score: progress.quizBestScore }) : t("quizNotTaken")}
              {progress?.quizAttempts ? ` · ${t("attempts", { n: progress.quizAttempts })}` : ""}
            </li>
          </ul>
        </section>
      </aside>
    </div>
  );
}
