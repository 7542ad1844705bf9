import { describe, expect, test } from "vitest";
import { lessonFrontmatterSchema } from "@/lib/training/lessons";
import { scoreQuiz, UnknownQuestionError } from "@/lib/training/quiz";

const quiz = [
  { id: "q1", question: "问题一？", options: ["甲", "乙", "丙"], answer: 0, explanation: "因为甲。" },
  { id: "q2", question: "问题二？", options: ["甲", "乙", "丙"], answer: 1, explanation: "因为乙。" },
  { id: "q3", question: "问题三？", options: ["甲", "乙", "丙"], answer: 2, explanation: "因为丙。" },
];

describe("quiz scoring", () => {
  test.each([
    [{ q1: 0, q2: 1, q3: 2 }, 100, 3],
    [{ q1: 0, q2: 1, q3: 0 }, 67, 2],
    [{ q1: 1 }, 0, 0],
    [{}, 0, 0],
  ])("%o → %i", (answers, score, correct) => {
    const r = scoreQuiz(quiz, answers);
    expect(r.score).toBe(score);
    expect(r.correct).toBe(correct);
    expect(r.total).toBe(3);
  });

  test("an answer to a question that does not exist is an error", () => {
    expect(() => scoreQuiz(quiz, { q1: 0, q9: 1 })).toThrow(UnknownQuestionError);
  });

  test("frontmatter rejects an answer index outside the options", () => {
    const r = lessonFrontmatterSchema.safeParse({
      title: "测试课",
      group: "core-skills",
      order: 1,
      module: "/customers",
      moduleLabel: "客户档案",
      minutes: 10,
      summary: "一句话说明本课内容。",
      exercise: { kind: "self", key: "x", text: "做一个练习吧。" },
      quiz: [...quiz, { ...quiz[0], id: "q4" }, { ...quiz[0], id: "q5", answer: 7 }],
    });
    expect(r.success).toBe(false);
  });
});
