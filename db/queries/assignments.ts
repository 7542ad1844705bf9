import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { assignmentJobItems, assignmentJobs, customerOwnerHistory, customers, notifications, orgUnits, users } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import type { CustomerListQuery } from "@/lib/validation/customer";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { reassignCustomers, type OwnerChangeReason } from "./customer-assignment";
import { listFilters } from "./customers";
import { scopeCovers, scopeWhere } from "./scope";
import { getUserPlacement, getViewer } from "./users";

/** The most customers one assignment moves (a selection, a list's matches, a leaver's hand-over). */
export const ASSIGN_MAX = 10_000;
/** Customers per transaction while a job runs: each batch commits with its progress. */
export const ASSIGN_BATCH = 500;

const tooMany = (n: number) => new AppError("VALIDATION", `一次最多分配 ${ASSIGN_MAX} 位客户，当前 ${n > ASSIGN_MAX ? `超过 ${ASSIGN_MAX}` : n} 位，请缩小筛选范围`);

/** Every target must be an active person inside the actor's scope (checked again per batch by the cascade). */
async function checkTargets(db: Db, viewer: Viewer, ids: string[]) {
  for (const id of ids) {
    const t = await getUserPlacement(db, id);
    if (!t || !scopeCovers(viewer, t.id, t.orgUnitId)) throw new AppError("VALIDATION", "负责业务员不在您的管理范围内", { ownerId: "负责业务员不在您的管理范围内" });
  }
}

/** Moves one customer at once (the profile's 分配 button): the cascade in one transaction, both reps notified. */
export async function assignOne(db: Db, viewer: Viewer, customerId: string, ownerId: string, note: string | null, ip?: string | null) {
  if (!can(viewer, "customer:assign")) throw forbidden("您没有分配客户的权限");
  return db.transaction(async (tx) => {
    const [c] = await tx.select({ pooledAt: customers.pooledAt }).from(customers).where(and(eq(customers.id, customerId), scopeWhere(viewer, customers)));
    if (!c) throw notFound();
    return reassignCustomers(tx, viewer, [customerId], ownerId, { ip, note, reason: c.pooledAt ? "pool_assign" : "assign" });
  });
}

/**
 * Creates a job that moves the given customers, in this order, each to its target: the items are written now
 * (so a restart resumes exactly where it stopped, and never moves an item twice) and worked through by
 * lib/jobs/assignments.ts. Scope is checked per customer when its batch runs.
 */
async function createJob(db: Db, viewer: Viewer, items: { customerId: string; toOwnerId: string }[], reason: "assign" | "handover", note: string | null, ip?: string | null) {
  if (!items.length) throw new AppError("VALIDATION", "没有可分配的客户");
  if (items.length > ASSIGN_MAX) throw tooMany(items.length);
  return db.transaction(async (tx) => {
    const [job] = await tx.insert(assignmentJobs).values({ createdBy: viewer.id, reason, note, status: "running", total: items.length }).returning({ id: assignmentJobs.id });
    for (let i = 0; i < items.length; i += 1000) {
      await tx.insert(assignmentJobItems).values(items.slice(i, i + 1000).map((it, k) => ({ jobId: job.id, seq: i + k + 1, ...it })));
    }
    await writeAudit(tx, viewer, { action: "create", entityType: "assignment_job", entityId: job.id, after: { reason, total: items.length, note, to: [...new Set(items.map((i) => i.toOwnerId))] }, ip });
    return job.id;
  });
}

/** 批量分配 of a selection (ids from the list's check boxes) to one rep. */
export async function createSelectionJob(db: Db, viewer: Viewer, ids: string[], ownerId: string, note: string | null, ip?: string | null) {
  if (!can(viewer, "customer:assign")) throw forbidden("您没有分配客户的权限");
  await checkTargets(db, viewer, [ownerId]);
  const unique = [...new Set(ids)];
  return createJob(db, viewer, unique.map((customerId) => ({ customerId, toOwnerId: ownerId })), "assign", note, ip);
}

