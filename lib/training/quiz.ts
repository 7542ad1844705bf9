import type { LessonFrontmatter } from "./lessons";

export type QuizAnswers = Record<string, number>;
export type QuizResult = { score: number; correct: number; total: number; perQuestion: { id: string; correct: boolean; answer: number }[] };

export class UnknownQuestionError extends Error {
  constructor(readonly questionId: string) {
    super(`unknown question ${questionId}`);
  }
}

/**
 * Scores a quiz on the server from the lesson's own frontmatter: percent correct, rounded.
 * An answer to a question the lesson does not have is an error (nothing is recorded);
 * an unanswered question counts as wrong.
 */
export function scoreQuiz(quiz: LessonFrontmatter["quiz"], answers: QuizAnswers): QuizResult {
  for (const id of Object.keys(answers)) if (!quiz.some((q) => q.id === id)) throw new UnknownQuestionError(id);
  const perQuestion = quiz.map((q) => ({ id: q.id, correct: answers[q.id] === q.answer, answer: q.answer }));
  const correct = perQuestion.filter((p) => p.correct).length;
  return { score: Math.round((correct / quiz.length) * 100), correct, total: quiz.length, perQuestion };
}

export const PASS_SCORE = 80;
