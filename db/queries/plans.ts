import { and, asc, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, deals, plans, reviews, users, workSummaries } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import type { PlanCompletion, PlanInput, ReviewInput, SummaryInput } from "@/lib/validation/plans";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { findDealInScope } from "./deals";
import { andScope } from "./scope";

export type ReviewTarget = "plan" | "work_summary" | "deal_summary";
type Status = "draft" | "submitted" | "approved" | "returned";

// ---------------------------------------------------------------- plans

/** The viewer's own plans, newest period first. */
export async function listMyPlans(db: Db, viewer: Viewer, limit = 200) {
  return db
    .select()
    .from(plans)
    .where(andScope(viewer, plans, eq(plans.ownerId, viewer.id), isNull(plans.deletedAt)))
    .orderBy(desc(plans.startDate), desc(plans.id))
    .limit(limit);
}

/** One plan, or null when it does not exist for this viewer (out of scope = not found). */
export async function getPlanById(db: Db, viewer: Viewer, id: string) {
  const [row] = await db
    .select({ plan: plans, ownerName: users.name })
    .from(plans)
    .innerJoin(users, eq(users.id, plans.ownerId))
    .where(andScope(viewer, plans, eq(plans.id, id), isNull(plans.deletedAt)))
    .limit(1);
  return row ?? null;
}

export async function createPlan(db: Db, viewer: Viewer, input: PlanInput) {
  if (!can(viewer, "plan:create")) throw forbidden();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(plans)
      .values({ ...toPlanRow(input), ownerId: viewer.id, orgUnitId: viewer.orgUnitId, createdBy: viewer.id, updatedBy: viewer.id })
      .returning();
    await writeAudit(tx, viewer, { action: "create", entityType: "plan", entityId: row.id, after: row });
    return row;
  });
}

/** Only the owner edits a plan; an approved plan's content is frozen, its completion may still be recorded. */
export async function updatePlan(db: Db, viewer: Viewer, id: string, input: PlanInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(plans).where(andScope(viewer, plans, eq(plans.id, id), eq(plans.ownerId, viewer.id), isNull(plans.deletedAt))).for("update");
    if (!before) throw notFound();
    const values =
      before.reviewStatus === "approved"
        ? { completedOn: input.completedOn, completion: input.completion }
        : toPlanRow(input);
    const [row] = await tx
      .update(plans)
      .set({ ...values, updatedBy: viewer.id, version: sql`${plans.version} + 1` })
      .where(eq(plans.id, id))
      .returning();
    await writeAudit(tx, viewer, { action: "update", entityType: "plan", entityId: id, before, after: row });
    return row;
  });
}

/** Records a plan's completion (完成日期 and 完成情况) only — what a rep does in the field (/api/sync). */
export async function completePlan(db: Db, viewer: Viewer, id: string, input: PlanCompletion) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(plans).where(andScope(viewer, plans, eq(plans.id, id), eq(plans.ownerId, viewer.id), isNull(plans.deletedAt))).for("update");
    if (!before) throw notFound();
    if (input.completedOn && input.completedOn < before.startDate)
      throw new AppError("VALIDATION", "请修正标出的字段", { completedOn: "完成日期不能早于开始日期" });
    const [row] = await tx
      .update(plans)
      .set({ completedOn: input.completedOn, completion: input.completion, updatedBy: viewer.id, version: sql`${plans.version} + 1` })
      .where(eq(plans.id, id))
      .returning();
    await writeAudit(tx, viewer, { action: "complete", entityType: "plan", entityId: id, before: { completedOn: before.completedOn, completion: before.completion }, after: input });
    return row;
  });
}

export async function deletePlan(db: Db, viewer: Viewer, id: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(plans)
      .set({ deletedAt: new Date(), updatedBy: viewer.id })
      .where(andScope(viewer, plans, eq(plans.id, id), eq(plans.ownerId, viewer.id), isNull(plans.deletedAt)))
      .returning({ id: plans.id });
    if (!row) throw notFound();
    await writeAudit(tx, viewer, { action: "delete", entityType: "plan", entityId: id });
  });
}

function toPlanRow(i: PlanInput) {
  return {
    subject: i.subject,
    period: i.period,
    startDate: i.startDate!,
    endDate: i.endDate!,
    important: i.important,
    urgent: i.urgent,
    category: i.category,
    content: i.content,
    completedOn: i.completedOn,
    completion: i.completion,
  };
}

// ---------------------------------------------------------------- work summaries

export async function listMySummaries(db: Db, viewer: Viewer, limit = 100) {
  return db
    .select()
    .from(workSummaries)
    .where(andScope(viewer, workSummaries, eq(workSummaries.ownerId, viewer.id), isNull(workSummaries.deletedAt)))
    .orderBy(desc(workSummaries.periodStart), desc(workSummaries.id))
    .limit(limit);
}