/** 按筛选分配: every customer the customer list shows for these filters (in scope, live), up to ASSIGN_MAX. */
export async function createMatchingJob(db: Db, viewer: Viewer, filters: CustomerListQuery, ownerId: string, note: string | null, ip?: string | null) {
  if (!can(viewer, "customer:assign")) throw forbidden("您没有分配客户的权限");
  await checkTargets(db, viewer, [ownerId]);
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(...listFilters(viewer, { ...filters, deleted: undefined, cursor: undefined })))
    .orderBy(asc(customers.id))
    .limit(ASSIGN_MAX + 1);
  if (rows.length > ASSIGN_MAX) throw tooMany(rows.length);
  return createJob(db, viewer, rows.map((r) => ({ customerId: r.id, toOwnerId: ownerId })), "assign", note, ip);
}

/**
 * 离职交接: every live customer of one person (in the actor's scope) to one or several reps, shared out in
 * turn. A company's contacts go with the company, so only customers that are not contacts of a company the
 * same person owns are items.
 */
export async function createHandoverJob(db: Db, viewer: Viewer, fromId: string, toIds: string[], note: string | null, ip?: string | null) {
  if (!can(viewer, "customer:assign")) throw forbidden("您没有分配客户的权限");
  const [from] = await db.select({ id: users.id, orgUnitId: users.orgUnitId }).from(users).where(and(eq(users.id, fromId), isNull(users.deletedAt)));
  if (!from || !scopeCovers(viewer, from.id, from.orgUnitId)) throw notFound();
  const targets = [...new Set(toIds)].filter((t) => t !== fromId);
  if (!targets.length) throw new AppError("VALIDATION", "请选择接手的业务员", { toIds: "请选择接手的业务员" });
  await checkTargets(db, viewer, targets);
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(
        eq(customers.ownerId, fromId),
        isNull(customers.deletedAt),
        scopeWhere(viewer, customers),
        sql`(${customers.companyId} is null or not exists (select 1 from customers co where co.id = ${customers.companyId} and co.owner_id = ${fromId} and co.deleted_at is null))`,
      ),
    )
    .orderBy(asc(customers.id))
    .limit(ASSIGN_MAX + 1);
  if (rows.length > ASSIGN_MAX) throw tooMany(rows.length);
  return createJob(db, viewer, rows.map((r, i) => ({ customerId: r.id, toOwnerId: targets[i % targets.length] })), "handover", note, ip);
}

/**
 * Works one batch of a job in one transaction: the next items not yet done, grouped by target, each group
 * moved by the one cascade (reassignCustomers: scope re-checked per customer, locked in id order, owner
 * history and audit rows written with the job's id). A customer that is out of the actor's scope by now,
 * deleted, or a company with contacts outside it, is marked failed with the reason — the rest go on.
 * At the end both sides are told: each target how many they received, each previous owner how many left.
 */
