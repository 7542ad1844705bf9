import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, dealStageHistory, deals, processes, processStages, products, todos, users } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { today } from "@/lib/dates";
import type { CloseDealInput, DealEditInput, DealInput, DealSummaryInput } from "@/lib/validation/deal";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { andScope } from "./scope";

/** Every process with its ordered stages (processes are company-wide configuration, not sales data). */
export async function getProcesses(db: Db) {
  const rows = await db
    .select({ id: processes.id, name: processes.name, isDefault: processes.isDefault, productId: processes.productId, stageId: processStages.id, stageName: processStages.name, sort: processStages.sort, probability: processStages.probability })
    .from(processes)
    .innerJoin(processStages, and(eq(processStages.processId, processes.id), isNull(processStages.deletedAt)))
    .where(isNull(processes.deletedAt))
    .orderBy(desc(processes.isDefault), asc(processes.name), asc(processStages.sort));
  const out = new Map<string, { id: string; name: string; isDefault: boolean; productId: string | null; stages: { id: string; name: string; sort: number; probability: number }[] }>();
  for (const r of rows) {
    const p = out.get(r.id) ?? { id: r.id, name: r.name, isDefault: r.isDefault, productId: r.productId, stages: [] };
    p.stages.push({ id: r.stageId, name: r.stageName, sort: r.sort, probability: r.probability });
    out.set(r.id, p);
  }
  return [...out.values()];
}
export type ProcessWithStages = Awaited<ReturnType<typeof getProcesses>>[number];

export async function getProductOptions(db: Db) {
  return db.select({ id: products.id, name: products.name }).from(products).where(and(isNull(products.deletedAt), isNull(products.archivedAt))).orderBy(asc(products.name));
}

/**
 * The live deal with this id if the viewer's scope holds it, else null — the one gate of every write to a deal
 * and of its files. Inside a transaction `lock` takes the row for update (writes) or share (attach to it).
 */
export async function findDealInScope(db: Db, viewer: Viewer, id: string, lock?: "update" | "share") {
  const q = db
    .select()
    .from(deals)
    .where(andScope(viewer, deals, eq(deals.id, id), isNull(deals.deletedAt)))
    .limit(1);
  const [d] = lock ? await q.for(lock) : await q;
  return d ?? null;
}

/** 收入预测: a new deal for a customer in scope, placed on a stage of its process (first stage by default). */
export async function createDeal(db: Db, viewer: Viewer, input: DealInput, ip?: string | null) {
  if (!can(viewer, "deal:create")) throw forbidden();
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select({ id: customers.id, ownerId: customers.ownerId, orgUnitId: customers.orgUnitId })
      .from(customers)
      .where(andScope(viewer, customers, eq(customers.id, input.customerId), isNull(customers.deletedAt)))
      .limit(1);
    if (!c) throw new AppError("VALIDATION", "请修正标出的字段", { customerId: "客户不存在或不在您的管理范围内" });
    const stages = await tx
      .select({ id: processStages.id, probability: processStages.probability })
      .from(processStages)
      .innerJoin(processes, eq(processes.id, processStages.processId))
      .where(and(eq(processStages.processId, input.processId), isNull(processStages.deletedAt), isNull(processes.deletedAt)))
      .orderBy(asc(processStages.sort))
      // a stage being archived (流程管理) waits for this deal, or this deal sees it gone
      .for("share");
    if (!stages.length) throw new AppError("VALIDATION", "请修正标出的字段", { processId: "流程不存在" });
    const stage = input.stageId ? stages.find((s) => s.id === input.stageId) : stages[0];
    if (!stage) throw new AppError("VALIDATION", "请修正标出的字段", { stageId: "该阶段不属于所选流程" });
    if (input.productId) {
      const [p] = await tx.select({ id: products.id }).from(products).where(and(eq(products.id, input.productId), isNull(products.deletedAt))).limit(1);
      if (!p) throw new AppError("VALIDATION", "请修正标出的字段", { productId: "产品不存在" });
    }
    const [row] = await tx
      .insert(deals)
      .values({
        customerId: c.id,
        productId: input.productId,
        processId: input.processId,
        stageId: stage.id,
        title: input.title,
        expectedAmount: input.expectedAmount,
        expectedDate: input.expectedDate,
        probability: input.probability ?? stage.probability,
        ownerId: c.ownerId,
        orgUnitId: c.orgUnitId,
        createdBy: viewer.id,
        updatedBy: viewer.id,
      })
      .returning();
    await tx.insert(dealStageHistory).values({ dealId: row.id, fromStageId: null, toStageId: stage.id, movedBy: viewer.id });
    await writeAudit(tx, viewer, { action: "create", entityType: "deal", entityId: row.id, after: { title: row.title, expectedAmount: row.expectedAmount, stageId: row.stageId }, ip });
    return row;
  });
}

