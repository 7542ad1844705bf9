import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { queryRows, type Db } from "@/db/client";
import { customers, deals, orgUnits } from "@/db/schema";
import { forbidden, notFound } from "@/lib/errors";
import type { AnalyticsQuery } from "@/lib/validation/analytics";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { scopeWhere } from "./scope";

const unitTree = (col: AnyPgColumn, unit: string) =>
  sql`${col} in (select u.id from ${orgUnits} u where u.path like (select p.path from ${orgUnits} p where p.id = ${unit}) || '%')`;

export type ParetoQuery = Pick<AnalyticsQuery, "unit" | "owner" | "product" | "from" | "to">;

/** The grade window (the default period of the Pareto and the source analysis) and today, China time. */
export async function getGradeWindow(db: Db) {
  const [w] = await queryRows<{ from: string; to: string }>(db, sql`select zhike_value_window_start()::text as "from", ((now() at time zone 'Asia/Shanghai')::date)::text as "to"`);
  return w;
}

/**
 * Revenue per customer in the period, as SQL for a CTE: (customer_id, revenue). Over the grade window
 * without a product filter it is the customers' materialised value_revenue (migration 0014, kept by the
 * deals' trigger and the daily regrade); any other period sums the won deals (deals_won_*_idx, index-only).
 * Both are scoped like customers (deals carry their customer's owner and unit); deleted customers are out.
 */
export function revenueByCustomer(viewer: Viewer, q: ParetoQuery, window: { from: string; to: string }): { sql: SQL; materialised: boolean; from: string; to: string } {
  const from = q.from ?? window.from;
  const to = q.to ?? window.to;
  if (!q.product && from === window.from && to === window.to) {
    const f: SQL[] = [scopeWhere(viewer, customers), isNull(customers.deletedAt), sql`${customers.valueRevenue} > 0`];
    if (q.unit) f.push(unitTree(customers.orgUnitId, q.unit));
    if (q.owner) f.push(eq(customers.ownerId, q.owner));
    return { sql: sql`select ${customers.id} as customer_id, ${customers.valueRevenue} as revenue from ${customers} where ${and(...f)}`, materialised: true, from, to };
  }
  const f: SQL[] = [scopeWhere(viewer, deals), isNull(deals.deletedAt), eq(deals.status, "won"), sql`${deals.closedOn} between ${from}::date and ${to}::date`];
  if (q.unit) f.push(unitTree(deals.orgUnitId, q.unit));
  if (q.owner) f.push(eq(deals.ownerId, q.owner));
  if (q.product) f.push(eq(deals.productId, q.product));
  return {
    sql: sql`select x.customer_id, x.revenue from (select ${deals.customerId} as customer_id, sum(${deals.amount}) as revenue from ${deals} where ${and(...f)} group by 1) x
             join customers c on c.id = x.customer_id and c.deleted_at is null where x.revenue > 0`,
    materialised: false,
    from,
    to,
  };
}

export type ParetoBar = { from: number; to: number; revenue: string; cumulative: number };
export type ParetoCustomer = { rank: number; id: string; name: string; ownerName: string | null; grade: string | null; revenue: string; share: number; cumulative: number };

/** At most this many bars: past it each bar is a run of ranks (the chart stays readable and small). */
export const PARETO_BARS = 100;

/**
 * 二八分割图: customers ranked by won revenue in the period (ties by id), the cumulative share, how many
 * customers make 80% of revenue, at most PARETO_BARS bars, and the first `listLimit` customers of the 80%.
 * Scoped; exact money strings; one statement.
 */
export async function getPareto(db: Db, viewer: Viewer, q: ParetoQuery, listLimit = 200) {
  if (!can(viewer, "analytics:view")) throw forbidden();
  const window = await getGradeWindow(db);
  const src = revenueByCustomer(viewer, q, window);
  const [r] = await queryRows<{ n: number; total: string; k80: number; bars: ParetoBar[] | null; list: (Omit<ParetoCustomer, "share" | "cumulative"> & { cum: string })[] | null }>(
    db,
    sql`with r as (${src.sql}),
        k as (select customer_id, revenue, row_number() over (order by revenue desc, customer_id) as rn,
                     sum(revenue) over (order by revenue desc, customer_id rows unbounded preceding) as cum from r),
        t as (select count(*)::int as n, coalesce(sum(revenue), 0) as total from k),
        p as (select coalesce(min(k.rn), 0)::int as k80 from k, t where k.cum * 5 >= t.total * 4),
        b as (select ((k.rn - 1) * least(t.n, ${PARETO_BARS}) / t.n)::int as bucket, min(k.rn)::int as "from", max(k.rn)::int as "to",
                     sum(k.revenue)::text as revenue, (max(k.cum) / t.total)::float8 as cumulative
                from k, t group by 1, t.total)
        select t.n, t.total::text as total, p.k80,
          (select json_agg(json_build_object('from', b."from", 'to', b."to", 'revenue', b.revenue, 'cumulative', b.cumulative) order by b.bucket) from b) as bars,
          (select json_agg(json_build_object('rank', k.rn, 'id', k.customer_id, 'name', c.name, 'ownerName', u.name,
                    'grade', coalesce(c.value_grade_override, c.value_grade), 'revenue', k.revenue::text, 'cum', k.cum::text) order by k.rn)
             -- the LIMIT tells the planner it is a few rows: primary-key lookups, not a scan of every customer
             from (select * from k where k.rn <= least(p.k80, ${listLimit}) order by k.rn limit ${listLimit}) k
             join customers c on c.id = k.customer_id left join users u on u.id = c.owner_id) as list
        from t, p`,
  );
  const total = Number(r.total);
  const n = Number(r.n);
  const k80 = Number(r.k80);
  return {
    from: src.from,
    to: src.to,
    materialised: src.materialised,
    customers: n,
    total: r.total,
    k80,
    /** share of the customers that make 80% of revenue (0–1) */
    k80Share: n ? k80 / n : 0,
    bars: r.bars ?? [],
    list: (r.list ?? []).map(({ cum, ...c }) => ({ ...c, share: total ? Number(c.revenue) / total : 0, cumulative: total ? Number(cum) / total : 0 })),
  };
}

/** The whole 80% list for the export (CSV), in rank order, audited as an export. */
export async function exportParetoList(db: Db, viewer: Viewer, q: ParetoQuery, ip?: string | null) {
  if (!can(viewer, "analytics:view") || !can(viewer, "customer:export")) throw notFound();
  await writeAudit(db, viewer, { action: "export", entityType: "pareto", after: { filters: q }, ip });
  return getPareto(db, viewer, q, 1_000_000);
}