export async function applyAssignmentBatch(db: Db, jobId: string, batch = ASSIGN_BATCH): Promise<{ done: boolean }> {
  return db.transaction(async (tx) => {
    const [job] = await tx.select().from(assignmentJobs).where(eq(assignmentJobs.id, jobId)).for("update");
    if (!job || job.status !== "running") return { done: true };
    const viewer = await getViewer(tx, job.createdBy);
    if (!viewer) throw new AppError("FORBIDDEN", "发起分配的人员已停用，无法继续");
    const items = await tx
      .select({ seq: assignmentJobItems.seq, customerId: assignmentJobItems.customerId, toOwnerId: assignmentJobItems.toOwnerId })
      .from(assignmentJobItems)
      .where(and(eq(assignmentJobItems.jobId, jobId), isNull(assignmentJobItems.outcome)))
      .orderBy(asc(assignmentJobItems.seq))
      .limit(batch);
    if (!items.length) {
      await finishJob(tx, viewer, job.id);
      return { done: true };
    }
    const outcome = new Map<number, { outcome: string; reason?: string }>();
    const reason: OwnerChangeReason = job.reason === "handover" ? "handover" : "assign";
    const groups = new Map<string, typeof items>();
    for (const it of items) groups.set(it.toOwnerId, [...(groups.get(it.toOwnerId) ?? []), it]);
    for (const [to, group] of groups) {
      // the customers of the group still in scope and live; the rest fail with the reason
      const ids = group.map((g) => g.customerId);
      const ok = new Set(
        (
          await tx
            .select({ id: customers.id })
            .from(customers)
            .where(and(sql`${customers.id} = any(${sql.param(ids)}::uuid[])`, isNull(customers.deletedAt), scopeWhere(viewer, customers)))
        ).map((r) => r.id),
      );
      for (const g of group) if (!ok.has(g.customerId)) outcome.set(g.seq, { outcome: "failed", reason: "客户已删除或不在您的数据权限内" });
      const live = group.filter((g) => ok.has(g.customerId));
      const move = async (part: typeof live) => {
        const r = await tx.transaction((sp) => reassignCustomers(sp, viewer, part.map((p) => p.customerId), to, { reason, note: job.note, jobId: job.id, notify: false }));
        const moved = new Set(r.movedIds);
        for (const p of part) outcome.set(p.seq, { outcome: moved.has(p.customerId) ? "moved" : "unchanged" });
      };
      try {
        if (live.length) await move(live);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        // one of them refused (a company with contacts outside the scope, a target gone): one at a time
        for (const p of live) {
          try {
            await move([p]);
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            outcome.set(p.seq, { outcome: "failed", reason: err.message });
          }
        }
      }
    }
    const byOutcome = new Map<string, { seqs: number[]; reason?: string }>();
    for (const [seq, o] of outcome) {
      const k = `${o.outcome}\u0000${o.reason ?? ""}`;
      const e = byOutcome.get(k) ?? { seqs: [], reason: o.reason };
      e.seqs.push(seq);
      byOutcome.set(k, e);
    }
    for (const [k, e] of byOutcome) {
      await tx
        .update(assignmentJobItems)
        .set({ outcome: k.split("\u0000")[0], reason: e.reason ?? null })
        .where(and(eq(assignmentJobItems.jobId, jobId), sql`${assignmentJobItems.seq} = any(${sql.param(e.seqs)}::int[])`));
    }
    const all = [...outcome.values()];
    await tx
      .update(assignmentJobs)
      .set({
        processed: sql`${assignmentJobs.processed} + ${items.length}`,
        moved: sql`${assignmentJobs.moved} + ${all.filter((o) => o.outcome === "moved").length}`,
        failed: sql`${assignmentJobs.failed} + ${all.filter((o) => o.outcome === "failed").length}`,
        updatedAt: new Date(),
        error: null,
      })
      .where(eq(assignmentJobs.id, jobId));
    if (items.length < batch) {
      await finishJob(tx, viewer, job.id);
      return { done: true };
    }
    return { done: false };
  });
}

async function finishJob(tx: Db, viewer: Viewer, jobId: string) {
  await tx.update(assignmentJobs).set({ status: "done", finishedAt: new Date(), updatedAt: new Date() }).where(eq(assignmentJobs.id, jobId));
  // one notification per person on each side, from the owner history the job wrote
  const sides = await queryRows<{ userId: string; side: "in" | "out"; n: number }>(
    tx,
    sql`select to_owner_id as "userId", 'in' as side, count(*)::int as n from ${customerOwnerHistory} where job_id = ${jobId} and to_owner_id is not null group by 1
        union all
        select from_owner_id, 'out', count(*)::int from ${customerOwnerHistory} where job_id = ${jobId} and from_owner_id is not null group by 1`,
  );
  const rows = sides
    .filter((s) => s.userId !== viewer.id)
    .map((s) =>
      s.side === "in"
        ? { userId: s.userId, kind: "assigned_in", title: `${viewer.name} 分配给您 ${Number(s.n)} 位客户`, href: "/customers", actorId: viewer.id }
        : { userId: s.userId, kind: "assigned_out", title: `${viewer.name} 已将您的 ${Number(s.n)} 位客户转给他人`, actorId: viewer.id },
    );
  if (rows.length) await tx.insert(notifications).values(rows);
}

