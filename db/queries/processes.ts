import { and, asc, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deals, processes, processStages, products } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { sameName, swapWithNeighbour } from "@/lib/products";
import type { ProcessInput, StageInput } from "@/lib/validation/process";
import { PROCESS_STAGE_MAX } from "@/lib/validation/process";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";

/*
 * 流程管理: processes per product or project with ordered stages and probabilities (admin:processes).
 * The process row is the lock and the version for the whole process: every change to it or to one of
 * its stages locks it, checks the version the admin's page was based on, and bumps it — so two admins
 * reordering at once get a clear conflict instead of a scrambled order. Archived stages and processes
 * are soft (deleted_at), so deals and their history keep pointing at them.
 */

const VALIDATION = "请修正标出的字段";
const STALE = "流程已被他人修改，请刷新后重试（您的修改尚未保存）";

function requireAdmin(viewer: Viewer) {
  if (!can(viewer, "admin:processes")) throw forbidden();
}

/** Every process (archived ones last) with all its stages (archived ones flagged) and the open deals in each. */
export async function getProcessAdmin(db: Db, viewer: Viewer) {
  requireAdmin(viewer);
  const [procs, stages, open] = await Promise.all([
    db
      .select({
        id: processes.id,
        name: processes.name,
        description: processes.description,
        productId: processes.productId,
        productName: products.name,
        isDefault: processes.isDefault,
        version: processes.version,
        archivedAt: processes.deletedAt,
      })
      .from(processes)
      .leftJoin(products, eq(products.id, processes.productId))
      .orderBy(sql`${processes.deletedAt} is not null`, desc(processes.isDefault), asc(processes.name)),
    db
      .select({ id: processStages.id, processId: processStages.processId, name: processStages.name, sort: processStages.sort, probability: processStages.probability, archivedAt: processStages.deletedAt })
      .from(processStages)
      .orderBy(asc(processStages.sort)),
    db
      .select({ stageId: deals.stageId, n: sql<number>`count(*)`.mapWith(Number) })
      .from(deals)
      .where(and(eq(deals.status, "open"), isNull(deals.deletedAt)))
      .groupBy(deals.stageId),
  ]);
  const openIn = new Map(open.map((o) => [o.stageId, o.n]));
  return procs.map((p) => ({
    ...p,
    stages: stages.filter((s) => s.processId === p.id).map((s) => ({ ...s, openDeals: openIn.get(s.id) ?? 0 })),
  }));
}
export type AdminProcess = Awaited<ReturnType<typeof getProcessAdmin>>[number];

/** Locks a process for a change based on `version`; missing → 404, changed since → conflict. */
async function lockProcess(tx: Db, id: string, version: number | null, opts: { archived?: boolean } = {}) {
  const [p] = await tx.select().from(processes).where(eq(processes.id, id)).for("update").limit(1);
  if (!p) throw notFound();
  if (!opts.archived && p.deletedAt) throw new AppError("VALIDATION", "该流程已归档，请先恢复");
  if (version != null && version !== p.version) throw new AppError("CONFLICT", STALE);
  return p;
}

async function bump(tx: Db, viewer: Viewer, id: string) {
  const [row] = await tx
    .update(processes)
    .set({ version: sql`${processes.version} + 1`, updatedBy: viewer.id, updatedAt: new Date() })
    .where(eq(processes.id, id))
    .returning({ version: processes.version });
  return row.version;
}

async function checkProcessFields(tx: Db, input: ProcessInput, selfId: string | null) {
  const errors: Record<string, string> = {};
  const all = await tx.select({ id: processes.id, name: processes.name }).from(processes).where(isNull(processes.deletedAt));
  if (all.some((p) => p.id !== selfId && sameName(p.name, input.name))) errors.name = "已有同名流程";
  if (input.productId) {
    const [p] = await tx.select({ id: products.id }).from(products).where(and(eq(products.id, input.productId), isNull(products.deletedAt))).limit(1);
    if (!p) errors.productId = "产品不存在";
  }
  if (Object.keys(errors).length) throw new AppError("VALIDATION", VALIDATION, errors);
}

