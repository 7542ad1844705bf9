import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { appSettings, customerOwnerHistory, customers, notifications, orgUnits, poolRules, users } from "@/db/schema";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { fromLocal, today as companyToday } from "@/lib/dates";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { DEFAULT_CLAIM_LIMIT, maskEmail, maskMobile } from "@/lib/pool";
import type { PoolQuery, PoolRuleInput } from "@/lib/validation/team";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit, writeAudits } from "./audit";
import { moveWithCustomers, recordOwnerChanges } from "./customer-assignment";
import { scopeWhere } from "./scope";

export const POOL_PAGE_SIZE = 50;

// ---------------------------------------------------------------- rules (admins)

/** Every live unit with its own pool rule (if any), in tree order: the /admin/pool editor. */
export async function getPoolRules(db: Db, viewer: Viewer) {
  if (!can(viewer, "admin:org")) throw forbidden();
  return db
    .select({
      orgUnitId: orgUnits.id,
      name: orgUnits.name,
      kind: orgUnits.kind,
      path: orgUnits.path,
      depth: sql<number>`(length(${orgUnits.path}) - length(replace(${orgUnits.path}, '/', '')) - 2)`.mapWith(Number),
      hasRule: sql<boolean>`(${poolRules.orgUnitId} is not null)`.mapWith(Boolean),
      notContactedDays: poolRules.notContactedDays,
      noDealDays: poolRules.noDealDays,
      claimedUntouchedDays: poolRules.claimedUntouchedDays,
      claimLimit: poolRules.claimLimit,
    })
    .from(orgUnits)
    .leftJoin(poolRules, and(eq(poolRules.orgUnitId, orgUnits.id), isNull(poolRules.deletedAt)))
    .where(isNull(orgUnits.deletedAt))
    .orderBy(asc(orgUnits.path))
    .limit(1000);
}

/** Saves (or with `remove`, removes) one unit's own rule; audited. */
export async function savePoolRule(db: Db, viewer: Viewer, input: PoolRuleInput, ip?: string | null) {
  if (!can(viewer, "admin:org")) throw forbidden();
  return db.transaction(async (tx) => {
    const [unit] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(and(eq(orgUnits.id, input.orgUnitId), isNull(orgUnits.deletedAt))).limit(1);
    if (!unit) throw notFound();
    const [before] = await tx.select().from(poolRules).where(eq(poolRules.orgUnitId, input.orgUnitId)).for("update");
    const values = {
      notContactedDays: input.notContactedDays,
      noDealDays: input.noDealDays,
      claimedUntouchedDays: input.claimedUntouchedDays,
      claimLimit: input.claimLimit,
    };
    if (input.remove) {
      if (before && !before.deletedAt)
        await tx.update(poolRules).set({ deletedAt: new Date(), updatedBy: viewer.id, version: sql`${poolRules.version} + 1` }).where(eq(poolRules.orgUnitId, input.orgUnitId));
    } else if (before) {
      await tx
        .update(poolRules)
        .set({ ...values, deletedAt: null, updatedBy: viewer.id, version: sql`${poolRules.version} + 1` })
        .where(eq(poolRules.orgUnitId, input.orgUnitId));
    } else {
      await tx.insert(poolRules).values({ orgUnitId: input.orgUnitId, ...values, createdBy: viewer.id, updatedBy: viewer.id });
    }
    const live = before && !before.deletedAt ? before : null;
    await writeAudit(tx, viewer, {
      action: input.remove ? "delete" : live ? "update" : "create",
      entityType: "pool_rule",
      entityId: input.orgUnitId,
      before: live ? { notContactedDays: live.notContactedDays, noDealDays: live.noDealDays, claimedUntouchedDays: live.claimedUntouchedDays, claimLimit: live.claimLimit } : null,
      after: input.remove ? null : values,
      ip,
    });
  });
}

/** The rule that governs a unit: its own, else the nearest ancestor's (deepest path wins); null if none. */
export async function effectivePoolRule(db: Db, orgUnitId: string) {
  const [r] = await queryRows<{ claimLimit: number; notContactedDays: number | null; noDealDays: number | null; claimedUntouchedDays: number | null }>(
    db,
    sql`select r.claim_limit as "claimLimit", r.not_contacted_days as "notContactedDays", r.no_deal_days as "noDealDays",
               r.claimed_untouched_days as "claimedUntouchedDays"
          from org_units u
          join org_units a on u.path like a.path || '%' and a.deleted_at is null
          join pool_rules r on r.org_unit_id = a.id and r.deleted_at is null
         where u.id = ${orgUnitId}
         order by length(a.path) desc limit 1`,
  );
  return r ?? null;
}

