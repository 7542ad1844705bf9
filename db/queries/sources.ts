import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { queryRows, type Db } from "@/db/client";
import { customerMonthRollup, customerValueRollup, deals, orgUnits } from "@/db/schema";
import { forbidden } from "@/lib/errors";
import { centsToString, toCents } from "@/lib/money";
import { CUSTOMER_STAGES, type CustomerStage } from "@/lib/stages";
import { can, type Viewer } from "@/lib/viewer";
import { getGradeWindow } from "./pareto";
import { scopeWhere } from "./scope";

const unitTree = (col: AnyPgColumn, unit: string) =>
  sql`${col} in (select u.id from ${orgUnits} u where u.path like (select p.path from ${orgUnits} p where p.id = ${unit}) || '%')`;

export type SourceQuery = { unit?: string; owner?: string; from?: string; to?: string };

/** 成交客户: the stages that have bought (成交, 忠诚). */
export const CLOSED_STAGES: readonly CustomerStage[] = ["closed", "loyal"];

export type SourceRow = {
  /** the 认识来源 dictionary item; null = not given */
  sourceId: string | null;
  label: string | null;
  customers: number;
  closed: number;
  conversion: number;
  revenue: string;
  share: number;
  perCustomer: string;
  /** average days from meeting (认识时间, else when entered) to the first won deal */
  avgDaysToFirstDeal: number | null;
  byStage: Record<CustomerStage, number>;
  byGrade: Record<string, number>;
};

/**
 * 认识来源分析: per acquisition source the customers in scope (the whole book), how many have bought, the
 * conversion, the won revenue in the period (grade window by default), its share, revenue per customer and
 * the days from meeting to the first deal; the cross tables with stage and value grade; and by month the
 * customers met and the revenue won. Read from the rollups of migration 0014 (a few thousand keys whatever
 * the scope); only a period other than the grade window sums its won deals.
 */
