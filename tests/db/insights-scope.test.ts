/**
 * Every figure of 精确营销 (Pareto, source analysis) under scope, compared with a hand-written SQL over the
 * demo company for a rep, a manager and the GM (ISSUE 13 item 7). The value-grade figures are in
 * value-grades.test.ts.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { exportParetoList, getGradeWindow, getPareto } from "@/db/queries/pareto";
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