// ---------------------------------------------------------------- the daily job

/**
 * Moves into their unit's pool the owned customers that a rule of their unit (or the nearest ancestor with
 * one) says were neglected, as of `now`: not contacted for N days (never contacted: since created), no open
 * deal and none won for M days (and known for M days), or claimed from the pool and not contacted in the K
 * days since. A company takes its contacts. Each move goes through the one cascade (communications, deals,
 * message sends follow; the previous rep's to-dos and reminder state stay theirs), is in the owner history
 * (by: nobody, reason 'pool') and the audit log, and each previous owner is told how many left them.
 * Set-based: one candidate query, then a few statements per unit. Returns how many customers moved.
 */
export async function applyPoolRules(db: Db, now = new Date()) {
  return db.transaction(async (tx) => applyPoolRulesIn(tx, now));
}

async function applyPoolRulesIn(tx: Db, now: Date) {
  const today = companyToday(now);
  const at = sql`${now.toISOString()}::timestamptz`;
  // per unit, the deepest rule on its path
  const candidates = await queryRows<{ id: string; ownerId: string; orgUnitId: string; companyId: string | null }>(
    tx,
    sql`with eff as (
          select distinct on (u.id) u.id as unit_id, r.not_contacted_days, r.no_deal_days, r.claimed_untouched_days
            from org_units u
            join org_units a on u.path like a.path || '%' and a.deleted_at is null
            join pool_rules r on r.org_unit_id = a.id and r.deleted_at is null
           where u.deleted_at is null
           order by u.id, length(a.path) desc)
        select c.id, c.owner_id as "ownerId", c.org_unit_id as "orgUnitId", c.company_id as "companyId"
          from customers c join eff on eff.unit_id = c.org_unit_id
         where c.deleted_at is null and c.pooled_at is null and c.owner_id is not null and c.company_id is null
           and (
             (eff.not_contacted_days is not null and coalesce(c.last_contact_at, c.created_at) < ${at} - make_interval(days => eff.not_contacted_days))
             or (eff.no_deal_days is not null and c.created_at < ${at} - make_interval(days => eff.no_deal_days)
                 and not exists (select 1 from deals d where d.customer_id = c.id and d.deleted_at is null
                                   and (d.status = 'open' or (d.status = 'won' and d.closed_on >= ${today}::date - eff.no_deal_days))))
             or (eff.claimed_untouched_days is not null and c.claimed_at is not null
                 and c.claimed_at < ${at} - make_interval(days => eff.claimed_untouched_days)
                 and (c.last_contact_at is null or c.last_contact_at < c.claimed_at))
           )
         order by c.id
         for update of c skip locked`,
  );
  if (!candidates.length) return 0;
  // contacts of a pooled company go with it
  const contacts = await queryRows<{ id: string; ownerId: string | null; orgUnitId: string | null; companyId: string | null }>(
    tx,
    sql`select id, owner_id as "ownerId", org_unit_id as "orgUnitId", company_id as "companyId" from customers
         where company_id = any(${sql.param(candidates.map((c) => c.id))}::uuid[]) and pooled_at is null order by id for update skip locked`,
  );
  const unitOf = new Map(candidates.map((c) => [c.id, c.orgUnitId]));
  const byUnit = new Map<string, typeof contacts>();
  for (const r of [...candidates, ...contacts]) {
    const unit = r.companyId ? unitOf.get(r.companyId)! : r.orgUnitId!;
    byUnit.set(unit, [...(byUnit.get(unit) ?? []), r]);
  }
  let moved = 0;
  const lost = new Map<string, number>();
  for (const [unit, rows] of byUnit) {
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      const to = { ownerId: null, orgUnitId: unit };
      const { movedIds } = await moveWithCustomers(tx, null, chunk.map((r) => r.id), to);
      const changed = chunk.filter((r) => movedIds.has(r.id));
      await recordOwnerChanges(tx, changed, to, { reason: "pool", byUserId: null });
      await writeAudits(
        tx,
        null,
        changed.map((r) => ({ action: "assign", entityType: "customer", entityId: r.id, before: { ownerId: r.ownerId, orgUnitId: r.orgUnitId }, after: { ...to, reason: "pool" } })),
      );
      moved += changed.length;
      for (const r of changed) if (r.ownerId && !r.companyId) lost.set(r.ownerId, (lost.get(r.ownerId) ?? 0) + 1);
    }
  }
  if (lost.size)
    await tx.insert(notifications).values(
      [...lost].map(([userId, n]) => ({ userId, kind: "pooled", title: `${n} 位客户按公海规则转入了公海`, href: "/team/pool" })),
    );
  return moved;
}

