/**
 * Every figure of 精确营销 (Pareto, source analysis) under scope, compared with a hand-written SQL over the
 * demo company for a rep, a manager and the GM (ISSUE 13 item 7). The value-grade figures are in
 * value-grades.test.ts.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { exportParetoList, getGradeWindow, getPareto } from "@/db/queries/pareto";
import { getSourceAnalysis } from "@/db/queries/sources";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, manager: Viewer, gm: Viewer, admin: Viewer;
let window: { from: string; to: string };
const cast: [string, () => Viewer, () => string][] = [
  ["rep", () => rep1, () => `d.owner_id = '${rep1.id}'`],
  ["manager", () => manager, () => `d.org_unit_id in (${manager.unitIds.map((u) => `'${u}'`).join(",")})`],
  ["GM", () => gm, () => "true"],
];

beforeAll(async () => {
  o = await freshDb();
  [rep1, manager, gm, admin] = await Promise.all(["sz1.rep1@demo.cn", "sz1.manager@demo.cn", "gm@demo.cn", "admin@demo.cn"].map((e) => viewerFor(o.db, e)));
  window = await getGradeWindow(o.db);
});
afterAll(async () => o?.close());

/** Revenue per customer in [from, to] over the scope's deals, highest first, ties by id: the oracle. */
const revenues = (where: string, from: string, to: string, extra = "") =>
  queryRows<{ id: string; revenue: string }>(
    o.db,
    sql.raw(`select d.customer_id as id, sum(d.amount)::text as revenue from deals d join customers c on c.id = d.customer_id and c.deleted_at is null
              where d.deleted_at is null and d.status = 'won' and d.closed_on between '${from}' and '${to}' and ${where} ${extra}
              group by 1 having sum(d.amount) > 0 order by sum(d.amount) desc, d.customer_id`),
  );

function k80Of(rows: { revenue: string }[]) {
  const total = rows.reduce((a, r) => a + Number(r.revenue), 0);
  let cum = 0;
  for (let i = 0; i < rows.length; i++) {
    cum += Number(rows[i].revenue);
    if (cum * 5 >= total * 4 - 1e-6) return i + 1;
  }
  return 0;
}

