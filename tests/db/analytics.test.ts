import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { changeCustomerStage, getDealBreakdown, getDealTotals, getFunnel, getStageCounts, getStageSuggestion, getStageTransitions, listDeals } from "@/db/queries/analytics";
import { closeDeal, createDeal, getProcesses, type ProcessWithStages } from "@/db/queries/deals";
import { createCustomer } from "@/db/queries/customers";
import { customerInputSchema } from "@/lib/validation/customer";
import { customerStageHistory, customers } from "@/db/schema";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { closeDealSchema, dealInputSchema } from "@/lib/validation/deal";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, manager: Viewer, sz2Manager: Viewer, gm: Viewer;
let def: ProcessWithStages;
const q = (v: Record<string, unknown> = {}) => analyticsQuerySchema.parse(v);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

beforeAll(async () => {
  o = await freshDb();
  [rep1, manager, sz2Manager, gm] = await Promise.all(["sz1.rep1@demo.cn", "sz1.manager@demo.cn", "sz2.manager@demo.cn", "gm@demo.cn"].map((e) => viewerFor(o.db, e)));
  def = (await getProcesses(o.db)).find((p) => p.isDefault)!;
});
afterAll(async () => o?.close());

/** Open deals of the default process per unit list, straight from SQL (the oracle). */
async function openDealsIn(unitIds: string[] | null) {
  const rows = await queryRows<{ n: number; amt: string | null }>(
    o.db,
    sql`select count(*)::int as n, sum(expected_amount)::text as amt from deals where deleted_at is null and status = 'open' and process_id = ${def.id}
        ${unitIds ? sql`and org_unit_id in (${sql.join(unitIds.map((u) => sql`${u}`), sql`, `)})` : sql``}`,
  );
  return { n: Number(rows[0].n), amt: rows[0].amt };
}

describe("funnel under scope", () => {
  test("GM counts every open deal; a manager only the unit's; the two managers add up to no more than GM", async () => {
    const [g, m, m2] = await Promise.all([getFunnel(o.db, gm, def.id, q()), getFunnel(o.db, manager, def.id, q()), getFunnel(o.db, sz2Manager, def.id, q())]);
    expect(g).toHaveLength(8);
    const all = await openDealsIn(null);
    const mine = await openDealsIn(manager.unitIds);
    expect(sum(g.map((s) => s.count))).toBe(all.n);
    expect(sum(m.map((s) => s.count))).toBe(mine.n);
    expect(sum(m.map((s) => s.count))).toBeLessThan(all.n);
    expect(sum(m.map((s) => s.count)) + sum(m2.map((s) => s.count))).toBeLessThanOrEqual(all.n);
    // exact money: the manager's amounts equal the SQL oracle to the cent
    const cents = (s: string) => BigInt(s.replace(".", ""));
    expect(m.reduce((a, s) => a + cents(s.amount), 0n)).toBe(mine.amt ? cents(Number(mine.amt).toFixed(2)) : 0n);
    // reached decreases along the funnel; conversions are shares
    for (let i = 1; i < g.length; i++) expect(g[i].reached).toBeLessThanOrEqual(g[i - 1].reached);
    expect(g.slice(0, -1).every((s) => s.conversion === null || (s.conversion >= 0 && s.conversion <= 1))).toBe(true);
    expect(g.some((s) => s.avgDays !== null && s.avgDays > 0)).toBe(true);
  });
  test("filtering by another unit or its rep does not widen a manager's funnel", async () => {
    const other = await viewerFor(o.db, "sz2.rep1@demo.cn");
    const a = await getFunnel(o.db, manager, def.id, q({ owner: other.id }));
    const b = await getFunnel(o.db, manager, def.id, q({ unit: sz2Manager.orgUnitId }));
    expect(sum(a.map((s) => s.count)) + sum(a.map((s) => s.reached))).toBe(0);
    expect(sum(b.map((s) => s.count)) + sum(b.map((s) => s.reached))).toBe(0);
    const gmOther = await getFunnel(o.db, gm, def.id, q({ unit: sz2Manager.orgUnitId }));
    expect(sum(gmOther.map((s) => s.reached))).toBeGreaterThan(0);
  });
  test("a segment drills down to exactly its deals", async () => {
    const m = await getFunnel(o.db, manager, def.id, q());
    const seg = m.find((s) => s.count > 0)!;
    const list = await listDeals(o.db, manager, q({ process: def.id, stage: seg.id, status: "open" }), 500);
    expect(list.rows).toHaveLength(seg.count);
    expect(list.rows.every((r) => r.stageName === seg.name && r.status === "open")).toBe(true);
  });
  test("a drilled-down segment's totals and breakdown are that stage's own, not the whole funnel's", async () => {
    // regression (issue 13): the funnel's drill-down to a stage showed the whole funnel's totals above its 4 deals
    const m = await getFunnel(o.db, manager, def.id, q());
    const seg = m.find((s) => s.count > 0)!;
    const drill = q({ process: def.id, stage: seg.id, status: "open" });
    const [totals, byProduct, whole] = await Promise.all([getDealTotals(o.db, manager, drill), getDealBreakdown(o.db, manager, drill, "product"), getDealTotals(o.db, manager, q({ process: def.id }))]);
    expect([totals.open, totals.won, totals.lost]).toEqual([seg.count, 0, 0]);
    expect(totals.forecast).toBe(seg.amount);
    expect(byProduct.reduce((a, r) => a + r.open, 0)).toBe(seg.count);
    expect(whole.open).toBeGreaterThan(seg.count);
  });
  test("forecast vs actual totals are scoped and exact", async () => {
    const [g, m] = await Promise.all([getDealTotals(o.db, gm, q()), getDealTotals(o.db, manager, q())]);
    expect(m.won).toBeLessThan(g.won);
    expect(g.actual).toMatch(/^\d+\.\d{2}$/);
    const [r] = await queryRows<{ s: string }>(o.db, sql`select sum(amount)::text as s from deals where status = 'won' and deleted_at is null`);
    expect(g.actual).toBe(r.s);
  });
});

