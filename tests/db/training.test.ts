import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { createCampaign, saveTemplate } from "@/db/queries/marketing";
import { CHECKED_EXERCISES, checkExercise, getProgress, getTeamProgress, getTraineeProgress } from "@/db/queries/training";
import { lessonProgress, users } from "@/db/schema";
import { listLessons, getLessonMeta } from "@/lib/training/lessons";
import { doExercise, readLesson, syncCheckedExercises, syncEveryonesCheckedExercises, takeQuiz } from "@/lib/training/progress";
import type { Viewer } from "@/lib/viewer";
import { demoViewers, freshDb, viewerFor } from "./helpers";

/** Issue #5: quiz, read and exercise progress on a real database; bad input records nothing; team progress is scoped. */

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, sz1Manager: Viewer, sz2Manager: Viewer, gm: Viewer, shRep: Viewer;
beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, sz1Manager, sz2Manager, gm] = await demoViewers(o.db);
  shRep = await viewerFor(o.db, "sh.rep1@demo.cn");
});
afterAll(async () => o?.close());

const progressOf = async (userId: string, slug: string) =>
  (await o.db.select().from(lessonProgress).where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.slug, slug))))[0];
const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message }));

test("a quiz is scored on the server from the lesson's key and kept as the trainee's attempts and best score", async () => {
  const meta = (await getLessonMeta("first-impression"))!;
  const right = Object.fromEntries(meta.quiz.map((q) => [q.id, q.answer]));
  const wrong = Object.fromEntries(meta.quiz.map((q) => [q.id, (q.answer + 1) % q.options.length]));

  const first = await takeQuiz(o.db, rep1, "first-impression", right);
  expect(first).toMatchObject({ score: 100, correct: meta.quiz.length, total: meta.quiz.length });
  expect(first.perQuestion.every((p) => p.correct && p.explanation.length > 0)).toBe(true);
  const second = await takeQuiz(o.db, rep1, "first-impression", wrong);
  expect(second.score).toBe(0);
  // an unanswered question counts as wrong
  const partial = await takeQuiz(o.db, rep1, "first-impression", { [meta.quiz[0].id]: meta.quiz[0].answer });
  expect(partial.score).toBe(Math.round(100 / meta.quiz.length));

  const row = await progressOf(rep1.id, "first-impression");
  expect(row).toMatchObject({ quizAttempts: 3, quizBestScore: 100, quizScore: partial.score });
  expect(row.readAt).not.toBeNull();
  // nobody else's progress moved
  expect(await progressOf(rep2.id, "first-impression")).toBeUndefined();
});

test("an English trainee's quiz is scored from the same key, with the explanations in English", async () => {
  const [zh, en] = await Promise.all([getLessonMeta("build-relationships"), getLessonMeta("build-relationships", "en")]);
  expect(en!.title).not.toBe(zh!.title);
  const right = Object.fromEntries(en!.quiz.map((q) => [q.id, q.answer]));
  const oneWrong = { ...right, [en!.quiz[0].id]: (en!.quiz[0].answer + 1) % en!.quiz[0].options.length };

  const full = await takeQuiz(o.db, rep2, "build-relationships", right, null, "en");
  expect(full).toMatchObject({ score: 100, correct: zh!.quiz.length, total: zh!.quiz.length });
  expect(full.perQuestion.map((p) => p.explanation)).toEqual(en!.quiz.map((q) => q.explanation));
  const less = await takeQuiz(o.db, rep2, "build-relationships", oneWrong, null, "en");
  expect(less.score).toBe(Math.round(((zh!.quiz.length - 1) / zh!.quiz.length) * 100));
  // the same answers in Chinese score the same, explained in Chinese
  const inZh = await takeQuiz(o.db, rep2, "build-relationships", oneWrong);
  expect(inZh.score).toBe(less.score);
  expect(inZh.perQuestion.map((p) => p.explanation)).toEqual(zh!.quiz.map((q) => q.explanation));
  expect(await progressOf(rep2.id, "build-relationships")).toMatchObject({ quizAttempts: 3, quizBestScore: 100 });
});