/**
 * The daily run (lib/jobs/daily.ts): under an advisory lock and a day stamp, so several app servers on one
 * PostgreSQL do it once a day. Null when another server holds the lock or it already ran today.
 */
export async function runPoolRulesForToday(db: Db, now = new Date()) {
  const today = companyToday(now);
  return db.transaction(async (tx) => {
    const [{ got }] = await queryRows<{ got: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtext('zhike:pool-rules')) as got`);
    if (!got) return null;
    const [done] = await tx.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, "pool_rules_ran_on"));
    if (done?.value === today) return null;
    const n = await applyPoolRulesIn(tx, now);
    await tx
      .insert(appSettings)
      .values({ key: "pool_rules_ran_on", value: sql`to_jsonb(${today}::text)` })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: sql`excluded.value` } });
    return n;
  });
}

// ---------------------------------------------------------------- the pool (reps and managers)

/**
 * Whose pools the viewer sees: a rep (own data only) the pool of their own unit; a manager the pools of the
 * units in scope; the GM every pool. Null = every unit.
 */
function poolUnits(viewer: Viewer): string[] | null {
  if (!can(viewer, "customer:view")) return [];
  if (viewer.dataScope === "all") return null;
  if (viewer.dataScope === "unit" || viewer.dataScope === "unit_tree") return viewer.unitIds;
  if (viewer.dataScope === "self") return [viewer.orgUnitId];
  return [];
}

function inPools(viewer: Viewer): SQL {
  const units = poolUnits(viewer);
  if (units === null) return sql`true`;
  return units.length ? inArray(customers.orgUnitId, units) : sql`false`;
}

/** Whether the viewer sees the pool's contact details unmasked: those who may assign customers (managers). */
const seesContacts = (viewer: Viewer) => can(viewer, "customer:assign");

/** One page of the pool(s) the viewer sees, newest in first; contact details masked for reps. */
export async function listPool(db: Db, viewer: Viewer, q: PoolQuery, limit = POOL_PAGE_SIZE) {
  const where: SQL[] = [inPools(viewer), isNull(customers.deletedAt), sql`${customers.pooledAt} is not null`, isNull(customers.companyId)];
  if (q.unit) where.push(eq(customers.orgUnitId, q.unit));
  const cursor = decodeCursor(q.cursor, "timestamp");
  if (cursor) where.push(sql`(${customers.pooledAt}, ${customers.id}) < (${cursor[0]}::timestamptz, ${cursor[1]})`);
  const rows = await db
    .select({
      id: customers.id,
      kind: customers.kind,
      name: customers.name,
      companyName: customers.companyName,
      title: customers.title,
      mobile: customers.mobile,
      email: customers.email,
      stage: customers.stage,
      orgUnitId: customers.orgUnitId,
      unitName: orgUnits.name,
      lastContactAt: customers.lastContactAt,
      pooledAt: customers.pooledAt,
      key: sql<string>`${customers.pooledAt}::text`,
    })
    .from(customers)
    .leftJoin(orgUnits, eq(orgUnits.id, customers.orgUnitId))
    .where(and(...where))
    .orderBy(desc(customers.pooledAt), desc(customers.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const open = seesContacts(viewer);
  return {
    rows: page.map(({ key: _k, ...r }) => ({ ...r, mobile: open ? r.mobile : maskMobile(r.mobile), email: open ? r.email : maskEmail(r.email), masked: !open })),
    nextCursor: more && last ? encodeCursor([last.key, last.id]) : null,
  };
}

/** How many the viewer claimed today, and their limit (the rule of their unit, or the default). */
export async function claimAllowance(db: Db, viewer: Viewer, now = new Date()) {
  const rule = await effectivePoolRule(db, viewer.orgUnitId);
  const limit = rule?.claimLimit ?? DEFAULT_CLAIM_LIMIT;
  const since = fromLocal(companyToday(now), "00:00") ?? now;
  const [{ n }] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${customerOwnerHistory}
         where ${customerOwnerHistory.toOwnerId} = ${viewer.id} and ${customerOwnerHistory.reason} = 'claim' and ${customerOwnerHistory.at} >= ${since.toISOString()}::timestamptz`,
  );
  return { claimed: Number(n), limit };
}

/**
 * 领取: the viewer takes a customer (and its contacts) from a pool they see, as its owner. Race-safe: the
 * customer row is locked FOR UPDATE and the pool condition re-read under the lock, so of two reps claiming
 * at once one wins and the other is told it is gone (CONFLICT). The daily limit is counted under a per-person
 * advisory lock, so two claims of one rep at once cannot both pass it.
 */
export async function claimFromPool(db: Db, viewer: Viewer, customerId: string, ip?: string | null, now = new Date()) {
  if (!can(viewer, "customer:create")) throw forbidden("您没有领取客户的权限");
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${viewer.id}::text, 4242))`);
    const [root] = await tx
      .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId, orgUnitId: customers.orgUnitId, pooledAt: customers.pooledAt })
      .from(customers)
      .where(and(eq(customers.id, customerId), isNull(customers.deletedAt), isNull(customers.companyId), inPools(viewer)))
      .for("update");
    if (!root) throw notFound();
    if (!root.pooledAt) throw new AppError("CONFLICT", "该客户已被他人领取，已不在公海中");
    const { claimed, limit } = await claimAllowance(tx, viewer, now);
    if (claimed >= limit) throw new AppError("CONFLICT", `今天已领取 ${claimed} 位客户，已达每日上限 ${limit} 位`);
    const contacts = await tx
      .select({ id: customers.id, ownerId: customers.ownerId, orgUnitId: customers.orgUnitId })
      .from(customers)
      .where(eq(customers.companyId, customerId))
      .orderBy(customers.id)
      .for("update");
    const rows = [root, ...contacts];
    const to = { ownerId: viewer.id, orgUnitId: viewer.orgUnitId };
    const { movedIds } = await moveWithCustomers(tx, viewer.id, rows.map((r) => r.id), to, { claimedAt: now });
    await recordOwnerChanges(tx, rows.filter((r) => movedIds.has(r.id)), to, { reason: "claim", byUserId: viewer.id });
    await writeAudits(
      tx,
      viewer,
      rows.filter((r) => movedIds.has(r.id)).map((r) => ({ action: "assign", entityType: "customer", entityId: r.id, before: { ownerId: r.ownerId, orgUnitId: r.orgUnitId }, after: { ...to, reason: "claim" }, ip })),
    );
    return { id: root.id, name: root.name };
  });
}

/** A customer's owner history, newest first (the profile); empty unless the customer is in the viewer's scope. */
export async function getOwnerHistory(db: Db, viewer: Viewer, customerId: string, limit = 50) {
  const from = sql`(select name from ${users} where id = ${customerOwnerHistory.fromOwnerId})`;
  const to = sql`(select name from ${users} where id = ${customerOwnerHistory.toOwnerId})`;
  const by = sql`(select name from ${users} where id = ${customerOwnerHistory.byUserId})`;
  return db
    .select({
      id: customerOwnerHistory.id,
      at: customerOwnerHistory.at,
      reason: customerOwnerHistory.reason,
      note: customerOwnerHistory.note,
      fromName: sql<string | null>`${from}`,
      toName: sql<string | null>`${to}`,
      byName: sql<string | null>`${by}`,
    })
    .from(customerOwnerHistory)
    .innerJoin(customers, and(eq(customers.id, customerOwnerHistory.customerId), scopeWhere(viewer, customers)))
    .where(eq(customerOwnerHistory.customerId, customerId))
    .orderBy(desc(customerOwnerHistory.at), desc(customerOwnerHistory.id))
    .limit(limit);
}