/** 修改收入预测: name, product, expected amount/date and (open deals) probability; version-checked and audited. */
export async function updateDeal(db: Db, viewer: Viewer, input: DealEditInput, ip?: string | null) {
  if (!can(viewer, "deal:edit")) throw forbidden();
  return db.transaction(async (tx) => {
    const d = await findDealInScope(tx, viewer, input.dealId, "update");
    if (!d) throw notFound();
    if (d.version !== input.version) throw new AppError("CONFLICT", "该交易已被他人修改，请刷新后重新编辑（您的修改尚未保存）");
    if (input.productId && input.productId !== d.productId) {
      const [p] = await tx.select({ id: products.id }).from(products).where(and(eq(products.id, input.productId), isNull(products.deletedAt))).limit(1);
      if (!p) throw new AppError("VALIDATION", "请修正标出的字段", { productId: "产品不存在" });
    }
    const [row] = await tx
      .update(deals)
      .set({
        title: input.title,
        productId: input.productId,
        expectedAmount: input.expectedAmount,
        expectedDate: input.expectedDate,
        // a closed deal's probability is its outcome (100 / 0)
        probability: d.status === "open" ? (input.probability ?? d.probability) : d.probability,
        updatedAt: new Date(),
        updatedBy: viewer.id,
        version: sql`${deals.version} + 1`,
      })
      .where(eq(deals.id, d.id))
      .returning();
    const pick = (x: typeof d) => ({ title: x.title, productId: x.productId, expectedAmount: x.expectedAmount, expectedDate: x.expectedDate, probability: x.probability });
    await writeAudit(tx, viewer, { action: "update", entityType: "deal", entityId: d.id, before: pick(d), after: pick(row), ip });
    return row;
  });
}

/**
 * Moves an open deal to another stage of ITS process (kanban drag or keyboard), logging the move with
 * time and person in the same transaction. Out of scope = not found; a stage of another process is refused.
 */
export async function moveDeal(db: Db, viewer: Viewer, dealId: string, toStageId: string, ip?: string | null) {
  if (!can(viewer, "deal:edit")) throw forbidden();
  return db.transaction(async (tx) => {
    const d = await findDealInScope(tx, viewer, dealId, "update");
    if (!d) throw notFound();
    if (d.status !== "open") throw new AppError("VALIDATION", "已关闭的交易不能再移动阶段");
    const [stage] = await tx
      .select({ id: processStages.id, processId: processStages.processId, probability: processStages.probability, name: processStages.name })
      .from(processStages)
      .where(and(eq(processStages.id, toStageId), isNull(processStages.deletedAt)))
      .for("share")
      .limit(1);
    if (!stage || stage.processId !== d.processId) throw new AppError("VALIDATION", "该阶段不属于此交易的流程", { toStageId: "该阶段不属于此交易的流程" });
    if (stage.id === d.stageId) return { moved: false, stageName: stage.name, processId: d.processId };
    const now = new Date();
    await tx
      .update(deals)
      .set({ stageId: stage.id, probability: stage.probability, stageEnteredAt: now, updatedAt: now, updatedBy: viewer.id, version: sql`${deals.version} + 1` })
      .where(eq(deals.id, d.id));
    await tx.insert(dealStageHistory).values({ dealId: d.id, fromStageId: d.stageId, toStageId: stage.id, movedAt: now, movedBy: viewer.id });
    await writeAudit(tx, viewer, { action: "stage_change", entityType: "deal", entityId: d.id, before: { stageId: d.stageId }, after: { stageId: stage.id }, ip });
    return { moved: true, stageName: stage.name, processId: d.processId };
  });
}

