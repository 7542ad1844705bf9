import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { queryRows, type Db } from "@/db/client";
import { customerStageCounts, customerStageHistory, customers, dealFunnelRollup, deals, dealStatsRollup, orgUnits, processStages, products, users } from "@/db/schema";
import type { CustomerStage } from "@/db/schema/customers";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { buildFunnel, type FunnelStage } from "@/lib/funnel";
import { suggestStage } from "@/lib/stages";
import type { AnalyticsQuery } from "@/lib/validation/analytics";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { andScope, scopeWhere } from "./scope";
import { endOfMonth, startOfMonth } from "@/lib/dates";
import { companyTz } from "./dates";

/** Unit filter = the unit and every unit below it. */
const unitTree = (col: AnyPgColumn, unit: string) =>
  sql`${col} in (select u.id from ${orgUnits} u where u.path like (select p.path from ${orgUnits} p where p.id = ${unit}) || '%')`;

/** China-time day bounds. */
const dayStart = (d: string) => sql`(${d}::date)::timestamp at time zone ${companyTz}`;
const dayEnd = (d: string) => sql`(${d}::date + 1)::timestamp at time zone ${companyTz}`;

/** The deal filters of the funnel and its drill-down (scope always first). */
function dealFilters(viewer: Viewer, q: AnalyticsQuery): SQL[] {
  const f: SQL[] = [scopeWhere(viewer, deals), isNull(deals.deletedAt)];
  if (q.unit) f.push(unitTree(deals.orgUnitId, q.unit));
  if (q.owner) f.push(eq(deals.ownerId, q.owner));
  if (q.product) f.push(eq(deals.productId, q.product));
  if (q.process) f.push(eq(deals.processId, q.process));
  if (q.customer) f.push(eq(deals.customerId, q.customer));
  // period: deals created in it
  if (q.from) f.push(sql`${deals.createdAt} >= ${dayStart(q.from)}`);
  if (q.to) f.push(sql`${deals.createdAt} < ${dayEnd(q.to)}`);
  return f;
}

/**
 * 销售漏斗 for one process: per stage the open deals now (count, amount, weighted), how many deals of the
 * filter ever reached it, conversion to the next stage and average days spent in it. Scoped.
 */
export async function getFunnel(db: Db, viewer: Viewer, processId: string, q: AnalyticsQuery) {
  if (!can(viewer, "deal:view")) throw forbidden();
  const stages: FunnelStage[] = await db
    .select({ id: processStages.id, name: processStages.name, sort: processStages.sort, probability: processStages.probability })
    .from(processStages)
    .where(and(eq(processStages.processId, processId), isNull(processStages.deletedAt)))
    .orderBy(asc(processStages.sort));
  if (!stages.length) throw notFound();
  const inputs = canUseRollup(q) ? await funnelFromRollup(db, viewer, processId, q) : await funnelLive(db, viewer, processId, q);
  return buildFunnel({ stages, ...inputs });
}

type FunnelFigures = Omit<Parameters<typeof buildFunnel>[0], "stages">;

/** The rollup is kept per month of creation and knows no single customer: whole-month periods only. */
export function canUseRollup(q: AnalyticsQuery) {
  return !q.customer && (!q.from || q.from === startOfMonth(q.from)) && (!q.to || q.to === endOfMonth(q.to));
}

/** The funnel's figures from deal_funnel_rollup (migration 0006), under the same scope and filters. */
async function funnelFromRollup(db: Db, viewer: Viewer, processId: string, q: AnalyticsQuery): Promise<FunnelFigures> {
  const r = dealFunnelRollup;
  // per-unit rows answer managers and the GM; per-owner rows a rep's own funnel or an owner filter
  const grain = q.owner || viewer.dataScope === "self" ? 0 : 1;
  const f: SQL[] = [eq(r.grain, grain), scopeWhere(viewer, r), eq(r.processId, processId)];
  if (q.unit) f.push(unitTree(r.orgUnitId, q.unit));
  if (q.owner) f.push(eq(r.ownerId, q.owner));
  if (q.product) f.push(eq(r.productId, q.product));
  if (q.from) f.push(sql`${r.createdMonth} >= ${q.from}::date`);
  if (q.to) f.push(sql`${r.createdMonth} <= ${q.to}::date`);
  const rows = await queryRows<{ stageId: string; sort: number | null; furthest: number; stays: number; seconds: number; count: number; amount: string }>(
    db,
    sql`select ${r.stageId} as "stageId", ps.sort, sum(${r.furthest})::int as furthest,
          sum(${r.staysClosed} + ${r.staysOpen})::int as stays,
          (sum(${r.secondsClosed}) + sum(${r.staysOpen}) * extract(epoch from now()) - sum(${r.openSince}))::float8 as seconds,
          sum(${r.openCount})::int as count, sum(${r.openAmount})::text as amount
        from ${r} left join process_stages ps on ps.id = ${r.stageId}
        where ${and(...f)} group by ${r.stageId}, ps.sort`,
  );
  return {
    current: rows.filter((x) => Number(x.count) > 0).map((x) => ({ stageId: x.stageId, count: Number(x.count), amount: x.amount })),
    furthest: rows.filter((x) => Number(x.furthest) > 0 && x.sort !== null).map((x) => ({ sort: Number(x.sort), count: Number(x.furthest) })),
    dwell: rows.filter((x) => Number(x.stays) > 0).map((x) => ({ stageId: x.stageId, seconds: Number(x.seconds), stays: Number(x.stays) })),
  };
}

