import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { communications, customers, dealStatsRollup } from "@/db/schema";
import { addDays, endOfMonth, startOfMonth } from "@/lib/dates";
import { centsToString, toCents } from "@/lib/money";
import { can, type Viewer } from "@/lib/viewer";
import { companyTz } from "./dates";
import { scopeWhere } from "./scope";

export type MonthFigures = { forecast: string; weighted: string; actual: string; open: number; won: number };

export type TeamMonthRow = MonthFigures & { key: string; name: string; unitName: string | null; newCustomers: number; communications: number };

const monthBounds = (today: string) => ({ from: startOfMonth(today), to: endOfMonth(today), next: addDays(endOfMonth(today), 1) });

/**
 * This month's forecast against actual in the viewer's scope, from deal_stats_rollup (migration 0008, grains
 * 0 / 2: per owner or unit and close-or-expected month): open deals expected this month (forecast, weighted
 * by probability) and deals won this month (actual). A rep reads their own owner rows.
 */
export async function getMonthForecast(db: Db, viewer: Viewer, today: string): Promise<MonthFigures> {
  if (!can(viewer, "deal:view")) return { forecast: "0.00", weighted: "0.00", actual: "0.00", open: 0, won: 0 };
  const r = dealStatsRollup;
  const { from } = monthBounds(today);
  const [row] = await queryRows<{ forecast: string | null; weighted: string | null; actual: string | null; open: number; won: number }>(
    db,
    sql`select round(sum(${r.forecast}), 2)::text as forecast, round(sum(${r.weighted}), 2)::text as weighted, round(sum(${r.actual}), 2)::text as actual,
          coalesce(sum(${r.open}), 0)::int as open, coalesce(sum(${r.won}), 0)::int as won
        from ${r} where ${r.grain} = ${viewer.dataScope === "self" ? 0 : 2} and ${scopeWhere(viewer, r)} and ${r.bucketMonth} = ${from}::date`,
  );
  return { forecast: row?.forecast ?? "0.00", weighted: row?.weighted ?? "0.00", actual: row?.actual ?? "0.00", open: Number(row?.open ?? 0), won: Number(row?.won ?? 0) };
}

/**
 * A manager's (per rep) or the GM's (per unit) month: new customers, communications, deals won and revenue
 * against forecast, for everyone in the viewer's scope who has any this month. Three grouped, scoped reads:
 * customers and communications by their created / contacted index ranges, deals from the rollup.
 */
export async function getTeamMonth(db: Db, viewer: Viewer, today: string, by: "owner" | "unit"): Promise<TeamMonthRow[]> {
  if (!can(viewer, "analytics:view")) return [];
  const { from, next } = monthBounds(today);
  const start = sql`(${from}::date)::timestamp at time zone ${companyTz}`;
  const end = sql`(${next}::date)::timestamp at time zone ${companyTz}`;
  const key = (t: { ownerId: unknown; orgUnitId: unknown }) => (by === "owner" ? sql`${t.ownerId}` : sql`${t.orgUnitId}`);
  const cw: SQL[] = [scopeWhere(viewer, customers), isNull(customers.deletedAt), sql`${customers.createdAt} >= ${start}`, sql`${customers.createdAt} < ${end}`];
  const mw: SQL[] = [scopeWhere(viewer, communications), isNull(communications.deletedAt), sql`${communications.contactedAt} >= ${start}`, sql`${communications.contactedAt} < ${end}`];
  const r = dealStatsRollup;
  const [cust, comm, dealRows] = await Promise.all([
    queryRows<{ key: string; n: number }>(db, sql`select ${key(customers)}::text as key, count(*)::int as n from ${customers} where ${and(...cw)} group by 1`),
    queryRows<{ key: string; n: number }>(db, sql`select ${key(communications)}::text as key, count(*)::int as n from ${communications} where ${and(...mw)} group by 1`),
    queryRows<{ key: string; forecast: string; weighted: string; actual: string; open: number; won: number }>(
      db,
      sql`select ${key(r)}::text as key, round(sum(${r.forecast}), 2)::text as forecast, round(sum(${r.weighted}), 2)::text as weighted,
            round(sum(${r.actual}), 2)::text as actual, sum(${r.open})::int as open, sum(${r.won})::int as won
          from ${r} where ${r.grain} = ${by === "owner" ? 0 : 2} and ${scopeWhere(viewer, r)} and ${r.bucketMonth} = ${from}::date group by 1`,
    ),
  ]);
  const rows = new Map<string, TeamMonthRow>();
  const row = (k: string) => {
    let x = rows.get(k);
    if (!x) rows.set(k, (x = { key: k, name: "", unitName: null, newCustomers: 0, communications: 0, forecast: "0.00", weighted: "0.00", actual: "0.00", open: 0, won: 0 }));
    return x;
  };
  for (const c of cust) if (c.key) row(c.key).newCustomers = Number(c.n);
  for (const c of comm) if (c.key) row(c.key).communications = Number(c.n);
  for (const d of dealRows)
    if (d.key) Object.assign(row(d.key), { forecast: d.forecast ?? "0.00", weighted: d.weighted ?? "0.00", actual: d.actual ?? "0.00", open: Number(d.open), won: Number(d.won) });
  if (!rows.size) return [];
  const ids = [...rows.keys()];
  const names = await queryRows<{ id: string; name: string; unitName: string | null }>(
    db,
    by === "owner"
      ? sql`select u.id::text as id, u.name, o.name as "unitName" from users u left join org_units o on o.id = u.org_unit_id where u.id::text in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`
      : sql`select o.id::text as id, o.name, null as "unitName" from org_units o where o.id::text in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`,
  );
  for (const n of names) Object.assign(row(n.id), { name: n.name, unitName: n.unitName });
  return [...rows.values()].sort((a, b) => {
    const d = toCents(b.actual) - toCents(a.actual);
    return d > 0n ? 1 : d < 0n ? -1 : a.name.localeCompare(b.name, "zh-CN");
  });
}

/** Sums of a team table (its 合计 row). */
export function teamTotals(rows: TeamMonthRow[]) {
  const sum = (f: (r: TeamMonthRow) => string) => centsToString(rows.reduce((a, r) => a + toCents(f(r)), 0n));
  return {
    newCustomers: rows.reduce((a, r) => a + r.newCustomers, 0),
    communications: rows.reduce((a, r) => a + r.communications, 0),
    won: rows.reduce((a, r) => a + r.won, 0),
    forecast: sum((r) => r.forecast),
    actual: sum((r) => r.actual),
  };
}
