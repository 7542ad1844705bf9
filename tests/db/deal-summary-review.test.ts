/** Issue 13 item 5: managers review 交易总结 the way they review plans (comment, approve, send back), in scope. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OpenedDb } from "@/db/client";
import { closeDeal, createDeal, getProcesses, updateDealSummary } from "@/db/queries/deals";
import { getReviewQueue, getReviews, reviewItem, submitForReview } from "@/db/queries/plans";
import { customers, deals } from "@/db/schema";
import { today } from "@/lib/dates";
import { closeDealSchema, dealInputSchema, dealSummarySchema } from "@/lib/validation/deal";
import { reviewInputSchema } from "@/lib/validation/plans";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, manager: Viewer, sz2Manager: Viewer, gm: Viewer;
let dealId: string;

beforeAll(async () => {
  o = await freshDb();
  [rep1, manager, sz2Manager, gm] = await Promise.all(["sz1.rep1@demo.cn", "sz1.manager@demo.cn", "sz2.manager@demo.cn", "gm@demo.cn"].map((e) => viewerFor(o.db, e)));
  const [c] = await o.db.select({ id: customers.id }).from(customers).where(eq(customers.ownerId, rep1.id)).limit(1);
  const def = (await getProcesses(o.db)).find((p) => p.isDefault)!;
  const d = await createDeal(o.db, rep1, dealInputSchema.parse({ customerId: c.id, title: "总结审核测试", processId: def.id, expectedAmount: "5000" }));
  await closeDeal(o.db, rep1, closeDealSchema.parse({ dealId: d.id, outcome: "won", amount: "5000", closedOn: today(), successReasons: "价格合适", lessonsLearned: "早点报价" }));
  dealId = d.id;
});
afterAll(async () => o?.close());

const review = (v: Viewer, action: "approve" | "return" | "comment", comment?: string) => reviewItem(o.db, v, "deal_summary", dealId, reviewInputSchema.parse({ action, comment }));
const status = async () => (await o.db.select({ s: deals.summaryReviewStatus, v: deals.version }).from(deals).where(eq(deals.id, dealId)))[0];

describe("交易总结审核", () => {
  test("closing a deal submits its summary to the reviewers of its scope only", async () => {
    expect((await status()).s).toBe("submitted");
    expect((await getReviewQueue(o.db, manager)).deals.map((d) => d.id)).toContain(dealId);
    expect((await getReviewQueue(o.db, gm)).deals.map((d) => d.id)).toContain(dealId);
    expect((await getReviewQueue(o.db, sz2Manager)).deals.map((d) => d.id)).not.toContain(dealId);
    expect((await getReviewQueue(o.db, rep1)).deals).toHaveLength(0);
  });

  test("out of scope or without review rights it does not exist; one's own cannot be reviewed", async () => {
    await expect(review(sz2Manager, "approve")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(review(rep1, "approve")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(submitForReview(o.db, rep1, "deal_summary", dealId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await getReviews(o.db, sz2Manager, "deal_summary", dealId)).toEqual([]);
  });

  test("send back with a reason, revise, resubmit, approve; then it is settled", async () => {
    expect(reviewInputSchema.safeParse({ action: "return" }).success).toBe(false);
    await review(manager, "return", "请补充客户决策过程");
    expect((await status()).s).toBe("returned");
    await expect(review(manager, "approve")).rejects.toMatchObject({ code: "CONFLICT" });
    const v = (await status()).v;
    await expect(updateDealSummary(o.db, rep1, dealSummarySchema.parse({ dealId, version: v - 1, successReasons: "x", lessonsLearned: "y" }))).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(updateDealSummary(o.db, sz2Manager, dealSummarySchema.parse({ dealId, version: v, successReasons: "x", lessonsLearned: "y" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateDealSummary(o.db, rep1, dealSummarySchema.parse({ dealId, version: v, lessonsLearned: "y" }))).rejects.toMatchObject({ code: "VALIDATION" });
    await updateDealSummary(o.db, rep1, dealSummarySchema.parse({ dealId, version: v, successReasons: "价格合适，决策人是采购总监", lessonsLearned: "早点见决策人" }));
    expect((await status()).s).toBe("submitted");
    await review(manager, "comment", "好多了");
    await review(manager, "approve");
    expect((await status()).s).toBe("approved");
    await expect(updateDealSummary(o.db, rep1, dealSummarySchema.parse({ dealId, version: (await status()).v, successReasons: "x", lessonsLearned: "y" }))).rejects.toMatchObject({ code: "CONFLICT" });
    const trail = await getReviews(o.db, rep1, "deal_summary", dealId);
    expect(trail.map((r) => r.action)).toEqual(["return", "comment", "approve"]);
    expect((await getReviewQueue(o.db, manager, { status: "approved" })).deals.map((d) => d.id)).toContain(dealId);
  });
});