export async function createSummary(db: Db, viewer: Viewer, input: SummaryInput) {
  if (!can(viewer, "plan:create")) throw forbidden();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(workSummaries)
      .values({ period: input.period, periodStart: input.periodStart!, periodEnd: input.periodEnd!, content: input.content, ownerId: viewer.id, orgUnitId: viewer.orgUnitId, createdBy: viewer.id, updatedBy: viewer.id })
      .returning();
    await writeAudit(tx, viewer, { action: "create", entityType: "work_summary", entityId: row.id, after: row });
    return row;
  });
}

// ---------------------------------------------------------------- submit & review

const TABLES = { plan: plans, work_summary: workSummaries } as const;

/** 提交审核: the owner hands a draft or returned item to their manager. */
export async function submitForReview(db: Db, viewer: Viewer, type: ReviewTarget, id: string) {
  // a deal's summary is submitted by closing the deal or by revising it (db/queries/deals.ts)
  if (type === "deal_summary") throw notFound();
  const t = TABLES[type];
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(t)
      .set({ reviewStatus: "submitted", updatedBy: viewer.id })
      .where(andScope(viewer, t, eq(t.id, id), eq(t.ownerId, viewer.id), isNull(t.deletedAt), inArray(t.reviewStatus, ["draft", "returned"])))
      .returning({ id: t.id });
    if (!row) {
      const [exists] = await tx.select({ s: t.reviewStatus }).from(t).where(andScope(viewer, t, eq(t.id, id), eq(t.ownerId, viewer.id), isNull(t.deletedAt)));
      if (!exists) throw notFound();
      throw new AppError("CONFLICT", exists.s === "approved" ? "已审核通过，无需再提交" : "已提交，等待审核");
    }
    await tx.insert(reviews).values({ targetType: type, targetId: id, reviewerId: viewer.id, action: "submit" });
    await writeAudit(tx, viewer, { action: "submit", entityType: type, entityId: id });
  });
}

/**
 * 审核 by a manager: the item must be in the reviewer's scope (else not found) and not their own. Approve
 * and send back need a submitted item; a comment may be added at any time. Status and review row are
 * written in one transaction.
 */
export async function reviewItem(db: Db, viewer: Viewer, type: ReviewTarget, id: string, input: ReviewInput) {
  if (!can(viewer, "plan:review")) throw notFound();
  if (type === "deal_summary") return reviewDealSummary(db, viewer, id, input);
  const t = TABLES[type];
  return db.transaction(async (tx) => {
    const [item] = await tx.select({ ownerId: t.ownerId, status: t.reviewStatus }).from(t).where(andScope(viewer, t, eq(t.id, id), isNull(t.deletedAt))).for("update");
    if (!item) throw notFound();
    if (item.ownerId === viewer.id) throw forbidden("不能审核自己的计划或总结");
    if (input.action !== "comment" && item.status !== "submitted") throw new AppError("CONFLICT", "只有待审核的内容可以通过或退回");
    const next: Status | null = input.action === "approve" ? "approved" : input.action === "return" ? "returned" : null;
    if (next) await tx.update(t).set({ reviewStatus: next, updatedBy: viewer.id }).where(eq(t.id, id));
    const [row] = await tx.insert(reviews).values({ targetType: type, targetId: id, reviewerId: viewer.id, action: input.action, comment: input.comment }).returning();
    await writeAudit(tx, viewer, { action: `review_${input.action}`, entityType: type, entityId: id, after: { comment: input.comment } });
    return row;
  });
}

/**
 * 交易总结审核, the same way as plans: a closed deal in the reviewer's scope (else not found), not their own;
 * approve and send back need a submitted summary, a comment may be added at any time.
 */
async function reviewDealSummary(db: Db, viewer: Viewer, id: string, input: ReviewInput) {
  return db.transaction(async (tx) => {
    const d = await findDealInScope(tx, viewer, id, "update");
    if (!d || d.status === "open" || !d.summaryReviewStatus) throw notFound();
    if (d.ownerId === viewer.id) throw forbidden("不能审核自己的交易总结");
    if (input.action !== "comment" && d.summaryReviewStatus !== "submitted") throw new AppError("CONFLICT", "只有待审核的交易总结可以通过或退回");
    const next: Status | null = input.action === "approve" ? "approved" : input.action === "return" ? "returned" : null;
    if (next) await tx.update(deals).set({ summaryReviewStatus: next }).where(eq(deals.id, id));
    const [row] = await tx.insert(reviews).values({ targetType: "deal_summary", targetId: id, reviewerId: viewer.id, action: input.action, comment: input.comment }).returning();
    await writeAudit(tx, viewer, { action: `review_${input.action}`, entityType: "deal_summary", entityId: id, after: { comment: input.comment } });
    return row;
  });
}

