"use server";

import { revalidatePath } from "next/cache";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/i18n/config";
import { z } from "zod";
import { action } from "@/lib/action";
import { doExercise, readLesson, takeQuiz, type QuizTaken } from "@/lib/training/progress";

/** The score, and the texts that show it (translated here, so the quiz needs no i18n runtime). */
type QuizOutcome = QuizTaken & { scoredText: string; resultText: string };

// the lesson and the answers are checked against the lesson itself in lib/training/progress (an unknown
// lesson is not found, a foreign question a field error); here only their kind
const slug = z.string({ error: "课程不存在" }).max(200, { error: "课程不存在" });
const trainee = z.string().max(100).optional();

export const submitQuizAction = action(z.tuple([slug, z.unknown(), trainee]), async ([lesson, answers, userId], { db, viewer }) => {
  const result = await takeQuiz(db, viewer, lesson, answers, userId, (await getLocale()) as Locale);
  revalidatePath("/training");
  const t = await getTranslations("training.quiz");
  const data: QuizOutcome = {
    ...result,
    scoredText: t("scored", { score: result.score }),
    resultText: t("result", { correct: result.correct, total: result.total, score: result.score }),
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