/** The funnel's figures computed from the deals and their stage history (any period, one customer). */
async function funnelLive(db: Db, viewer: Viewer, processId: string, q: AnalyticsQuery): Promise<FunnelFigures> {
  const where = and(...dealFilters(viewer, { ...q, process: processId }))!;
  const [current, history] = await Promise.all([
    queryRows<{ stageId: string; count: number; amount: string | null }>(
      db,
      sql`select ${deals.stageId} as "stageId", count(*)::int as count, sum(${deals.expectedAmount})::text as amount
          from ${deals} where ${where} and ${deals.status} = 'open' group by 1`,
    ),
    // one pass over the stage history: each deal's furthest stage, and every stay's length
    queryRows<{ kind: "f" | "d"; stageId: string | null; sort: number | null; count: number; seconds: number }>(
      db,
      sql`with h as (
            select h.deal_id, ps.sort, h.to_stage_id, h.moved_at,
              coalesce(lead(h.moved_at) over (partition by h.deal_id order by h.moved_at, h.id),
                       case when ${deals.status} = 'open' then now() else greatest(h.moved_at, (${deals.closedOn} + 1)::timestamp at time zone ${companyTz}) end) as until
            from deal_stage_history h
            join ${deals} on ${deals.id} = h.deal_id
            join process_stages ps on ps.id = h.to_stage_id
            where ${where})
          select 'f' as kind, null::uuid as "stageId", m.sort, count(*)::int as count, 0::float8 as seconds
            from (select deal_id, max(sort) as sort from h group by deal_id) m group by m.sort
          union all
          select 'd', to_stage_id, null, count(*)::int, coalesce(sum(extract(epoch from (until - moved_at))), 0)::float8 from h group by to_stage_id`,
    ),
  ]);
  const furthest = history.filter((r) => r.kind === "f");
  const dwell = history.filter((r) => r.kind === "d").map((r) => ({ stageId: r.stageId!, seconds: Number(r.seconds), stays: Number(r.count) }));
  return {
    current: current.map((r) => ({ ...r, count: Number(r.count) })),
    furthest: furthest.map((r) => ({ sort: Number(r.sort), count: Number(r.count) })),
    dwell,
  };
}

/** Test and repair hook: the funnel computed both ways (they must agree). */
export async function getFunnelBothWays(db: Db, viewer: Viewer, processId: string, q: AnalyticsQuery) {
  return { rollup: await funnelFromRollup(db, viewer, processId, q), live: await funnelLive(db, viewer, processId, q) };
}

export const DEAL_PAGE_SIZE = 50;