/** Closes a deal as won (收入信息) or lost, with the required 交易总结; nothing is written unless all is valid. */
export async function closeDeal(db: Db, viewer: Viewer, input: CloseDealInput, ip?: string | null) {
  if (!can(viewer, "deal:edit")) throw forbidden();
  return db.transaction(async (tx) => {
    const d = await findDealInScope(tx, viewer, input.dealId, "update");
    if (!d) throw notFound();
    if (d.status !== "open") throw new AppError("VALIDATION", "该交易已关闭");
    const won = input.outcome === "won";
    const introducer = won ? await dealIntroducer(tx, viewer, d.customerId, input.introducerId) : null;
    const [row] = await tx
      .update(deals)
      .set({
        status: input.outcome,
        amount: won ? input.amount : null,
        closedOn: input.closedOn,
        discount: won ? input.discount : null,
        introducerId: introducer?.id ?? null,
        introducerText: won ? input.introducerText : null,
        paymentMethod: won ? input.paymentMethod : null,
        contractNo: won ? input.contractNo : null,
        contractFile: won ? input.contractFile : null,
        relatedIntroducers: won ? input.relatedIntroducers : null,
        successReasons: won ? input.successReasons : null,
        failureReasons: won ? null : input.failureReasons,
        lessonsLearned: input.lessonsLearned,
        // the 交易总结 goes to the manager's review queue (审核), like a submitted plan
        summaryReviewStatus: "submitted",
        probability: won ? 100 : 0,
        updatedAt: new Date(),
        updatedBy: viewer.id,
        version: sql`${deals.version} + 1`,
      })
      .where(eq(deals.id, d.id))
      .returning();
    await writeAudit(tx, viewer, { action: "close", entityType: "deal", entityId: d.id, before: { status: d.status }, after: { status: row.status, amount: row.amount, closedOn: row.closedOn, introducerId: row.introducerId }, ip });
    // 感谢介绍人: a won deal of an introduced customer puts a thank-you on the deal owner's to-do list for today
    if (introducer && row.ownerId && row.orgUnitId) await addThankIntroducerTodo(tx, { ownerId: row.ownerId, orgUnitId: row.orgUnitId, introducer, customerId: d.customerId, dealTitle: row.title, by: viewer.id });
    return row;
  });
}

/**
 * The introducer a won deal records: the one picked (a customer in the viewer's scope, not the deal's own
 * customer), else the customer's own introducer when the viewer may see them. A picked one out of scope is
 * a field error (the same words as not existing).
 */
async function dealIntroducer(tx: Db, viewer: Viewer, customerId: string, picked: string | null | undefined) {
  if (picked) {
    if (picked === customerId) throw new AppError("VALIDATION", "请修正标出的字段", { introducerId: "介绍人不能是客户本人" });
    const [i] = await tx.select({ id: customers.id, name: customers.name }).from(customers).where(andScope(viewer, customers, eq(customers.id, picked), isNull(customers.deletedAt)));
    if (!i) throw new AppError("VALIDATION", "请修正标出的字段", { introducerId: "介绍人不存在或您无权查看" });
    return i;
  }
  const [c] = await tx.select({ introducerId: customers.introducerId }).from(customers).where(eq(customers.id, customerId));
  if (!c?.introducerId) return null;
  const [i] = await tx
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(andScope(viewer, customers, eq(customers.id, c.introducerId), isNull(customers.deletedAt)));
  return i ?? null;
}

