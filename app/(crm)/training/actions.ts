"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/lib/action";
import { doExercise, readLesson, takeQuiz, type QuizTaken } from "@/lib/training/progress";

/** The score, and the texts that show it (translated here, so the quiz needs no i18n runtime). */
type QuizOutcome = QuizTaken & { scoredText: string; resultText: string };

export async function submitQuizAction(slug: string, answers: unknown, userId?: string): Promise<ActionState<QuizOutcome>> {
  return runAction(async ({ db, viewer }) => {
    const result = await takeQuiz(db, viewer, slug, answers, userId);
    revalidatePath("/training");
    const t = await getTranslations("training.quiz");
    return {
      ok: true,
      data: {
        ...result,
        scoredText: t("scored", { score: result.score }),
        resultText: t("result", { correct: result.correct, total: result.total, score: result.score }),
      },
    };
  });
}

export async function markReadAction(slug: string, userId?: string): Promise<ActionState> {
  return runAction(async ({ db, viewer }) => {
    await readLesson(db, viewer, slug, userId);
    return { ok: true };
  });
}

/** Self-reported exercises are marked by the trainee; data-checked ones are re-checked instead. */
export async function markExerciseAction(slug: string, userId?: string): Promise<ActionState<{ done: number; target: number; progressText: string } | null>> {
  const r = await runAction(async ({ db, viewer }) => {
    const checked = await doExercise(db, viewer, slug, userId);
    const t = await getTranslations("training.exercise");
    return { ok: true, data: checked && { ...checked, progressText: t("progress", { done: checked.done, target: checked.target }) } };
  });
  revalidatePath(`/training/${slug}`);
  return r;
}