/** The drill-down list of deals (any funnel segment or statistic), keyset on (updated_at, id). */
export async function listDeals(db: Db, viewer: Viewer, q: AnalyticsQuery, limit = DEAL_PAGE_SIZE) {
  const where = dealFilters(viewer, q);
  if (q.stage) where.push(eq(deals.stageId, q.stage));
  if (q.status) where.push(eq(deals.status, q.status));
  const cursor = decodeCursor(q.cursor, "timestamp");
  if (cursor?.[0]) where.push(sql`(${deals.updatedAt}, ${deals.id}) < (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)`);
  const rows = await db
    .select({
      id: deals.id,
      title: deals.title,
      status: deals.status,
      customerId: deals.customerId,
      customerName: customers.name,
      ownerName: users.name,
      productName: products.name,
      stageName: processStages.name,
      expectedAmount: deals.expectedAmount,
      expectedDate: deals.expectedDate,
      probability: deals.probability,
      amount: deals.amount,
      closedOn: deals.closedOn,
      updatedAt: deals.updatedAt,
      sortKey: sql<string>`${deals.updatedAt}::text`,
    })
    .from(deals)
    .innerJoin(customers, eq(customers.id, deals.customerId))
    .innerJoin(processStages, eq(processStages.id, deals.stageId))
    .leftJoin(users, eq(users.id, deals.ownerId))
    .leftJoin(products, eq(products.id, deals.productId))
    .where(and(...where))
    // plain DESC (= NULLS FIRST) is the deals_*_idx order (migration 0001); NULLS LAST would sort everything
    .orderBy(sql`${deals.updatedAt} desc`, sql`${deals.id} desc`)
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page.map(({ sortKey: _s, ...r }) => r), nextCursor: more && last ? encodeCursor([last.sortKey, last.id]) : null };
}

/** Forecast vs actual over the filter: open pipeline (expected, weighted) and won revenue; exact strings. */
export async function getDealTotals(db: Db, viewer: Viewer, q: AnalyticsQuery) {
  const [r] = statsCanUseRollup(q) ? await dealStatsFromRollup(db, viewer, q, null) : await dealStatsLive(db, viewer, q, null);
  return r ? toFigures(r) : { open: 0, won: 0, lost: 0, forecast: "0.00", weighted: "0.00", actual: "0.00" };
}

// ---------------------------------------------------------------- five-level stages

/** Customers per five-level stage grouped by branch, unit and rep, inside the scope. */
export async function getStageCounts(db: Db, viewer: Viewer, q: Pick<AnalyticsQuery, "unit" | "owner">) {
  // read from the counts rollup (migration 0007), under the same scope predicate as customers
  const t = customerStageCounts;
  const f: SQL[] = [scopeWhere(viewer, t), sql`${t.n} > 0`];
  if (q.unit) f.push(unitTree(t.orgUnitId, q.unit));
  if (q.owner) f.push(eq(t.ownerId, q.owner));
  const rows = await queryRows<{ branchId: string | null; branchName: string | null; unitId: string; unitName: string; ownerId: string; ownerName: string; stage: CustomerStage; n: number }>(
    db,
    sql`select b.id as "branchId", b.name as "branchName", u.id as "unitId", u.name as "unitName", us.id as "ownerId", us.name as "ownerName", c.stage, c.n
        from (select ${t.orgUnitId} as unit_id, ${t.ownerId} as owner_id, ${t.stage} as stage, ${t.n} as n
              from ${t} where ${and(...f)}) c
        join org_units u on u.id = c.unit_id
        join users us on us.id = c.owner_id
        left join org_units b on b.id = nullif(split_part(u.path, '/', 3), '')::uuid
        order by u.path, us.name`,
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/**
 * Transitions in a period: from → to, how many, and which customers moved when (scoped). A new customer's
 * first stage is a change too (from null: 新建 → its stage), so a month of new prospects is not an empty
 * month.
 */
export async function getStageTransitions(db: Db, viewer: Viewer, q: Pick<AnalyticsQuery, "unit" | "owner" | "from" | "to">, detailLimit = 200) {
  const f: SQL[] = [scopeWhere(viewer, customers), isNull(customers.deletedAt)];
  if (q.unit) f.push(unitTree(customers.orgUnitId, q.unit));
  if (q.owner) f.push(eq(customers.ownerId, q.owner));
  if (q.from) f.push(sql`${customerStageHistory.changedAt} >= ${dayStart(q.from)}`);
  if (q.to) f.push(sql`${customerStageHistory.changedAt} < ${dayEnd(q.to)}`);
  const where = and(...f);
  const [summary, detail] = await Promise.all([
    db
      .select({ fromStage: customerStageHistory.fromStage, toStage: customerStageHistory.toStage, n: sql<number>`count(*)::int`.mapWith(Number) })
      .from(customerStageHistory)
      .innerJoin(customers, eq(customers.id, customerStageHistory.customerId))
      .where(where)
      .groupBy(customerStageHistory.fromStage, customerStageHistory.toStage)
      .orderBy(desc(sql`count(*)`)),
    db
      .select({
        id: customerStageHistory.id,
        customerId: customers.id,
        customerName: customers.name,
        fromStage: customerStageHistory.fromStage,
        toStage: customerStageHistory.toStage,
        changedAt: customerStageHistory.changedAt,
        byName: users.name,
      })
      .from(customerStageHistory)
      .innerJoin(customers, eq(customers.id, customerStageHistory.customerId))
      .leftJoin(users, eq(users.id, customerStageHistory.changedBy))
      .where(where)
      .orderBy(desc(customerStageHistory.changedAt))
      .limit(detailLimit),
  ]);
  return { summary, detail };
}

/** The data's suggestion for a customer's stage (never applied here). */
export async function getStageSuggestion(db: Db, viewer: Viewer, customerId: string) {
  const [c] = await db
    .select({ stage: customers.stage })
    .from(customers)
    .where(andScope(viewer, customers, eq(customers.id, customerId), isNull(customers.deletedAt)))
    .limit(1);
  if (!c) return null;
  const [w] = await db
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(deals)
    .where(and(eq(deals.customerId, customerId), eq(deals.status, "won"), isNull(deals.deletedAt)));
  const to = suggestStage(c.stage, w.n);
  return to ? { from: c.stage, to, wonDeals: w.n } : null;
}

/** Changes a customer's five-level stage (accepting a suggestion or by hand), logged and audited. */
export async function changeCustomerStage(db: Db, viewer: Viewer, customerId: string, toStage: CustomerStage, reason: string | null, ip?: string | null) {
  if (!can(viewer, "customer:edit")) throw forbidden();
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select({ id: customers.id, stage: customers.stage })
      .from(customers)
      .where(andScope(viewer, customers, eq(customers.id, customerId), isNull(customers.deletedAt)))
      .for("update")
      .limit(1);
    if (!c) throw notFound();
    if (c.stage === toStage) throw new AppError("VALIDATION", "客户已经是这个分类");
    await tx.update(customers).set({ stage: toStage, updatedAt: new Date(), updatedBy: viewer.id, version: sql`${customers.version} + 1` }).where(eq(customers.id, c.id));
    await tx.insert(customerStageHistory).values({ customerId: c.id, fromStage: c.stage, toStage, changedBy: viewer.id, reason });
    await writeAudit(tx, viewer, { action: "stage_change", entityType: "customer", entityId: c.id, before: { stage: c.stage }, after: { stage: toStage, reason }, ip });
    return { from: c.stage, to: toStage };
  });
}