describe("statistics per product / rep / unit / month", () => {
  test("a manager's breakdown adds up to the manager's totals and never names another unit's rep", async () => {
    const totals = await getDealTotals(o.db, manager, q());
    const cents = (s: string) => BigInt(s.replace(".", ""));
    for (const by of ["product", "owner", "unit", "month"] as const) {
      const rows = await getDealBreakdown(o.db, manager, q(), by);
      expect(rows.reduce((a, r) => a + cents(r.actual), 0n)).toBe(cents(totals.actual));
      expect(rows.reduce((a, r) => a + r.won, 0)).toBe(totals.won);
      expect(rows.reduce((a, r) => a + r.open, 0)).toBe(totals.open);
    }
    const owners = await getDealBreakdown(o.db, manager, q(), "owner");
    const other = await viewerFor(o.db, "sz2.rep1@demo.cn");
    expect(owners.some((r) => r.key === other.id)).toBe(false);
    const units = await getDealBreakdown(o.db, manager, q(), "unit");
    expect(units.every((r) => manager.unitIds.includes(r.key!))).toBe(true);
    const gmOwners = await getDealBreakdown(o.db, gm, q(), "owner");
    expect(gmOwners.some((r) => r.key === other.id)).toBe(true);
    // a figure drills down to exactly its deals
    const top = owners.find((r) => r.won > 0)!;
    const list = await listDeals(o.db, manager, q({ owner: top.key, status: "won" }), 500);
    expect(list.rows).toHaveLength(top.won);
  });
});

