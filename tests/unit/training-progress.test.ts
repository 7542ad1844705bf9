import { describe, expect, test } from "vitest";
import { isComplete, lessonTotals, summarize } from "@/lib/training/progress";

const day = (d: string) => new Date(`${d}T08:00:00+08:00`);
const row = (slug: string, o: Partial<{ readAt: Date | null; exerciseDoneAt: Date | null; quizBestScore: number | null; quizAttempts: number; updatedAt: Date }> = {}) => ({
  slug,
  readAt: null,
  exerciseDoneAt: null,
  quizBestScore: null,
  quizAttempts: 0,
  updatedAt: day("2026-11-01"),
  ...o,
});

describe("a lesson is complete when read, its exercise done and its quiz passed with 80 or more", () => {
  test.each([
    [{ readAt: day("2026-11-01"), exerciseDoneAt: day("2026-11-02"), quizBestScore: 80 }, true],
    [{ readAt: day("2026-11-01"), exerciseDoneAt: day("2026-11-02"), quizBestScore: 79 }, false],
    [{ readAt: day("2026-11-01"), exerciseDoneAt: null, quizBestScore: 100 }, false],
    [{ readAt: null, exerciseDoneAt: day("2026-11-02"), quizBestScore: 100 }, false],
  ])("%o → %s", (r, done) => expect(isComplete(row("a", r))).toBe(done));
  test("no row at all is not complete", () => expect(isComplete(undefined)).toBe(false));
});

test("summary over the current lessons: counts, average of best scores, last activity; rows of removed lessons left out", () => {
  const rows = [
    row("a", { readAt: day("2026-11-01"), exerciseDoneAt: day("2026-11-02"), quizBestScore: 100, quizAttempts: 2, updatedAt: day("2026-11-02") }),
    row("b", { readAt: day("2026-11-03"), quizBestScore: 55, quizAttempts: 1, updatedAt: day("2026-11-05") }),
    row("c", { exerciseDoneAt: day("2026-11-04"), updatedAt: day("2026-11-04") }),
    row("gone", { readAt: day("2026-12-01"), quizBestScore: 0, updatedAt: day("2026-12-01") }),
  ];
  expect(summarize(rows, ["a", "b", "c", "d"])).toEqual({ total: 4, read: 2, exercises: 2, completed: 1, quizzes: 2, quizAverage: 78, lastActivity: day("2026-11-05") });
  expect(summarize([], ["a", "b"])).toEqual({ total: 2, read: 0, exercises: 0, completed: 0, quizzes: 0, quizAverage: null, lastActivity: null });
});

test("per lesson across the team: read, exercise done and passed, each person once per lesson", () => {
  const team = [
    { progress: [row("a", { readAt: day("2026-11-01"), quizBestScore: 80 }), row("b", { exerciseDoneAt: day("2026-11-01") })] },
    { progress: [row("a", { readAt: day("2026-11-02"), exerciseDoneAt: day("2026-11-02"), quizBestScore: 60 }), row("gone", { readAt: day("2026-11-02") })] },
    { progress: [] },
  ];
  const totals = lessonTotals(team, ["a", "b", "c"]);
  expect(Object.fromEntries(totals)).toEqual({
    a: { read: 2, exercises: 1, passed: 1 },
    b: { read: 0, exercises: 1, passed: 0 },
    c: { read: 0, exercises: 0, passed: 0 },
  });
});