/** The review trail of an item the viewer may see. */
export async function getReviews(db: Db, viewer: Viewer, type: ReviewTarget, id: string) {
  const t = type === "deal_summary" ? deals : TABLES[type];
  const [visible] = await db.select({ id: t.id }).from(t).where(andScope(viewer, t, eq(t.id, id)));
  if (!visible) return [];
  return db
    .select({ id: reviews.id, action: reviews.action, comment: reviews.comment, createdAt: reviews.createdAt, reviewerName: users.name, reviewerId: reviews.reviewerId })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.reviewerId))
    .where(and(eq(reviews.targetType, type), eq(reviews.targetId, id)))
    .orderBy(asc(reviews.createdAt), asc(reviews.id));
}

/** The reviewer's queue: others' plans, summaries and closed deals' 交易总结 in scope, submitted first, then recent. */
export async function getReviewQueue(db: Db, viewer: Viewer, opts: { status?: Status | "all" } = {}) {
  if (!can(viewer, "plan:review")) return { plans: [], summaries: [], deals: [] };
  const status = opts.status ?? "submitted";
  const st = (t: typeof plans | typeof workSummaries) => (status === "all" ? inArray(t.reviewStatus, ["submitted", "approved", "returned"]) : eq(t.reviewStatus, status));
  const dealStatus = status === "all" ? inArray(deals.summaryReviewStatus, ["submitted", "approved", "returned"]) : eq(deals.summaryReviewStatus, status);
  const [p, s, d] = await Promise.all([
    db
      .select({ item: plans, ownerName: users.name })
      .from(plans)
      .innerJoin(users, eq(users.id, plans.ownerId))
      .where(andScope(viewer, plans, ne(plans.ownerId, viewer.id), isNull(plans.deletedAt), st(plans)))
      .orderBy(desc(plans.updatedAt))
      .limit(200),
    db
      .select({ item: workSummaries, ownerName: users.name })
      .from(workSummaries)
      .innerJoin(users, eq(users.id, workSummaries.ownerId))
      .where(andScope(viewer, workSummaries, ne(workSummaries.ownerId, viewer.id), isNull(workSummaries.deletedAt), st(workSummaries)))
      .orderBy(desc(workSummaries.updatedAt))
      .limit(200),
    db
      .select({
        id: deals.id,
        title: deals.title,
        status: deals.status,
        reviewStatus: deals.summaryReviewStatus,
        amount: deals.amount,
        closedOn: deals.closedOn,
        successReasons: deals.successReasons,
        failureReasons: deals.failureReasons,
        lessonsLearned: deals.lessonsLearned,
        customerName: customers.name,
        ownerName: users.name,
      })
      .from(deals)
      .innerJoin(users, eq(users.id, deals.ownerId))
      .innerJoin(customers, eq(customers.id, deals.customerId))
      .where(andScope(viewer, deals, ne(deals.ownerId, viewer.id), isNull(deals.deletedAt), ne(deals.status, "open"), dealStatus))
      // plain DESC (= NULLS FIRST) walks deals_owner_idx / deals_unit_idx / deals_updated_idx
      .orderBy(sql`${deals.updatedAt} desc`)
      .limit(200),
  ]);
  return { plans: p, summaries: s, deals: d };
}

/**
 * The latest review comment per item (what the rep sees beside each plan), only for items the viewer may
 * see: the ids are joined to their plan or summary under the same scope as the reads above, so an id from
 * outside the scope yields nothing.
 */
export async function latestReviews(db: Db, viewer: Viewer, type: ReviewTarget, ids: string[]) {
  if (!ids.length) return new Map<string, { action: string; comment: string | null; reviewerName: string }>();
  const t = type === "deal_summary" ? deals : TABLES[type];
  const rows = await db
    .selectDistinctOn([reviews.targetId], { targetId: reviews.targetId, action: reviews.action, comment: reviews.comment, reviewerName: users.name })
    .from(reviews)
    .innerJoin(t, eq(t.id, reviews.targetId))
    .innerJoin(users, eq(users.id, reviews.reviewerId))
    .where(andScope(viewer, t, isNull(t.deletedAt), eq(reviews.targetType, type), inArray(reviews.targetId, ids), ne(reviews.action, "submit")))
    .orderBy(reviews.targetId, desc(reviews.createdAt), desc(reviews.id));
  return new Map(rows.map((r) => [r.targetId, r]));
}