describe("five-level stages", () => {
  test("counts per stage by branch/unit/rep: a manager never counts another unit", async () => {
    const [g, m] = await Promise.all([getStageCounts(o.db, gm, {}), getStageCounts(o.db, manager, {})]);
    const [{ n }] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from customers where deleted_at is null`);
    expect(sum(g.map((r) => r.n))).toBe(Number(n));
    expect(m.every((r) => manager.unitIds.includes(r.unitId))).toBe(true);
    expect(g.some((r) => r.branchName)).toBe(true);
    const [{ n: mn }] = await queryRows<{ n: number }>(
      o.db,
      sql`select count(*)::int as n from customers where deleted_at is null and org_unit_id in (${sql.join(manager.unitIds.map((u) => sql`${u}`), sql`, `)})`,
    );
    expect(sum(m.map((r) => r.n))).toBe(Number(mn));
  });

  test("a won deal suggests 成交, a second 忠诚; applied only on accept, logged; transitions in a period", async () => {
    const [c] = await o.db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.ownerId, rep1.id), eq(customers.stage, "prospect"), isNull(customers.deletedAt)))
      .limit(1);
    const [{ won }] = await queryRows<{ won: number }>(o.db, sql`select count(*)::int as won from deals where customer_id = ${c.id} and status = 'won'`);
    expect(Number(won)).toBe(0);
    expect(await getStageSuggestion(o.db, rep1, c.id)).toBeNull();
    const winOne = async () => {
      const d = await createDeal(o.db, rep1, dealInputSchema.parse({ customerId: c.id, title: "建议测试", processId: def.id, expectedAmount: "100" }));
      await closeDeal(o.db, rep1, closeDealSchema.parse({ dealId: d.id, outcome: "won", amount: "100", closedOn: "2026-11-01", successReasons: "a", lessonsLearned: "b" }));
    };
    await winOne();
    expect(await getStageSuggestion(o.db, rep1, c.id)).toEqual({ from: "prospect", to: "closed", wonDeals: 1 });
    // nothing changed silently
    const [still] = await o.db.select({ stage: customers.stage }).from(customers).where(eq(customers.id, c.id));
    expect(still.stage).toBe("prospect");
    await winOne();
    expect((await getStageSuggestion(o.db, rep1, c.id))?.to).toBe("loyal");
    expect(await getStageSuggestion(o.db, sz2Manager, c.id)).toBeNull();
    await expect(changeCustomerStage(o.db, sz2Manager, c.id, "loyal", null)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await changeCustomerStage(o.db, rep1, c.id, "loyal", "采纳系统建议");
    const h = await o.db.select().from(customerStageHistory).where(eq(customerStageHistory.customerId, c.id));
    expect(h.find((x) => x.fromStage === "prospect" && x.toStage === "loyal" && x.changedBy === rep1.id && x.reason === "采纳系统建议")).toBeTruthy();
    expect(await getStageSuggestion(o.db, rep1, c.id)).toBeNull();
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const t = await getStageTransitions(o.db, manager, { from: today, to: today });
    expect(t.summary.find((s) => s.fromStage === "prospect" && s.toStage === "loyal")?.n).toBeGreaterThanOrEqual(1);
    expect(t.detail.some((d) => d.customerId === c.id)).toBe(true);
    const t2 = await getStageTransitions(o.db, sz2Manager, { from: today, to: today });
    expect(t2.detail.some((d) => d.customerId === c.id)).toBe(false);
    const all = await getStageTransitions(o.db, gm, {});
    expect(all.summary.length).toBeGreaterThan(0);
  });

  test("a new customer's first stage counts as a change into it (issue #18 §8), in scope only", async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const created = async (v: Viewer) => (await getStageTransitions(o.db, v, { from: today, to: today })).summary.find((s) => s.fromStage === null && s.toStage === "potential")?.n ?? 0;
    const [mgrBefore, otherBefore] = [await created(manager), await created(sz2Manager)];
    const c = await createCustomer(o.db, rep1, customerInputSchema.parse({ name: "首次分类客户" }));
    expect(await created(manager)).toBe(mgrBefore + 1);
    expect(await created(sz2Manager)).toBe(otherBefore);
    const t = await getStageTransitions(o.db, rep1, { from: today, to: today });
    expect(t.detail.find((d) => d.customerId === c.id)).toMatchObject({ fromStage: null, toStage: "potential" });
  });
});