export async function getSourceAnalysis(db: Db, viewer: Viewer, q: SourceQuery) {
  if (!can(viewer, "analytics:view")) throw forbidden();
  const window = await getGradeWindow(db);
  const from = q.from ?? window.from;
  const to = q.to ?? window.to;
  const own = (t: { ownerId: AnyPgColumn; orgUnitId: AnyPgColumn }) => {
    const f: SQL[] = [scopeWhere(viewer, t)];
    if (q.unit) f.push(unitTree(t.orgUnitId, q.unit));
    if (q.owner) f.push(eq(t.ownerId, q.owner));
    return f;
  };
  const v = customerValueRollup;
  const m = customerMonthRollup;
  // the grade window's revenue is materialised per customer (value_revenue, summed in the rollup); another
  // period is summed from its won deals
  const materialised = from === window.from && to === window.to;
  const df: SQL[] = [...own(deals), isNull(deals.deletedAt), eq(deals.status, "won"), sql`${deals.closedOn} between ${from}::date and ${to}::date`];
  const [book, periodRevenue, months, labels] = await Promise.all([
    queryRows<{ sourceId: string | null; stage: CustomerStage; grade: string | null; n: number; revenue: string; days: string; timed: number }>(
      db,
      sql`select ${v.sourceId} as "sourceId", ${v.stage} as stage, ${v.grade} as grade, sum(${v.n})::int as n, sum(${v.revenue})::text as revenue,
            sum(${v.days})::text as days, sum(${v.timed})::int as timed
          from ${v} where ${and(...own(v))} group by 1, 2, 3 having sum(${v.n}) > 0`,
    ),
    materialised
      ? Promise.resolve(null)
      : queryRows<{ sourceId: string | null; revenue: string }>(
          db,
          sql`select c.source_id as "sourceId", sum(x.revenue)::text as revenue
                from (select ${deals.customerId} as customer_id, sum(${deals.amount}) as revenue from ${deals} where ${and(...df)} group by 1) x
                join customers c on c.id = x.customer_id and c.deleted_at is null
               group by 1`,
        ),
    // the monthly trends (whole months overlapping the period) from customer_month_rollup
    queryRows<{ sourceId: string | null; month: string; revenue: string; met: number }>(
      db,
      sql`select ${m.sourceId} as "sourceId", to_char(${m.month}, 'YYYY-MM') as month, round(sum(${m.revenue}), 2)::text as revenue, sum(${m.met})::int as met
            from ${m} where ${and(...own(m))} and ${m.month} between date_trunc('month', ${from}::date)::date and ${to}::date
           group by 1, 2`,
    ),
    queryRows<{ id: string; label: string; sort: number }>(db, sql`select id, label, sort from dictionary_items where kind = 'source' and deleted_at is null`),
  ]);
  const revenue = periodRevenue ?? [];
  const metByMonth = months.filter((r) => Number(r.met) !== 0).map((r) => ({ sourceId: r.sourceId, month: r.month, n: Number(r.met) }));
  const revenueByMonth = months.filter((r) => Number(r.revenue) !== 0).map((r) => ({ sourceId: r.sourceId, month: r.month, revenue: r.revenue }));
  const label = new Map(labels.map((l) => [l.id, l.label]));
  const sortOf = new Map(labels.map((l) => [l.id, l.sort]));
  const rows = new Map<string | null, SourceRow & { days: number; timed: number; cents: bigint }>();
  const row = (id: string | null) => {
    let r = rows.get(id);
    if (!r) {
      r = {
        sourceId: id,
        label: id ? (label.get(id) ?? null) : null,
        customers: 0,
        closed: 0,
        conversion: 0,
        revenue: "0.00",
        share: 0,
        perCustomer: "0.00",
        avgDaysToFirstDeal: null,
        byStage: Object.fromEntries(CUSTOMER_STAGES.map((s) => [s, 0])) as Record<CustomerStage, number>,
        byGrade: {},
        days: 0,
        timed: 0,
        cents: 0n,
      };
      rows.set(id, r);
    }
    return r;
  };
  for (const b of book) {
    const r = row(b.sourceId);
    const n = Number(b.n);
    r.customers += n;
    if (CLOSED_STAGES.includes(b.stage)) r.closed += n;
    r.byStage[b.stage] += n;
    const g = b.grade ?? "";
    r.byGrade[g] = (r.byGrade[g] ?? 0) + n;
    r.days += Number(b.days ?? 0);
    r.timed += Number(b.timed);
    if (materialised) r.cents += toCents(b.revenue);
  }
  for (const x of revenue) row(x.sourceId).cents += toCents(x.revenue);
  const totalCents = [...rows.values()].reduce((a, r) => a + r.cents, 0n);
  const sources: SourceRow[] = [...rows.values()]
    .map(({ days, timed, cents, ...r }) => ({
      ...r,
      revenue: centsToString(cents),
      share: totalCents > 0n ? Number(cents) / Number(totalCents) : 0,
      conversion: r.customers ? r.closed / r.customers : 0,
      perCustomer: r.customers ? centsToString(cents / BigInt(r.customers)) : "0.00",
      avgDaysToFirstDeal: timed ? Math.round(days / timed) : null,
    }))
    .sort((a, b) => (toCents(b.revenue) > toCents(a.revenue) ? 1 : toCents(b.revenue) < toCents(a.revenue) ? -1 : b.customers - a.customers || (sortOf.get(a.sourceId ?? "") ?? 1e9) - (sortOf.get(b.sourceId ?? "") ?? 1e9)));
  // the best channel: the most revenue in the period; with none yet, the best conversion
  const known = sources.filter((s) => s.sourceId != null && s.customers > 0);
  const best = known.find((s) => toCents(s.revenue) > 0n) ?? [...known].sort((a, b) => b.conversion - a.conversion)[0] ?? null;
  // the best conversion among sources with enough customers to mean something
  const bestConversion = [...known].filter((s) => s.customers >= 5).sort((a, b) => b.conversion - a.conversion)[0] ?? null;
  const monthList = [...new Set(months.map((r) => r.month))].sort();
  return {
    from,
    to,
    sources,
    totalRevenue: centsToString(totalCents),
    totalCustomers: sources.reduce((a, s) => a + s.customers, 0),
    best,
    bestConversion: bestConversion && bestConversion.sourceId !== best?.sourceId ? bestConversion : null,
    months: monthList,
    trend: { met: metByMonth, revenue: revenueByMonth },
  };
}
