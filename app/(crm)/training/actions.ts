"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { markExerciseDone, markLessonRead, recordQuizAttempt, refreshCheckedExercise } from "@/db/queries/training";
import { runAction, type ActionState } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { getLessonMeta } from "@/lib/training/lessons";
import { scoreQuiz, UnknownQuestionError } from "@/lib/training/quiz";

const answersSchema = z.record(z.string().max(10), z.number().int().min(0).max(10)).refine((a) => Object.keys(a).length <= 50);

async function lessonOr404(slug: unknown) {
  const meta = typeof slug === "string" ? await getLessonMeta(slug) : null;
  if (!meta) throw new AppError("NOT_FOUND", "课程不存在");
  return meta;
}

/** The score, and the texts that show it (translated here, so the quiz needs no i18n runtime). */
type QuizOutcome = {
  score: number;
  correct: number;
  total: number;
  perQuestion: { id: string; correct: boolean; answer: number; explanation: string }[];
  scoredText: string;
  resultText: string;
};

export async function submitQuizAction(slug: string, answers: unknown, userId?: string): Promise<ActionState<QuizOutcome>> {
  return runAction(async ({ db, viewer }) => {
    const meta = await lessonOr404(slug);
    const parsed = answersSchema.safeParse(answers);
    if (!parsed.success) throw new AppError("VALIDATION", "答案格式不正确");
    let result;
    try {
      result = scoreQuiz(meta.quiz, parsed.data);
    } catch (e) {
      if (e instanceof UnknownQuestionError) throw new AppError("VALIDATION", `题目 ${e.questionId} 不存在`);
      throw e;
    }
    await recordQuizAttempt(db, viewer, meta.slug, result.score, userId);
    revalidatePath("/training");
    const t = await getTranslations("training.quiz");
    return {
      ok: true,
      data: {
        ...result,
        perQuestion: result.perQuestion.map((p) => ({ ...p, explanation: meta.quiz.find((q) => q.id === p.id)!.explanation })),
        scoredText: t("scored", { score: result.score }),
        resultText: t("result", { correct: result.correct, total: result.total, score: result.score }),
      },
    };
  });
}

export async function markReadAction(slug: string, userId?: string): Promise<ActionState> {
  return runAction(async ({ db, viewer }) => {
    const meta = await lessonOr404(slug);
    await markLessonRead(db, viewer, meta.slug, userId);
    return { ok: true };
  });
}

/** Self-reported exercises are marked by the trainee; data-checked ones are re-checked instead. */
export async function markExerciseAction(slug: string, userId?: string): Promise<ActionState<{ done: number; target: number; progressText: string } | null>> {
  const r = await runAction(async ({ db, viewer }) => {
    const meta = await lessonOr404(slug);
    if (meta.exercise.kind === "checked") {
      if (userId && userId !== viewer.id) throw new AppError("FORBIDDEN", "只能记录自己的学习进度");
      const r = await refreshCheckedExercise(db, viewer, meta.slug, meta.exercise.key);
      const t = await getTranslations("training.exercise");
      return { ok: true, data: r && { ...r, progressText: t("progress", { done: r.done, target: r.target }) } };
    }
    await markExerciseDone(db, viewer, meta.slug, userId);
    return { ok: true, data: null };
  });
  revalidatePath(`/training/${slug}`);
  return r;
}