describe("bad input: a clear error and nothing recorded", () => {
  const involved = () => [rep1.id, rep2.id, sz1Manager.id, gm.id];
  const snapshot = () => o.db.select().from(lessonProgress).where(inArray(lessonProgress.userId, involved())).orderBy(lessonProgress.userId, lessonProgress.slug);
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    before = await snapshot();
  });

  test("an answer to a question the lesson does not have", async () => {
    expect(await errorOf(takeQuiz(o.db, rep2, "be-remembered", { q1: 0, zz: 1 }))).toEqual({ code: "VALIDATION", message: "题目 zz 不存在" });
  });

  test.each([
    ["not an object", "q1=0"],
    ["a negative option", { q1: -1 }],
    ["an option that is not a number", { q1: "a" }],
    ["a fractional option", { q1: 0.5 }],
    ["too many answers", Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`q${i}`, 0]))],
  ])("malformed answers: %s", async (_what, answers) => {
    expect(await errorOf(takeQuiz(o.db, rep2, "be-remembered", answers))).toEqual({ code: "VALIDATION", message: "答案格式不正确" });
  });

  test.each(["no-such-lesson", "../../etc/passwd", "", 42, null])("an unknown lesson (%s) is not found", async (slug) => {
    for (const p of [takeQuiz(o.db, rep2, slug, { q1: 0 }), readLesson(o.db, rep2, slug), doExercise(o.db, rep2, slug)])
      expect(await errorOf(p)).toEqual({ code: "NOT_FOUND", message: "课程不存在" });
  });

  test("progress for someone else, even by their manager", async () => {
    const meta = (await getLessonMeta("be-remembered"))!;
    const right = Object.fromEntries(meta.quiz.map((q) => [q.id, q.answer]));
    for (const [viewer, other] of [
      [rep2, rep1],
      [sz1Manager, rep2],
      [gm, rep2],
    ] as const) {
      const refused = { code: "FORBIDDEN", message: "只能记录自己的学习进度" };
      expect(await errorOf(takeQuiz(o.db, viewer, "be-remembered", right, other.id))).toEqual(refused);
      expect(await errorOf(readLesson(o.db, viewer, "be-remembered", other.id))).toEqual(refused);
      expect(await errorOf(doExercise(o.db, viewer, "be-remembered", other.id))).toEqual(refused); // a checked exercise
      expect(await errorOf(doExercise(o.db, viewer, "sms-effectiveness", other.id))).toEqual(refused); // a self-reported one
    }
  });

  test("after all of it, the progress of everyone involved is as it was", async () => {
    expect(await snapshot()).toEqual(before);
  });
});

test("reading is recorded once, at the first time", async () => {
  const a = await readLesson(o.db, shRep, "build-relationships");
  const b = await readLesson(o.db, shRep, "build-relationships");
  expect(a.readAt).not.toBeNull();
  expect(b.readAt!.getTime()).toBe(a.readAt!.getTime());
});

// every lesson's exercise is data-checked now (the last self-reported ones, SMS and e-mail effectiveness,
// are checked from the trainee's templates and campaigns since 服务营销 was built)
test("the SMS lesson's exercise completes from the trainee's own template and personalised campaign", async () => {
  expect(await doExercise(o.db, shRep, "sms-effectiveness")).toEqual({ done: 0, target: 1 });
  const t = await saveTemplate(o.db, shRep, null, { channel: "sms", name: "回访", subject: null, body: "{称呼|您好}，我是{业务员}" });
  const c = await createCampaign(o.db, shRep, { channel: "sms", templateId: t.id, name: "回访", subject: null, body: t.body, audience: { kind: "filter", filters: { sort: "updated", dir: "desc" } } }, "file");
  expect(await doExercise(o.db, shRep, "sms-effectiveness")).toEqual({ done: 0, target: 1 });
  // five of them sent (the rest still queued): done; someone else's campaign would not count
  await o.db.execute(sql`update message_sends set status = 'sent' where id in (select id from message_sends where campaign_id = ${c.id} order by id limit 5)`);
  expect(await checkExercise(o.db, rep1, "sms-personalized-campaign")).toEqual({ done: 0, target: 1 });
  expect(await doExercise(o.db, shRep, "sms-effectiveness")).toEqual({ done: 1, target: 1 });
  expect((await progressOf(shRep.id, "sms-effectiveness")).exerciseDoneAt).not.toBeNull();
});