/** A new process; with `copyDefault` it starts with a copy of the default process's stages. */
export async function createProcess(db: Db, viewer: Viewer, input: ProcessInput, ip?: string | null) {
  requireAdmin(viewer);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('zhike:processes'))`);
    await checkProcessFields(tx, input, null);
    const [row] = await tx
      .insert(processes)
      .values({ name: input.name, productId: input.productId, description: input.description, isDefault: false, createdBy: viewer.id, updatedBy: viewer.id })
      .returning();
    let stages: { name: string; probability: number }[] = [];
    if (input.copyDefault) {
      stages = await tx
        .select({ name: processStages.name, probability: processStages.probability })
        .from(processStages)
        .innerJoin(processes, eq(processes.id, processStages.processId))
        .where(and(eq(processes.isDefault, true), isNull(processes.deletedAt), isNull(processStages.deletedAt)))
        .orderBy(asc(processStages.sort));
      if (stages.length)
        await tx.insert(processStages).values(stages.map((s, sort) => ({ processId: row.id, name: s.name, probability: s.probability, sort, createdBy: viewer.id, updatedBy: viewer.id })));
    }
    await writeAudit(tx, viewer, { action: "create", entityType: "process", entityId: row.id, after: { name: row.name, productId: row.productId, stages }, ip });
    return row;
  });
}

export async function updateProcess(db: Db, viewer: Viewer, id: string, version: number, input: ProcessInput, ip?: string | null) {
  requireAdmin(viewer);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('zhike:processes'))`);
    const p = await lockProcess(tx, id, version);
    await checkProcessFields(tx, input, id);
    await tx.update(processes).set({ name: input.name, productId: input.productId, description: input.description }).where(eq(processes.id, id));
    const v = await bump(tx, viewer, id);
    await writeAudit(tx, viewer, {
      action: "update",
      entityType: "process",
      entityId: id,
      before: { name: p.name, productId: p.productId, description: p.description },
      after: { name: input.name, productId: input.productId, description: input.description },
      ip,
    });
    return { version: v };
  });
}

/** Makes a process the default one (the pipeline and funnel open on it, new deals start in it). */
export async function setDefaultProcess(db: Db, viewer: Viewer, id: string, version: number, ip?: string | null) {
  requireAdmin(viewer);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('zhike:processes'))`);
    const p = await lockProcess(tx, id, version);
    if (p.isDefault) return { version: p.version };
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(processStages)
      .where(and(eq(processStages.processId, id), isNull(processStages.deletedAt)));
    if (!n) throw new AppError("VALIDATION", "没有阶段的流程不能设为默认流程");
    const before = await tx.select({ id: processes.id }).from(processes).where(and(eq(processes.isDefault, true), ne(processes.id, id)));
    if (before.length) await tx.update(processes).set({ isDefault: false, version: sql`${processes.version} + 1`, updatedBy: viewer.id, updatedAt: new Date() }).where(inArray(processes.id, before.map((b) => b.id)));
    await tx.update(processes).set({ isDefault: true }).where(eq(processes.id, id));
    const v = await bump(tx, viewer, id);
    await writeAudit(tx, viewer, { action: "set_default", entityType: "process", entityId: id, before: { defaultIds: before.map((b) => b.id) }, after: { defaultId: id }, ip });
    return { version: v };
  });
}

async function openDealsIn(tx: Db, where: ReturnType<typeof eq>) {
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(deals)
    .where(and(where, eq(deals.status, "open"), isNull(deals.deletedAt)));
  return n;
}

/** 归档 a process: never the default one, never while a deal is open in it. */
export async function setProcessArchived(db: Db, viewer: Viewer, id: string, version: number, archived: boolean, ip?: string | null) {
  requireAdmin(viewer);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('zhike:processes'))`);
    const p = await lockProcess(tx, id, version, { archived: true });
    if (!!p.deletedAt === archived) throw new AppError("CONFLICT", archived ? "该流程已经归档" : "该流程未归档");
    if (archived) {
      if (p.isDefault) throw new AppError("VALIDATION", "默认流程不能归档，请先把另一个流程设为默认");
      const n = await openDealsIn(tx, eq(deals.processId, id));
      if (n) throw new AppError("VALIDATION", `流程「${p.name}」中还有 ${n} 个进行中的交易，不能归档`);
    } else {
      const all = await tx.select({ id: processes.id, name: processes.name }).from(processes).where(isNull(processes.deletedAt));
      if (all.some((o) => sameName(o.name, p.name))) throw new AppError("VALIDATION", "已有同名流程，请先给其中一个改名");
    }
    await tx.update(processes).set({ deletedAt: archived ? new Date() : null }).where(eq(processes.id, id));
    const v = await bump(tx, viewer, id);
    await writeAudit(tx, viewer, { action: archived ? "archive" : "unarchive", entityType: "process", entityId: id, ip });
    return { version: v };
  });
}