async function addThankIntroducerTodo(
  tx: Db,
  a: { ownerId: string; orgUnitId: string; introducer: { id: string; name: string }; customerId: string; dealTitle: string; by: string },
) {
  const [c] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, a.customerId));
  await tx.insert(todos).values({
    ownerId: a.ownerId,
    orgUnitId: a.orgUnitId,
    title: `感谢介绍人${a.introducer.name}：介绍的${c?.name ?? ""}已成交（${a.dealTitle}）`.slice(0, 200),
    quadrant: "important_urgent",
    dueOn: today(),
    customerId: a.introducer.id,
    createdBy: a.by,
    updatedBy: a.by,
  });
}

/**
 * 修改交易总结: the owner revises a closed deal's summary (after it was sent back, or while it waits) and
 * it is submitted for review again; version-checked and audited.
 */
export async function updateDealSummary(db: Db, viewer: Viewer, input: DealSummaryInput, ip?: string | null) {
  if (!can(viewer, "deal:edit")) throw forbidden();
  return db.transaction(async (tx) => {
    const d = await findDealInScope(tx, viewer, input.dealId, "update");
    if (!d || d.status === "open") throw notFound();
    if (d.version !== input.version) throw new AppError("CONFLICT", "该交易已被他人修改，请刷新后重新编辑（您的修改尚未保存）");
    if (d.summaryReviewStatus === "approved") throw new AppError("CONFLICT", "交易总结已审核通过，不能再修改");
    const won = d.status === "won";
    if (won && !input.successReasons) throw new AppError("VALIDATION", "请修正标出的字段", { successReasons: "请填写成功原因分析" });
    if (!won && !input.failureReasons) throw new AppError("VALIDATION", "请修正标出的字段", { failureReasons: "请填写失败原因分析" });
    const [row] = await tx
      .update(deals)
      .set({
        successReasons: won ? input.successReasons : null,
        failureReasons: won ? null : input.failureReasons,
        lessonsLearned: input.lessonsLearned,
        summaryReviewStatus: "submitted",
        updatedAt: new Date(),
        updatedBy: viewer.id,
        version: sql`${deals.version} + 1`,
      })
      .where(eq(deals.id, d.id))
      .returning();
    const pick = (x: typeof d) => ({ successReasons: x.successReasons, failureReasons: x.failureReasons, lessonsLearned: x.lessonsLearned, summaryReviewStatus: x.summaryReviewStatus });
    await writeAudit(tx, viewer, { action: "update_summary", entityType: "deal", entityId: d.id, before: pick(d), after: pick(row), ip });
    return row;
  });
}

/** A deal's whole record with its stage history, or null when out of scope. */
export async function getDealById(db: Db, viewer: Viewer, id: string) {
  const [row] = await db
    .select({ d: deals, customerName: customers.name, stageName: processStages.name, processName: processes.name, ownerName: users.name, productName: products.name })
    .from(deals)
    .innerJoin(customers, eq(customers.id, deals.customerId))
    .innerJoin(processStages, eq(processStages.id, deals.stageId))
    .innerJoin(processes, eq(processes.id, deals.processId))
    .leftJoin(users, eq(users.id, deals.ownerId))
    .leftJoin(products, eq(products.id, deals.productId))
    .where(andScope(viewer, deals, eq(deals.id, id), isNull(deals.deletedAt)))
    .limit(1);
  if (!row) return null;
  const history = await db
    .select({ id: dealStageHistory.id, toStageId: dealStageHistory.toStageId, stageName: processStages.name, movedAt: dealStageHistory.movedAt, byName: users.name })
    .from(dealStageHistory)
    .innerJoin(processStages, eq(processStages.id, dealStageHistory.toStageId))
    .leftJoin(users, eq(users.id, dealStageHistory.movedBy))
    .where(eq(dealStageHistory.dealId, id))
    .orderBy(desc(dealStageHistory.movedAt));
  return { ...row.d, customerName: row.customerName, stageName: row.stageName, processName: row.processName, ownerName: row.ownerName, productName: row.productName, history };
}