test("a checked exercise completes from the trainee's own customers only", async () => {
  const firstImpressions = (v: Viewer) => checkExercise(o.db, v, "first-impression-5");
  const rep1Before = (await firstImpressions(rep1))!;
  await o.db.execute(sql`update customers set first_impression = null where owner_id = ${rep2.id}`);
  expect(await firstImpressions(rep2)).toEqual({ done: 0, target: 5 });
  // not yet: nothing recorded
  expect(await doExercise(o.db, rep2, "first-impression")).toEqual({ done: 0, target: 5 });
  expect((await progressOf(rep2.id, "first-impression"))?.exerciseDoneAt ?? null).toBeNull();

  // four of rep2's customers get a first impression, and five of rep1's (which must not count for rep2)
  const write = (owner: string, n: number) =>
    o.db.execute(sql`update customers set first_impression = '见面守时，穿着得体，话题围绕孩子上学' where id in (select id from customers where owner_id = ${owner} and deleted_at is null order by id limit ${n})`);
  await write(rep2.id, 4);
  await write(rep1.id, 5);
  expect(await doExercise(o.db, rep2, "first-impression")).toEqual({ done: 4, target: 5 });
  expect((await progressOf(rep2.id, "first-impression"))?.exerciseDoneAt ?? null).toBeNull();

  await write(rep2.id, 5);
  expect(await doExercise(o.db, rep2, "first-impression")).toEqual({ done: 5, target: 5 });
  expect((await progressOf(rep2.id, "first-impression")).exerciseDoneAt).not.toBeNull();
  expect((await firstImpressions(rep1))!.done).toBeGreaterThanOrEqual(rep1Before.done);
  // a manager's check counts the customers they own, not their team's
  const [own] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int n from customers where owner_id = ${sz1Manager.id} and deleted_at is null and coalesce(first_impression, '') <> ''`);
  expect((await firstImpressions(sz1Manager))!.done).toBe(Math.min(Number(own.n), 5));
});

test("a checked exercise the records satisfy is recorded without pressing 检查, for that person only (issue #18 §4)", async () => {
  // sh.rep1's first impressions: none, then five; nobody presses 检查
  await o.db.execute(sql`update customers set first_impression = null where owner_id = ${shRep.id}`);
  await syncCheckedExercises(o.db, shRep.id);
  expect((await progressOf(shRep.id, "first-impression"))?.exerciseDoneAt ?? null).toBeNull();
  await o.db.execute(
    sql`update customers set first_impression = '握手有力，记得我们上次聊的球赛' where id in (select id from customers where owner_id = ${shRep.id} and deleted_at is null order by id limit 5)`,
  );
  const othersBefore = await o.db.select().from(lessonProgress).where(sql`${lessonProgress.userId} <> ${shRep.id}`);
  await syncCheckedExercises(o.db, shRep.id);
  const done = (await progressOf(shRep.id, "first-impression")).exerciseDoneAt;
  expect(done).not.toBeNull();
  // the manager's view reads the same row; nobody else's progress changed; a second sync changes nothing
  const team = await getTraineeProgress(o.db, gm, shRep.id);
  expect(team!.progress.find((r) => r.slug === "first-impression")?.exerciseDoneAt).toEqual(done);
  expect(await o.db.select().from(lessonProgress).where(sql`${lessonProgress.userId} <> ${shRep.id}`)).toEqual(othersBefore);
  await syncCheckedExercises(o.db, shRep.id);
  expect((await progressOf(shRep.id, "first-impression")).exerciseDoneAt).toEqual(done);
});

test("the daily job records everybody's satisfied checked exercises; the manager's team list shows them", async () => {
  await o.db.execute(
    sql`update customers set first_impression = '说话温和，先问孩子近况' where id in (select id from customers where owner_id = ${sz1Manager.id} and deleted_at is null order by id limit 5)`,
  );
  await o.db.delete(lessonProgress).where(and(eq(lessonProgress.userId, sz1Manager.id), eq(lessonProgress.slug, "first-impression")));
  const before = (await getTeamProgress(o.db, gm)).find((p) => p.id === sz1Manager.id)!;
  expect(before.progress.find((r) => r.slug === "first-impression")?.exerciseDoneAt ?? null).toBeNull();
  const [active] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int n from users where active and deleted_at is null`);
  expect(await syncEveryonesCheckedExercises(o.db)).toBe(Number(active.n));
  const after = (await getTeamProgress(o.db, gm)).find((p) => p.id === sz1Manager.id)!;
  expect(after.progress.find((r) => r.slug === "first-impression")?.exerciseDoneAt).toBeInstanceOf(Date);
});

