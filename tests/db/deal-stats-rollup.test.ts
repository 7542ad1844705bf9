import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { getDealBreakdown, getDealStatsBothWays, getDealTotals, type BreakdownBy } from "@/db/queries/analytics";
import { closeDeal, createDeal, getProcesses, moveDeal, type ProcessWithStages } from "@/db/queries/deals";
import { customers, dealStageHistory, deals, products } from "@/db/schema";
import { updateCustomer } from "@/db/queries/customers";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { customerInputSchema } from "@/lib/validation/customer";
import { closeDealSchema, dealInputSchema } from "@/lib/validation/deal";
import type { Viewer } from "@/lib/viewer";
import { companyWithDeals, mixedDealStatements } from "./company-fixture";
import { demoViewers, freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, manager: Viewer, sz2Manager: Viewer, gm: Viewer;
let def: ProcessWithStages;

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, manager, sz2Manager, gm] = await demoViewers(o.db);
  def = (await getProcesses(o.db)).find((p) => p.isDefault)!;
});
afterAll(async () => o?.close());

const BY: (BreakdownBy | null)[] = [null, "product", "owner", "unit", "month"];
type Row = Awaited<ReturnType<typeof getDealStatsBothWays>>["live"][number];
const norm = (rows: Row[]) =>
  rows.map((r) => ({
    key: r.key,
    label: r.label,
    open: Number(r.open),
    won: Number(r.won),
    lost: Number(r.lost),
    forecast: r.forecast ?? "0.00",
    weighted: r.weighted ?? "0.00",
    actual: r.actual ?? "0.00",
  }));

/** Rollup and live computation give the same rows, in the same order, to the cent, for every breakdown. */
async function expectAgree(viewer: Viewer, query: Record<string, string> = {}) {
  const q = analyticsQuerySchema.parse(query);
  let total = 0;
  for (const by of BY) {
    const { rollup, live } = await getDealStatsBothWays(o.db, viewer, q, by);
    expect(norm(rollup), `${viewer.name} by ${by ?? "totals"} ${JSON.stringify(query)}`).toEqual(norm(live));
    if (!by) total = live.reduce((n, r) => n + Number(r.open) + Number(r.won) + Number(r.lost), 0);
  }
  return total;
}

async function expectRollupIsRebuild() {
  const snap = () =>
    queryRows<Record<string, unknown>>(
      o.db,
      sql`select grain, org_unit_id, owner_id, product_id, process_id, created_month::text, bucket_month::text, open, won, lost,
                 trim_scale(forecast)::text as forecast, trim_scale(weighted)::text as weighted, trim_scale(actual)::text as actual
            from deal_stats_rollup order by 1, 2, 3, 4, 5, 6, 7`,
    );
  const kept = await snap();
  await o.db.execute(sql`select zhike_deal_stats_rebuild()`);
  expect(kept).toEqual(await snap());
}

test("the rollup agrees with the live statistics for every role, breakdown and whole-month filter", async () => {
  const [p] = await o.db.select({ id: products.id }).from(products).limit(1);
  for (const v of [gm, manager, sz2Manager, rep1, rep2]) {
    const n = await expectAgree(v);
    if (v === gm) expect(n).toBeGreaterThan(10);
  }
  await expectAgree(gm, { unit: manager.orgUnitId });
  await expectAgree(manager, { owner: rep1.id });
  await expectAgree(gm, { product: p.id });
  await expectAgree(gm, { process: def.id });
  await expectAgree(gm, { from: "2026-01-01", to: "2026-06-30" });
  await expectAgree(sz2Manager, { unit: manager.orgUnitId }); // another unit's filter: nothing, both ways
  await expectRollupIsRebuild();
});