/**
 * The stages of a process (archived too). `lock` when archiving: creating or moving a deal reads its
 * stage FOR SHARE, so a deal cannot slip into a stage while it is being archived.
 */
async function stagesOf(tx: Db, processId: string, lock = false) {
  const q = tx.select().from(processStages).where(eq(processStages.processId, processId)).orderBy(asc(processStages.sort));
  return lock ? q.for("update") : q;
}

function stageOf<T extends { id: string }>(stages: T[], stageId: string): T {
  const s = stages.find((x) => x.id === stageId);
  if (!s) throw new AppError("VALIDATION", "该阶段不属于此流程");
  return s;
}

function checkStageName(stages: { id: string; name: string; deletedAt: Date | null }[], name: string, selfId: string | null) {
  if (stages.some((s) => s.id !== selfId && !s.deletedAt && sameName(s.name, name)))
    throw new AppError("VALIDATION", VALIDATION, { name: "本流程中已有同名阶段" });
}

/** A new stage at the end of the process. */
export async function addStage(db: Db, viewer: Viewer, processId: string, version: number, input: StageInput, ip?: string | null) {
  requireAdmin(viewer);
  return db.transaction(async (tx) => {
    await lockProcess(tx, processId, version);
    const stages = await stagesOf(tx, processId);
    checkStageName(stages, input.name, null);
    if (stages.filter((s) => !s.deletedAt).length >= PROCESS_STAGE_MAX) throw new AppError("VALIDATION", `一个流程最多 ${PROCESS_STAGE_MAX} 个阶段`);
    const sort = stages.reduce((m, s) => Math.max(m, s.sort + 1), 0);
    const [row] = await tx
      .insert(processStages)
      .values({ processId, name: input.name, probability: input.probability, sort, createdBy: viewer.id, updatedBy: viewer.id })
      .returning();
    const v = await bump(tx, viewer, processId);
    await writeAudit(tx, viewer, { action: "create", entityType: "process_stage", entityId: row.id, after: { processId, name: row.name, probability: row.probability, sort }, ip });
    return { version: v, stageId: row.id };
  });
}

/**
 * Renames a stage and/or sets its probability. Open deals in it that still carry the stage's old
 * probability follow the new one (a probability someone typed for one deal stays as typed).
 */
export async function updateStage(db: Db, viewer: Viewer, processId: string, stageId: string, version: number, input: StageInput, ip?: string | null) {
  requireAdmin(viewer);
  return db.transaction(async (tx) => {
    await lockProcess(tx, processId, version);
    const stages = await stagesOf(tx, processId);
    const s = stageOf(stages, stageId);
    if (s.deletedAt) throw new AppError("VALIDATION", "该阶段已归档，请先恢复");
    checkStageName(stages, input.name, stageId);
    await tx
      .update(processStages)
      .set({ name: input.name, probability: input.probability, version: sql`${processStages.version} + 1`, updatedBy: viewer.id, updatedAt: new Date() })
      .where(eq(processStages.id, stageId));
    let followed = 0;
    if (s.probability !== input.probability) {
      const moved = await tx
        .update(deals)
        .set({ probability: input.probability, version: sql`${deals.version} + 1`, updatedAt: new Date(), updatedBy: viewer.id })
        .where(and(eq(deals.stageId, stageId), eq(deals.status, "open"), isNull(deals.deletedAt), eq(deals.probability, s.probability)))
        .returning({ id: deals.id });
      followed = moved.length;
    }
    const v = await bump(tx, viewer, processId);
    await writeAudit(tx, viewer, {
      action: "update",
      entityType: "process_stage",
      entityId: stageId,
      before: { name: s.name, probability: s.probability },
      after: { name: input.name, probability: input.probability, dealsFollowed: followed },
      ip,
    });
    return { version: v, dealsFollowed: followed };
  });
}