test("every data-checked lesson names a check the data layer has", async () => {
  const checked = (await listLessons()).filter((l) => l.exercise.kind === "checked");
  expect(checked.length).toBeGreaterThan(0);
  for (const l of checked) expect(CHECKED_EXERCISES, l.slug).toContain(l.exercise.key);
});

describe("team progress is scoped: the rep sees themself, a manager their units, the GM everyone", () => {
  const activeIn = async (unitIds: string[] | "all") =>
    (
      await o.db
        .select({ id: users.id })
        .from(users)
        .where(and(unitIds === "all" ? undefined : inArray(users.orgUnitId, unitIds), eq(users.active, true), isNull(users.deletedAt)))
    )
      .map((u) => u.id)
      .sort();

  test.each([
    ["sz1 rep", () => rep1, async () => [rep1.id]],
    ["sz1 manager", () => sz1Manager, () => activeIn(sz1Manager.unitIds)],
    ["sz2 manager", () => sz2Manager, () => activeIn(sz2Manager.unitIds)],
    ["GM", () => gm, () => activeIn("all")],
  ] as const)("%s", async (_who, viewer, expected) => {
    const team = await getTeamProgress(o.db, viewer());
    const ids = team.map((p) => p.id).sort();
    expect(ids).toEqual(await expected());
    // each person carries their own rows, and only theirs
    for (const p of team) {
      expect(p.progress.every((r) => r.userId === p.id)).toBe(true);
      expect(p.progress.length).toBe((await getProgress(o.db, p.id)).length);
    }
  });

  test("managers of sibling units do not see each other's people", async () => {
    const sz1 = new Set((await getTeamProgress(o.db, sz1Manager)).map((p) => p.id));
    const sz2 = (await getTeamProgress(o.db, sz2Manager)).map((p) => p.id);
    expect(sz1.has(rep1.id) && sz1.has(rep2.id)).toBe(true);
    expect(sz2.some((id) => sz1.has(id))).toBe(false);
    expect(sz1.has(shRep.id) || sz2.includes(shRep.id)).toBe(false);
    // rep1's quiz attempts above show on the manager's team page
    const mine = (await getTeamProgress(o.db, sz1Manager)).find((p) => p.id === rep1.id)!;
    expect(mine.progress.find((r) => r.slug === "first-impression")?.quizBestScore).toBe(100);
  });
});

test("one trainee's progress: in scope it is theirs, out of scope it is not found", async () => {
  const other = await viewerFor(o.db, "sz2.rep1@demo.cn");
  const cases: [string, Viewer, Viewer, boolean][] = [
    ["a rep, themself", rep1, rep1, true],
    ["a rep, a colleague", rep1, rep2, false],
    ["their manager", sz1Manager, rep1, true],
    ["the manager of another unit", sz2Manager, rep1, false],
    ["the other unit's manager, their own rep", sz2Manager, other, true],
    ["the GM", gm, other, true],
  ];
  for (const [what, viewer, trainee, visible] of cases) {
    const p = await getTraineeProgress(o.db, viewer, trainee.id);
    expect(p !== null, what).toBe(visible);
    if (p) {
      expect(p.id).toBe(trainee.id);
      expect(p.progress).toEqual(await getProgress(o.db, trainee.id));
    }
  }
  expect(await getTraineeProgress(o.db, gm, "01924df5-0000-7000-8000-000000000000")).toBeNull();
});
