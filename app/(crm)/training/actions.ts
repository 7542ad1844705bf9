"use server";

import { revalidatePath } from "next/cache";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/config";
import { z } from "zod";
import { action } from "@/lib/action";
import { doExercise, readLesson, takeQuiz, type QuizTaken } from "@/lib/training/progress";
import { punct } from "@/lib/punct";
import { PASS_SCORE } from "@/lib/training/quiz";

/** The score, and the texts that show it (translated here, so the quiz needs no i18n runtime). */
type QuizOutcome = QuizTaken & { passed: boolean; scoredText: string; resultText: string; reviewText: string | null };

// the lesson and the answers are checked against the lesson itself in lib/training/progress (an unknown
// lesson is not found, a foreign question a field error); here only their kind
const slug = z.string({ error: "课程不存在" }).max(200, { error: "课程不存在" });
const trainee = z.string().max(100).optional();

export const submitQuizAction = action(z.tuple([slug, z.unknown(), trainee]), async ([lesson, answers, userId], { db, viewer }) => {
  const locale = (await getLocale()) as Locale;
  const result = await takeQuiz(db, viewer, lesson, answers, userId, locale);
  revalidatePath("/training");
  const t = await getTranslations("training.quiz");
  const passed = result.score >= PASS_SCORE;
  const wrong = result.perQuestion.flatMap((p, i) => (p.correct ? [] : [i + 1]));
  const figures = { correct: result.correct, total: result.total, score: result.score, pass: PASS_SCORE };
  const data: QuizOutcome = {
    ...result,
    passed,
    scoredText: passed ? t("scoredPassed", figures) : t("scoredFailed", figures),
    resultText: passed ? t("passedResult", figures) : t("failedResult", figures),
    reviewText: wrong.length ? t("review", { numbers: punct(locale).list(wrong.map(String)) }) : null,
  };
  return { ok: true, data };
});

export const markReadAction = action(z.tuple([slug, trainee]), async ([lesson, userId], { db, viewer }) => {
  await readLesson(db, viewer, lesson, userId);
  return { ok: true };
});

/** Self-reported exercises are marked by the trainee; data-checked ones are re-checked instead. */
export const markExerciseAction = action(z.tuple([slug, trainee]), async ([lesson, userId], { db, viewer }) => {
  const checked = await doExercise(db, viewer, lesson, userId);
  revalidatePath(`/training/${lesson}`);
  const t = await getTranslations("training.exercise");
  const data: { done: number; target: number; progressText: string } | null = checked && { ...checked, progressText: t("progress", { done: checked.done, target: checked.target }) };
  return { ok: true, data };
});