test("kept exact through create, move, close, reassignment, product change, soft and hard delete and multi-row writes", async () => {
  const [{ id: customerId }] = await o.db.select({ id: customers.id }).from(customers).where(and(eq(customers.ownerId, rep1.id), isNull(customers.deletedAt))).limit(1);
  const mk = (title: string, amount: string, expectedDate?: string) =>
    createDeal(o.db, rep1, dealInputSchema.parse({ customerId, title, processId: def.id, expectedAmount: amount, expectedDate }));
  const before = await getDealTotals(o.db, rep1, analyticsQuerySchema.parse({}));
  const a = await mk("统计甲", "1000.10", "2027-01-15");
  const b = await mk("统计乙", "2000.20");
  const c = await mk("统计丙", "3000.33", "2026-12-31");
  const after = await getDealTotals(o.db, rep1, analyticsQuerySchema.parse({}));
  expect(after.open).toBe(before.open + 3);
  expect(Number(after.forecast) - Number(before.forecast)).toBeCloseTo(6000.63, 2);
  await moveDeal(o.db, rep1, a.id, def.stages[4].id); // probability changes the weighted forecast
  await moveDeal(o.db, rep1, b.id, def.stages[7].id);
  await closeDeal(o.db, rep1, closeDealSchema.parse({ dealId: b.id, outcome: "won", amount: "1999.99", closedOn: "2026-11-01", successReasons: "好", lessonsLearned: "记" }));
  await closeDeal(o.db, rep1, closeDealSchema.parse({ dealId: c.id, outcome: "lost", closedOn: "2026-11-02", failureReasons: "贵", lessonsLearned: "记" }));
  for (const v of [rep1, manager, gm]) await expectAgree(v);
  // reassigned to another unit's rep: leaves sz1's statistics, joins sz2's
  const sz2rep = await viewerFor(o.db, "sz2.rep1@demo.cn");
  await o.db.update(deals).set({ ownerId: sz2rep.id, orgUnitId: sz2rep.orgUnitId }).where(eq(deals.id, a.id));
  await expectAgree(manager);
  await expectAgree(sz2Manager);
  // another product, then one statement changing several deals; a soft delete and a hard delete
  const [p2] = await o.db.select({ id: products.id }).from(products).limit(1).offset(1);
  await o.db.update(deals).set({ productId: p2.id }).where(eq(deals.id, a.id));
  await o.db.update(deals).set({ expectedAmount: sql`${deals.expectedAmount} + 0.01` }).where(and(eq(deals.ownerId, rep1.id), eq(deals.status, "open")));
  await o.db.update(deals).set({ deletedAt: new Date() }).where(eq(deals.id, c.id));
  const d = await mk("统计丁", "88.88");
  await o.db.delete(dealStageHistory).where(eq(dealStageHistory.dealId, d.id));
  await o.db.delete(deals).where(inArray(deals.id, [d.id]));
  for (const v of [rep1, manager, sz2Manager, gm]) await expectAgree(v);
  await expectRollupIsRebuild();
  // nothing lingers for a key whose deals all left it
  const [{ n }] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from deal_stats_rollup where open = 0 and won = 0 and lost = 0`);
  expect(Number(n)).toBe(0);
});

test("one statement mixing placement-only moves, unrelated edits and real changes keeps rollup = live = rebuild", async () => {
  const sz2rep = await viewerFor(o.db, "sz2.rep1@demo.cn");
  await mixedDealStatements(o.db, { rep1, rep2, manager, otherUnitRep: sz2rep }, def, async () => {
    for (const v of [rep1, rep2, manager, sz2Manager, sz2rep, gm]) await expectAgree(v);
    await expectRollupIsRebuild();
  });
});

test("a company reassignment moves its contacts' deals too, and keeps rollup = live = rebuild", async () => {
  const sz2rep = await viewerFor(o.db, "sz2.rep1@demo.cn");
  const { company, dealIds } = await companyWithDeals(o.db, manager, rep1, [rep1, rep2], def, "统计转移公司");
  for (const v of [rep1, rep2, manager, sz2Manager, gm]) await expectAgree(v);
  // the GM moves the company to another unit's rep: every contact's deals leave sz1's figures and join sz2's
  await updateCustomer(o.db, gm, company.id, customerInputSchema.parse({ kind: "company", name: company.name, ownerId: sz2rep.id, stage: "prospect", version: String(company.version) }));
  const moved = await o.db.select({ ownerId: deals.ownerId, orgUnitId: deals.orgUnitId }).from(deals).where(inArray(deals.id, dealIds));
  expect(moved).toHaveLength(9);
  expect(moved.every((d) => d.ownerId === sz2rep.id && d.orgUnitId === sz2rep.orgUnitId)).toBe(true);
  for (const v of [rep1, rep2, manager, sz2Manager, sz2rep, gm]) await expectAgree(v);
  await expectAgree(gm, { unit: manager.orgUnitId });
  await expectAgree(sz2Manager, { owner: sz2rep.id });
  await expectRollupIsRebuild();
});

test("the page's readers use the rollup for whole months and the live query otherwise, with the same figures", async () => {
  const whole = analyticsQuerySchema.parse({ from: "2026-01-01", to: "2026-12-31" });
  const part = analyticsQuerySchema.parse({ from: "2026-01-01", to: "2026-12-30" });
  // a period ending a day early can only differ by deals created on 12-31; the demo company has none
  const [{ n }] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from deals where (created_at at time zone 'Asia/Shanghai')::date = '2026-12-31'`);
  expect(Number(n)).toBe(0);
  expect(await getDealTotals(o.db, gm, part)).toEqual(await getDealTotals(o.db, gm, whole));
  for (const by of ["product", "owner", "unit", "month"] as const) expect(await getDealBreakdown(o.db, gm, part, by)).toEqual(await getDealBreakdown(o.db, gm, whole, by));
});