export type BreakdownBy = "product" | "owner" | "unit" | "month";

type StatsRow = { key: string | null; open: number; won: number; lost: number; forecast: string | null; weighted: string | null; actual: string | null };
const toFigures = (r: StatsRow) => ({
  open: Number(r.open),
  won: Number(r.won),
  lost: Number(r.lost),
  forecast: r.forecast ?? "0.00",
  weighted: r.weighted ?? "0.00",
  actual: r.actual ?? "0.00",
});

/** The breakdown's row label: a product, rep or unit name (a month is its own label). */
const breakdownLabel = (by: BreakdownBy) =>
  by === "product"
    ? sql`(select name from products p where p.id::text = k.key)`
    : by === "owner"
      ? sql`(select name from users u where u.id::text = k.key)`
      : by === "unit"
        ? sql`(select name from org_units o where o.id::text = k.key)`
        : sql`k.key`;

/** Largest revenue first (months: latest first), at most 200 rows; the same order both ways. */
const breakdownOrder = (by: BreakdownBy) => (by === "month" ? sql`k.key desc nulls last` : sql`coalesce(k.actual, '0')::numeric desc, k.key`);

/**
 * The statistics' rollup knows no stage and sums every status: a drill-down to one stage (the funnel's
 * segment) or one status is computed live, so it shows that stage's own figures, not the whole funnel's.
 */
export const statsCanUseRollup = (q: AnalyticsQuery) => canUseRollup(q) && !q.stage && !q.status;