/** Stops a job after a failed batch, with the reason shown; resuming goes on from the first item not done. */
export async function pauseAssignmentJob(db: Db, jobId: string, error: string) {
  await db.update(assignmentJobs).set({ status: "paused", error, updatedAt: new Date() }).where(and(eq(assignmentJobs.id, jobId), eq(assignmentJobs.status, "running")));
}

/** Resumes a paused job of the viewer's own. */
export async function resumeAssignmentJob(db: Db, viewer: Viewer, jobId: string) {
  const [r] = await db
    .update(assignmentJobs)
    .set({ status: "running", error: null, updatedAt: new Date() })
    .where(and(eq(assignmentJobs.id, jobId), eq(assignmentJobs.createdBy, viewer.id), eq(assignmentJobs.status, "paused")))
    .returning({ id: assignmentJobs.id });
  if (!r) throw notFound();
}

/** A job's progress for its creator; another's is not found (null). */
export async function getAssignmentJob(db: Db, viewer: Viewer, jobId: string) {
  const [j] = await db
    .select({ id: assignmentJobs.id, reason: assignmentJobs.reason, status: assignmentJobs.status, total: assignmentJobs.total, processed: assignmentJobs.processed, moved: assignmentJobs.moved, failed: assignmentJobs.failed, error: assignmentJobs.error, createdAt: assignmentJobs.createdAt, finishedAt: assignmentJobs.finishedAt })
    .from(assignmentJobs)
    .where(and(eq(assignmentJobs.id, jobId), eq(assignmentJobs.createdBy, viewer.id)));
  return j ?? null;
}

/** The failed items of a job (first 100), with the customer's name where the viewer may still see it. */
export async function getAssignmentFailures(db: Db, viewer: Viewer, jobId: string) {
  return db
    .select({ seq: assignmentJobItems.seq, customerId: assignmentJobItems.customerId, reason: assignmentJobItems.reason, name: customers.name })
    .from(assignmentJobItems)
    .innerJoin(assignmentJobs, eq(assignmentJobs.id, assignmentJobItems.jobId))
    .leftJoin(customers, and(eq(customers.id, assignmentJobItems.customerId), scopeWhere(viewer, customers)))
    .where(and(eq(assignmentJobItems.jobId, jobId), eq(assignmentJobs.createdBy, viewer.id), eq(assignmentJobItems.outcome, "failed")))
    .orderBy(asc(assignmentJobItems.seq))
    .limit(100);
}

/** The viewer's recent assignment jobs. */
export async function listAssignmentJobs(db: Db, viewer: Viewer, limit = 10) {
  return db
    .select({ id: assignmentJobs.id, reason: assignmentJobs.reason, status: assignmentJobs.status, total: assignmentJobs.total, processed: assignmentJobs.processed, moved: assignmentJobs.moved, failed: assignmentJobs.failed, createdAt: assignmentJobs.createdAt })
    .from(assignmentJobs)
    .where(eq(assignmentJobs.createdBy, viewer.id))
    .orderBy(desc(assignmentJobs.createdAt))
    .limit(limit);
}

/**
 * Who can hand customers over: the people of the viewer's scope, deactivated ones included (a leaver is
 * deactivated first, and their customers wait for this), with how many live customers each still owns.
 */
export async function getHandoverPeople(db: Db, viewer: Viewer) {
  if (!can(viewer, "customer:assign")) return [];
  return db
    .select({
      id: users.id,
      name: users.name,
      active: users.active,
      orgUnitName: orgUnits.name,
      customers: sql<number>`(select count(*) from customers c where c.owner_id = ${users.id} and c.deleted_at is null)`.mapWith(Number),
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(and(scopeWhere(viewer, { ownerId: users.id, orgUnitId: users.orgUnitId }), isNull(users.deletedAt)))
    .orderBy(asc(orgUnits.path), asc(users.name))
    .limit(500);
}

/** Jobs a stopped server left running (start-up resume). */
export async function runningAssignmentJobIds(db: Db) {
  return (await db.select({ id: assignmentJobs.id }).from(assignmentJobs).where(eq(assignmentJobs.status, "running")).limit(100)).map((r) => r.id);
}
