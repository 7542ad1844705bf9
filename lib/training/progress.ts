import { z } from "zod";
import type { Db } from "@/db/client";
import { activeUserIds } from "@/db/queries/users";
import { getProgress, markExerciseDone, markLessonRead, recordQuizAttempt, refreshCheckedExercise } from "@/db/queries/training";
import { DEFAULT_LOCALE, type Locale } from "@/i18n/config";
import { AppError } from "@/lib/errors";
import { ownWork, type Viewer } from "@/lib/viewer";
import { getLessonMeta, listLessons, type LessonMeta } from "./lessons";
import { PASS_SCORE, scoreQuiz, UnknownQuestionError, type QuizResult } from "./quiz";

/**
 * The trainee's side of a lesson: read, quiz, exercise. Each checks the lesson exists and the input before
 * anything is written, so a bad request records nothing. Progress is always the viewer's own: a `userId`
 * naming someone else is refused (the queries check it again).
 */

const answersSchema = z.record(z.string().max(10), z.number().int().min(0).max(10)).refine((a) => Object.keys(a).length <= 50);

export async function lessonOr404(slug: unknown): Promise<LessonMeta> {
  const meta = typeof slug === "string" ? await getLessonMeta(slug) : null;
  if (!meta) throw new AppError("NOT_FOUND", "课程不存在");
  return meta;
}

export type QuizTaken = Omit<QuizResult, "perQuestion"> & { perQuestion: (QuizResult["perQuestion"][number] & { explanation: string })[] };

/**
 * Scores the answers on the server from the lesson's own key (the Chinese original's: a translation has the
 * same questions, ids and answer indices, which tests/unit/lessons.test.ts holds) and records the attempt;
 * the explanations come back in the trainee's language.
 */
export async function takeQuiz(db: Db, viewer: Viewer, slug: unknown, answers: unknown, userId?: string | null, locale: Locale = DEFAULT_LOCALE): Promise<QuizTaken> {
  const meta = await lessonOr404(slug);
  const parsed = answersSchema.safeParse(answers);
  if (!parsed.success) throw new AppError("VALIDATION", "答案格式不正确");
  let result: QuizResult;
  try {
    result = scoreQuiz(meta.quiz, parsed.data);
  } catch (e) {
    if (e instanceof UnknownQuestionError) throw new AppError("VALIDATION", `题目 ${e.questionId} 不存在`);
    throw e;
  }
  await recordQuizAttempt(db, viewer, meta.slug, result.score, userId);
  const shown = locale === DEFAULT_LOCALE ? meta : ((await getLessonMeta(meta.slug, locale)) ?? meta);
  const explanation = (id: string) => (shown.quiz.find((q) => q.id === id) ?? meta.quiz.find((q) => q.id === id)!).explanation;
  return { ...result, perQuestion: result.perQuestion.map((p) => ({ ...p, explanation: explanation(p.id) })) };
}

export async function readLesson(db: Db, viewer: Viewer, slug: unknown, userId?: string | null) {
  const meta = await lessonOr404(slug);
  return markLessonRead(db, viewer, meta.slug, userId);
}

/**
 * A self-reported exercise is marked done by the trainee; a data-checked one is re-checked from their own
 * records instead (and returns how far they are).
 */
export async function doExercise(db: Db, viewer: Viewer, slug: unknown, userId?: string | null): Promise<{ done: number; target: number } | null> {
  const meta = await lessonOr404(slug);
  if (userId && userId !== viewer.id) throw new AppError("FORBIDDEN", "只能记录自己的学习进度");
  if (meta.exercise.kind === "checked") return refreshCheckedExercise(db, viewer, meta.slug, meta.exercise.key);
  await markExerciseDone(db, viewer, meta.slug, userId);
  return null;
}

/**
 * Records every data-checked exercise that the person's own records now satisfy and that is not recorded
 * yet, so that the lesson page ("按您的数据：已完成 5 / 5"), 我的进度 and the manager's view of the person
 * agree without anyone pressing 检查. Idempotent; one count per unrecorded checked exercise.
 */
export async function syncCheckedExercises(db: Db, userId: string) {
  const [lessons, rows] = await Promise.all([listLessons(), getProgress(db, userId)]);
  const recorded = new Set(rows.filter((r) => r.exerciseDoneAt).map((r) => r.slug));
  const person = ownWork(userId);
  await Promise.all(
    lessons.flatMap((l) => (l.exercise.kind === "checked" && !recorded.has(l.slug) ? [refreshCheckedExercise(db, person, l.slug, l.exercise.key)] : [])),
  );
}

/** The daily job's part: everybody's data-checked exercises, so the manager's team list is at most a day behind. */
export async function syncEveryonesCheckedExercises(db: Db) {
  let n = 0;
  for (const id of await activeUserIds(db)) {
    await syncCheckedExercises(db, id);
    n++;
  }
  return n;
}

/** What a progress row records (the lesson_progress columns these rules read). */
type Row = { slug: string; readAt: Date | null; exerciseDoneAt: Date | null; quizBestScore: number | null; quizAttempts: number; updatedAt: Date };

/** A lesson is complete when it was read, its exercise done and its quiz passed (80 or more). */
export const isComplete = (r: Pick<Row, "readAt" | "exerciseDoneAt" | "quizBestScore"> | undefined) => !!r?.readAt && !!r.exerciseDoneAt && (r.quizBestScore ?? 0) >= PASS_SCORE;

/**
 * One trainee's progress over the current lessons (rows of lessons that no longer exist are left out):
 * read, exercises done, lessons complete, the average of their best quiz scores and the last activity.
 */
export function summarize(rows: Row[], slugs: string[]) {
  const known = new Set(slugs);
  const mine = rows.filter((r) => known.has(r.slug));
  const scores = mine.map((r) => r.quizBestScore).filter((s): s is number => s != null);
  return {
    total: slugs.length,
    read: mine.filter((r) => r.readAt).length,
    exercises: mine.filter((r) => r.exerciseDoneAt).length,
    completed: mine.filter(isComplete).length,
    quizzes: scores.length,
    quizAverage: scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
    lastActivity: mine.reduce<Date | null>((last, r) => (!last || r.updatedAt > last ? r.updatedAt : last), null),
  };
}

/** Per lesson, how many of the team have read it, done its exercise and passed its quiz. */
export function lessonTotals(team: { progress: Row[] }[], slugs: string[]) {
  const totals = new Map(slugs.map((s) => [s, { read: 0, exercises: 0, passed: 0 }]));
  for (const p of team)
    for (const r of p.progress) {
      const t = totals.get(r.slug);
      if (!t) continue;
      if (r.readAt) t.read++;
      if (r.exerciseDoneAt) t.exercises++;
      if ((r.quizBestScore ?? 0) >= PASS_SCORE) t.passed++;
    }
  return totals;
}