/** Statistics computed from the deals themselves (any period, one customer, one stage or status): null `by` = the totals. */
async function dealStatsLive(db: Db, viewer: Viewer, q: AnalyticsQuery, by: BreakdownBy | null) {
  const f = dealFilters(viewer, q);
  if (q.stage) f.push(eq(deals.stageId, q.stage));
  if (q.status) f.push(eq(deals.status, q.status));
  const where = and(...f)!;
  const key =
    by === "product"
      ? sql`d.product_id::text`
      : by === "owner"
        ? sql`d.owner_id::text`
        : by === "unit"
          ? sql`d.org_unit_id::text`
          : by === "month"
            ? sql`to_char(coalesce(d.closed_on, d.expected_date), 'YYYY-MM')`
            : sql`null::text`;
  return queryRows<StatsRow & { label: string | null }>(
    db,
    sql`select k.key, ${by ? breakdownLabel(by) : sql`null`} as label, k.open, k.won, k.lost, k.forecast, k.weighted, k.actual from (
          select ${key} as key,
            count(*) filter (where d.status = 'open')::int as open, count(*) filter (where d.status = 'won')::int as won, count(*) filter (where d.status = 'lost')::int as lost,
            (sum(d.expected_amount) filter (where d.status = 'open'))::text as forecast,
            (round(sum(d.expected_amount * coalesce(d.probability, 0) / 100) filter (where d.status = 'open'), 2))::text as weighted,
            (sum(d.amount) filter (where d.status = 'won'))::text as actual
          from (select * from ${deals} where ${where}) d group by 1) k
        ${by ? sql`order by ${breakdownOrder(by)} limit 200` : sql``}`,
  );
}

/**
 * The same statistics from deal_stats_rollup (migration 0008), for whole-month periods: the grain with the
 * close or expected month for the per-month figures, per owner or per unit as the figures need.
 */
async function dealStatsFromRollup(db: Db, viewer: Viewer, q: AnalyticsQuery, by: BreakdownBy | null) {
  const r = dealStatsRollup;
  // per owner when the figures are per rep or the viewer sees only their own deals; otherwise per unit
  const perOwner = by === "owner" || !!q.owner || viewer.dataScope === "self";
  const f: SQL[] = [eq(r.grain, (by === "month" ? 0 : 1) + (perOwner ? 0 : 2)), scopeWhere(viewer, r)];
  if (q.unit) f.push(unitTree(r.orgUnitId, q.unit));
  if (q.owner) f.push(eq(r.ownerId, q.owner));
  if (q.product) f.push(eq(r.productId, q.product));
  if (q.process) f.push(eq(r.processId, q.process));
  if (q.from) f.push(sql`${r.createdMonth} >= ${q.from}::date`);
  if (q.to) f.push(sql`${r.createdMonth} <= ${q.to}::date`);
  // grouped by the column itself, formatted after grouping (a few dozen keys, not every row)
  const raw = by === "product" ? r.productId : by === "owner" ? r.ownerId : by === "unit" ? r.orgUnitId : by === "month" ? r.bucketMonth : sql`null`;
  const key = by === "month" ? sql`to_char(g.raw, 'YYYY-MM')` : sql`g.raw::text`;
  return queryRows<StatsRow & { label: string | null }>(
    db,
    sql`select k.key, ${by ? breakdownLabel(by) : sql`null`} as label, k.open, k.won, k.lost, k.forecast, k.weighted, k.actual from (
          select ${key} as key, g.open, g.won, g.lost, g.forecast, g.weighted, g.actual from (
            select ${raw} as raw, sum(${r.open})::int as open, sum(${r.won})::int as won, sum(${r.lost})::int as lost,
              round(sum(${r.forecast}), 2)::text as forecast, round(sum(${r.weighted}), 2)::text as weighted, round(sum(${r.actual}), 2)::text as actual
            from ${r} where ${and(...f)} group by 1
            having sum(${r.open} + ${r.won} + ${r.lost}) > 0) g) k
        ${by ? sql`order by ${breakdownOrder(by)} limit 200` : sql``}`,
  );
}

/** Test and repair hook: the deal statistics computed both ways (they must agree). */
export async function getDealStatsBothWays(db: Db, viewer: Viewer, q: AnalyticsQuery, by: BreakdownBy | null) {
  return { rollup: await dealStatsFromRollup(db, viewer, q, by), live: await dealStatsLive(db, viewer, q, by) };
}

/**
 * 自动统计: forecast vs actual per product, rep, unit or month (of close / expected date) over the filter,
 * scoped; exact money strings. Each row carries the filter value that drills down to its deals. Whole-month
 * periods read the rollup; others are computed live.
 */
export async function getDealBreakdown(db: Db, viewer: Viewer, q: AnalyticsQuery, by: BreakdownBy) {
  const rows = statsCanUseRollup(q) ? await dealStatsFromRollup(db, viewer, q, by) : await dealStatsLive(db, viewer, q, by);
  return rows.map((r) => ({ key: r.key, label: r.label, ...toFigures(r) }));
}