/** Moves a stage one place up or down among the process's active stages. */
export async function moveStage(db: Db, viewer: Viewer, processId: string, stageId: string, version: number, direction: "up" | "down", ip?: string | null) {
  requireAdmin(viewer);
  return db.transaction(async (tx) => {
    await lockProcess(tx, processId, version);
    const stages = await stagesOf(tx, processId);
    const s = stageOf(stages, stageId);
    if (s.deletedAt) throw new AppError("VALIDATION", "该阶段已归档，请先恢复");
    const swap = swapWithNeighbour(stages.filter((x) => !x.deletedAt), stageId, direction);
    if (!swap) throw new AppError("VALIDATION", direction === "up" ? "已经是第一个阶段" : "已经是最后一个阶段");
    // one statement for both rows: the funnel rollup's trigger re-reads the process's deals once per statement
    await tx
      .update(processStages)
      .set({
        sort: sql`case ${processStages.id} when ${swap[0].id}::uuid then ${swap[0].sort}::int else ${swap[1].sort}::int end`,
        version: sql`${processStages.version} + 1`,
        updatedBy: viewer.id,
        updatedAt: new Date(),
      })
      .where(inArray(processStages.id, [swap[0].id, swap[1].id]));
    const v = await bump(tx, viewer, processId);
    await writeAudit(tx, viewer, { action: "reorder", entityType: "process_stage", entityId: stageId, before: { sort: s.sort }, after: { sort: swap[0].sort }, ip });
    const order = stages.filter((x) => !x.deletedAt).map((x) => (x.id === swap[0].id ? { ...x, sort: swap[0].sort } : x.id === swap[1].id ? { ...x, sort: swap[1].sort } : x));
    return { version: v, position: order.sort((a, b) => a.sort - b.sort).findIndex((x) => x.id === stageId) + 1 };
  });
}

/**
 * 归档 a stage: only when no open deal sits in it (they would vanish from the board), and never the
 * last active stage of a process. Restoring puts it back at the end.
 */
export async function setStageArchived(db: Db, viewer: Viewer, processId: string, stageId: string, version: number, archived: boolean, ip?: string | null) {
  requireAdmin(viewer);
  return db.transaction(async (tx) => {
    await lockProcess(tx, processId, version);
    const stages = await stagesOf(tx, processId, true);
    const s = stageOf(stages, stageId);
    if (!!s.deletedAt === archived) throw new AppError("CONFLICT", archived ? "该阶段已经归档" : "该阶段未归档");
    const now = new Date();
    if (archived) {
      const n = await openDealsIn(tx, eq(deals.stageId, stageId));
      if (n) throw new AppError("VALIDATION", `阶段「${s.name}」中还有 ${n} 个进行中的交易，请先在销售流程看板上把它们移到其他阶段，再归档`);
      if (stages.filter((x) => !x.deletedAt).length <= 1) throw new AppError("VALIDATION", "流程至少要保留一个阶段");
      await tx.update(processStages).set({ deletedAt: now, version: sql`${processStages.version} + 1`, updatedBy: viewer.id, updatedAt: now }).where(eq(processStages.id, stageId));
    } else {
      checkStageName(stages, s.name, stageId);
      if (stages.filter((x) => !x.deletedAt).length >= PROCESS_STAGE_MAX) throw new AppError("VALIDATION", `一个流程最多 ${PROCESS_STAGE_MAX} 个阶段`);
      const sort = stages.reduce((m, x) => Math.max(m, x.sort + 1), 0);
      await tx.update(processStages).set({ deletedAt: null, sort, version: sql`${processStages.version} + 1`, updatedBy: viewer.id, updatedAt: now }).where(eq(processStages.id, stageId));
    }
    const v = await bump(tx, viewer, processId);
    await writeAudit(tx, viewer, { action: archived ? "archive" : "unarchive", entityType: "process_stage", entityId: stageId, before: { name: s.name, sort: s.sort }, ip });
    return { version: v };
  });
}