describe("二八分割图 under scope", () => {
  test.each(cast)("%s: the grade window (materialised) ranks the same customers as the deals say", async (_n, v, where) => {
    const [p, want] = await Promise.all([getPareto(o.db, v(), {}), revenues(where(), window.from, window.to)]);
    expect(p.materialised).toBe(true);
    expect(p.customers).toBe(want.length);
    expect(Number(p.total)).toBeCloseTo(want.reduce((a, r) => a + Number(r.revenue), 0), 2);
    expect(p.k80).toBe(k80Of(want));
    expect(p.list.map((c) => c.id)).toEqual(want.slice(0, Math.min(p.k80, 200)).map((r) => r.id));
    expect(p.bars.reduce((a, b) => a + Number(b.revenue), 0)).toBeCloseTo(Number(p.total), 2);
    expect(p.bars.at(-1)?.cumulative ?? 0).toBeCloseTo(want.length ? 1 : 0, 6);
    expect(p.bars.length).toBeLessThanOrEqual(100);
  });

  test.each(cast)("%s: another period and a product filter are summed from the deals", async (_n, v, where) => {
    const from = window.from.slice(0, 7) + "-01";
    const [p, want] = await Promise.all([getPareto(o.db, v(), { from, to: window.to }), revenues(where(), from, window.to)]);
    expect(p.materialised).toBe(false);
    expect(p.list.map((c) => [c.id, c.revenue])).toEqual(want.slice(0, Math.min(p.k80, 200)).map((r) => [r.id, r.revenue]));
    const [prod] = await queryRows<{ id: string }>(o.db, sql`select product_id as id from deals where status = 'won' and product_id is not null limit 1`);
    const [pp, wantP] = await Promise.all([getPareto(o.db, v(), { product: prod.id }), revenues(where(), window.from, window.to, `and d.product_id = '${prod.id}'`)]);
    expect(pp.customers).toBe(wantP.length);
    expect(pp.k80).toBe(k80Of(wantP));
  });

  test("the manager's Pareto names no customer outside the unit; the export is audited and needs export rights", async () => {
    const p = await getPareto(o.db, manager, {}, 1000);
    const ids = p.list.map((c) => `'${c.id}'`).join(",") || "null";
    const outside = await queryRows<{ n: number }>(o.db, sql.raw(`select count(*)::int as n from customers where id in (${ids}) and not org_unit_id in (${manager.unitIds.map((u) => `'${u}'`).join(",")})`));
    expect(Number(outside[0].n)).toBe(0);
    const e = await exportParetoList(o.db, manager, {});
    expect(e.list.length).toBe(p.k80);
    const [a] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from audit_log where entity_type = 'pareto' and actor_id = ${manager.id}`);
    expect(Number(a.n)).toBe(1);
    await expect(getPareto(o.db, admin, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(exportParetoList(o.db, admin, {})).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("认识来源分析 under scope", () => {
  const cscope = (where: string) => where.replaceAll("d.", "c.");
  test.each(cast)("%s: customers, buyers, revenue, days to the first deal and the cross tables per source equal the SQL", async (_n, v, where) => {
    const [a, book, rev] = await Promise.all([
      getSourceAnalysis(o.db, v(), {}),
      queryRows<{ source: string | null; n: number; closed: number; days: number | null; loyal: number; ga: number }>(
        o.db,
        sql.raw(`select c.source_id as source, count(*)::int as n, count(*) filter (where c.stage in ('closed', 'loyal'))::int as closed,
                        count(*) filter (where c.stage = 'loyal')::int as loyal,
                        count(*) filter (where coalesce(c.value_grade_override, c.value_grade) = 'A')::int as ga,
                        round(avg(fw.first - coalesce(c.met_on, (c.created_at at time zone 'Asia/Shanghai')::date)) filter (where fw.first >= coalesce(c.met_on, (c.created_at at time zone 'Asia/Shanghai')::date)))::int as days
                   from customers c
                   left join lateral (select min(d.closed_on) as first from deals d where d.customer_id = c.id and d.status = 'won' and d.deleted_at is null) fw on true
                  where c.deleted_at is null and ${cscope(where())} group by 1`),
      ),
      queryRows<{ source: string | null; revenue: string }>(
        o.db,
        sql.raw(`select c.source_id as source, sum(d.amount)::text as revenue from deals d join customers c on c.id = d.customer_id and c.deleted_at is null
                  where d.deleted_at is null and d.status = 'won' and d.closed_on between '${window.from}' and '${window.to}' and ${where()} group by 1`),
      ),
    ]);
    const got = a.sources.filter((s) => s.customers > 0).map((s) => [s.sourceId, s.customers, s.closed, s.byStage.loyal, s.byGrade.A ?? 0, s.avgDaysToFirstDeal]);
    expect(got.sort()).toEqual(book.map((b) => [b.source, Number(b.n), Number(b.closed), Number(b.loyal), Number(b.ga), b.days == null ? null : Number(b.days)]).sort());
    for (const r of rev) expect(Number(a.sources.find((s) => s.sourceId === r.source)?.revenue)).toBeCloseTo(Number(r.revenue), 2);
    expect(Number(a.totalRevenue)).toBeCloseTo(rev.reduce((x, r) => x + Number(r.revenue), 0), 2);
    // the best channel is the one with the most revenue
    const top = [...rev].filter((r) => r.source).sort((x, y) => Number(y.revenue) - Number(x.revenue))[0];
    if (top) expect(a.best?.sourceId).toBe(top.source);
  });

  test.each(cast)("%s: another period sums its won deals per source", async (_n, v, where) => {
    const from = window.to.slice(0, 7) + "-01";
    const [a, rev] = await Promise.all([
      getSourceAnalysis(o.db, v(), { from, to: window.to }),
      queryRows<{ source: string | null; revenue: string }>(
        o.db,
        sql.raw(`select c.source_id as source, sum(d.amount)::text as revenue from deals d join customers c on c.id = d.customer_id and c.deleted_at is null
                  where d.deleted_at is null and d.status = 'won' and d.closed_on between '${from}' and '${window.to}' and ${where()} group by 1`),
      ),
    ]);
    expect(Number(a.totalRevenue)).toBeCloseTo(rev.reduce((x, r) => x + Number(r.revenue), 0), 2);
    for (const r of rev) expect(Number(a.sources.find((s) => s.sourceId === r.source)?.revenue)).toBeCloseTo(Number(r.revenue), 2);
  });

  test("the monthly trends add up to the whole months of the period", async () => {
    const a = await getSourceAnalysis(o.db, manager, {});
    const units = manager.unitIds.map((u) => `'${u}'`).join(",");
    // the trends are by whole months: from the first of the month the period starts in
    const [rev] = await queryRows<{ revenue: string }>(
      o.db,
      sql.raw(`select coalesce(sum(d.amount), 0)::text as revenue from deals d join customers c on c.id = d.customer_id and c.deleted_at is null
                where d.deleted_at is null and d.status = 'won' and c.org_unit_id in (${units})
                  and d.closed_on between date_trunc('month', '${window.from}'::date) and '${window.to}'`),
    );
    expect(a.trend.revenue.reduce((x, r) => x + Number(r.revenue), 0)).toBeCloseTo(Number(rev.revenue), 2);
    const [met] = await queryRows<{ n: number }>(
      o.db,
      sql.raw(`select count(*)::int as n from customers c where c.deleted_at is null and c.org_unit_id in (${units})
                 and coalesce(c.met_on, (c.created_at at time zone 'Asia/Shanghai')::date) between date_trunc('month', '${window.from}'::date) and '${window.to}'`),
    );
    expect(a.trend.met.reduce((x, r) => x + r.n, 0)).toBe(Number(met.n));
    await expect(getSourceAnalysis(o.db, admin, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
