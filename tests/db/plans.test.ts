import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OpenedDb } from "@/db/client";
import { createPlan, createSummary, getPlanById, getReviewQueue, getReviews, latestReviews, reviewItem, submitForReview, updatePlan } from "@/db/queries/plans";
import { plans, reviews } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { planInputSchema, reviewInputSchema, summaryInputSchema } from "@/lib/validation/plans";
import type { Viewer } from "@/lib/viewer";
import { demoViewers, freshDb } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, sz1m: Viewer, sz2m: Viewer, gm: Viewer;
const plan = (v: Record<string, unknown> = {}) =>
  planInputSchema.parse({ subject: "十二月拜访计划", period: "month", startDate: "2026-12-01", endDate: "2026-12-31", important: "on", category: "拜访", content: "拜访 20 位老客户", ...v });

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, sz1m, sz2m, gm] = await demoViewers(o.db);
});
afterAll(async () => o?.close());

describe("validation", () => {
  test("an end date before the start is a field error", () => {
    const r = planInputSchema.safeParse({ subject: "x", period: "week", startDate: "2026-12-07", endDate: "2026-12-01" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toContainEqual(["endDate", "结束日期不能早于开始日期"]);
  });
  test("every field of §2.7 round-trips", () => {
    const p = plan({ urgent: "on", completedOn: "2026-12-20", completion: "完成 18 位" });
    expect(p).toMatchObject({ subject: "十二月拜访计划", period: "month", important: true, urgent: true, category: "拜访", completedOn: "2026-12-20", completion: "完成 18 位" });
  });
  test("send back needs a reason", () => {
    expect(reviewInputSchema.safeParse({ action: "return", comment: "" }).error!.issues[0]).toMatchObject({ path: ["comment"], message: "退回时请写明原因" });
    expect(summaryInputSchema.safeParse({ period: "week", periodStart: "2026-12-07", periodEnd: "2026-12-01", content: "x" }).error!.issues[0].path).toEqual(["periodEnd"]);
  });
});

describe("plans and review under scope", () => {
  test("create, submit, approve; the rep sees the outcome", async () => {
    const p = await createPlan(o.db, rep1, plan());
    expect(p.reviewStatus).toBe("draft");
    expect(await getPlanById(o.db, rep2, p.id)).toBeNull();
    await submitForReview(o.db, rep1, "plan", p.id);
    const queue = await getReviewQueue(o.db, sz1m);
    expect(queue.plans.map((x) => x.item.id)).toContain(p.id);
    expect((await getReviewQueue(o.db, sz2m)).plans.map((x) => x.item.id)).not.toContain(p.id);
    await reviewItem(o.db, sz1m, "plan", p.id, { action: "approve", comment: "很好，注意回访节奏" });
    expect((await getPlanById(o.db, rep1, p.id))!.plan.reviewStatus).toBe("approved");
    const trail = await getReviews(o.db, rep1, "plan", p.id);
    expect(trail.map((r) => r.action)).toEqual(["submit", "approve"]);
    expect((await latestReviews(o.db, rep1, "plan", [p.id])).get(p.id)).toMatchObject({ action: "approve", comment: "很好，注意回访节奏" });
    // approved content is frozen; completion may still be recorded
    const u = await updatePlan(o.db, rep1, p.id, plan({ subject: "改掉", completedOn: "2026-12-30", completion: "完成" }));
    expect(u).toMatchObject({ subject: "十二月拜访计划", completedOn: "2026-12-30", completion: "完成" });
  });

  test("send back, fix and resubmit", async () => {
    const p = await createPlan(o.db, rep2, plan({ subject: "周计划" }));
    await submitForReview(o.db, rep2, "plan", p.id);
    await reviewItem(o.db, gm, "plan", p.id, { action: "return", comment: "目标不具体" });
    expect((await getPlanById(o.db, rep2, p.id))!.plan.reviewStatus).toBe("returned");
    await submitForReview(o.db, rep2, "plan", p.id);
    expect((await getPlanById(o.db, rep2, p.id))!.plan.reviewStatus).toBe("submitted");
  });

  test("reviewing out of scope is not found and writes nothing; own plans cannot be self-approved", async () => {
    const p = await createPlan(o.db, rep1, plan({ subject: "越权测试" }));
    await submitForReview(o.db, rep1, "plan", p.id);
    const before = await o.db.select().from(reviews).where(eq(reviews.targetId, p.id));
    for (const [v, code] of [
      [sz2m, "NOT_FOUND"],
      [rep2, "NOT_FOUND"],
    ] as const) {
      const e = await reviewItem(o.db, v, "plan", p.id, { action: "approve", comment: null }).catch((x) => x);
      expect(e).toBeInstanceOf(AppError);
      expect(e.code).toBe(code);
    }
    expect(await o.db.select().from(reviews).where(eq(reviews.targetId, p.id))).toEqual(before);
    expect((await o.db.select().from(plans).where(eq(plans.id, p.id)))[0].reviewStatus).toBe("submitted");
    const own = await createPlan(o.db, sz1m, plan({ subject: "经理自己的" }));
    await submitForReview(o.db, sz1m, "plan", own.id);
    expect((await reviewItem(o.db, sz1m, "plan", own.id, { action: "approve", comment: null }).catch((x) => x)).code).toBe("FORBIDDEN");
    expect(await getReviews(o.db, sz2m, "plan", p.id)).toEqual([]);
  });

  test("a draft cannot be approved; a summary is reviewed the same way", async () => {
    const p = await createPlan(o.db, rep1, plan({ subject: "草稿" }));
    expect((await reviewItem(o.db, sz1m, "plan", p.id, { action: "approve", comment: null }).catch((x) => x)).code).toBe("CONFLICT");
    const s = await createSummary(o.db, rep1, summaryInputSchema.parse({ period: "week", periodStart: "2026-11-23", periodEnd: "2026-11-29", content: "本周拜访 12 位客户" }));
    await submitForReview(o.db, rep1, "work_summary", s.id);
    expect((await getReviewQueue(o.db, sz1m)).summaries.map((x) => x.item.id)).toContain(s.id);
    await reviewItem(o.db, sz1m, "work_summary", s.id, { action: "approve", comment: null });
    expect((await getReviewQueue(o.db, sz1m, { status: "approved" })).summaries.map((x) => x.item.id)).toContain(s.id);
  });

  test("latestReviews names only items the viewer may see", async () => {
    // Regression: latestReviews took bare ids and returned the review comments of any plan or summary.
    const p = await createPlan(o.db, rep1, plan({ subject: "审核意见范围" }));
    await submitForReview(o.db, rep1, "plan", p.id);
    await reviewItem(o.db, sz1m, "plan", p.id, { action: "return", comment: "客户名单请补全" });
    const s = await createSummary(o.db, rep1, summaryInputSchema.parse({ period: "week", periodStart: "2026-11-16", periodEnd: "2026-11-22", content: "本周小结" }));
    await submitForReview(o.db, rep1, "work_summary", s.id);
    await reviewItem(o.db, sz1m, "work_summary", s.id, { action: "comment", comment: "不错" });
    for (const v of [rep1, sz1m, gm]) {
      expect((await latestReviews(o.db, v, "plan", [p.id])).get(p.id)).toMatchObject({ action: "return", comment: "客户名单请补全" });
      expect((await latestReviews(o.db, v, "work_summary", [s.id])).get(s.id)).toMatchObject({ action: "comment", comment: "不错" });
    }
    // another rep of the same unit and another unit's manager: the ids passed in yield nothing
    for (const v of [rep2, sz2m]) {
      expect((await latestReviews(o.db, v, "plan", [p.id])).size).toBe(0);
      expect((await latestReviews(o.db, v, "work_summary", [s.id])).size).toBe(0);
    }
  });
});
