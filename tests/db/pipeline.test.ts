// Issue #17 item 4: the kanban loaded every open deal of the scope (1.4 s per GM page on PostgreSQL over 200k deals).
// Its columns now count from deal_funnel_rollup and page 50 deals at a time; this proves the counts and amounts
// are those of a plain count over the scope, that paging shows every deal exactly once, and that filters never
// reach outside the scope.
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { closeDeal, createDeal, getProcesses, moveDeal, updateDeal, type ProcessWithStages } from "@/db/queries/deals";
import { getPipelineBoard, getPipelineDeals, getPipelineTotals, PIPELINE_PAGE_SIZE, type PipelineFilters } from "@/db/queries/pipeline";
import { customers, deals, products } from "@/db/schema";
import { centsToString, toCents } from "@/lib/money";
import { compareCards } from "@/lib/pipeline";
import { closeDealSchema, dealEditSchema, dealInputSchema } from "@/lib/validation/deal";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, sz2Rep: Viewer, shRep: Viewer, agent: Viewer, manager: Viewer, sz2Manager: Viewer, gm: Viewer, admin: Viewer;
let def: ProcessWithStages, erp: ProcessWithStages;
let productIds: string[];

/** Open live deals of a process straight from the table, and who may see them, decided here without scopeWhere. */
async function plainDeals(v: Viewer, f: PipelineFilters) {
  const rows = await queryRows<{ id: string; stageId: string; ownerId: string | null; unitId: string | null; productId: string | null; amount: string | null; expectedDate: string | null }>(
    o.db,
    sql`select id, stage_id as "stageId", owner_id as "ownerId", org_unit_id as "unitId", product_id as "productId", expected_amount::text as amount, expected_date::text as "expectedDate"
        from deals where process_id = ${f.processId} and status = 'open' and deleted_at is null`,
  );
  const sees = (r: (typeof rows)[number]) =>
    v.dataScope === "all" || (v.dataScope === "self" && r.ownerId === v.id) || ((v.dataScope === "unit" || v.dataScope === "unit_tree") && !!r.unitId && v.unitIds.includes(r.unitId));
  return rows.filter((r) => sees(r) && (!f.owner || r.ownerId === f.owner) && (!f.product || r.productId === f.product));
}

/** Per stage: count and exact amount of the plain list. */
async function plainTotals(v: Viewer, process: ProcessWithStages, f: Omit<PipelineFilters, "processId">) {
  const rows = await plainDeals(v, { ...f, processId: process.id });
  return process.stages.map((s) => {
    const mine = rows.filter((r) => r.stageId === s.id);
    return { stageId: s.id, count: mine.length, amount: centsToString(mine.reduce((c, r) => c + toCents(r.amount), 0n)) };
  });
}

/** Every page of one column with a small page size: the ids in the order shown. */
async function walkColumn(v: Viewer, f: PipelineFilters, stageId: string, limit: number) {
  const seen: { id: string; stageId: string; expectedDate: string | null }[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await getPipelineDeals(o.db, v, { ...f, stageId, cursor }, limit);
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    seen.push(...page.rows);
    if (!page.nextCursor) return seen;
    expect(page.rows).toHaveLength(limit);
    cursor = page.nextCursor;
  }
  throw new Error("paging never ended");
}

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, sz2Rep, shRep, agent, manager, sz2Manager, gm, admin] = await Promise.all(
    ["sz1.rep1", "sz1.rep2", "sz2.rep1", "sh.rep1", "dg.agent1", "sz1.manager", "sz2.manager", "gm", "admin"].map((u) => viewerFor(o.db, `${u}@demo.cn`)),
  );
  const ps = await getProcesses(o.db);
  def = ps.find((p) => p.isDefault)!;
  erp = ps.find((p) => !p.isDefault)!;
  productIds = (await o.db.select({ id: products.id }).from(products).orderBy(products.name)).map((p) => p.id).slice(0, 2);
  expect(productIds).toHaveLength(2);

  // a busy column for three reps in three units: ties on the expected date, deals without one or without an
  // amount, two products — then every kind of write the rollup has to follow
  const made: string[] = [];
  for (const owner of [rep1, sz2Rep, shRep]) {
    const [c] = await o.db.select({ id: customers.id }).from(customers).where(and(eq(customers.ownerId, owner.id), isNull(customers.deletedAt))).limit(1);
    const dates = ["2027-03-01", "2027-03-01", "2027-03-01", null, null, "2026-12-20", "2027-03-02", "2027-03-01", null, "2026-12-20"];
    for (const [i, expectedDate] of dates.entries()) {
      const d = await createDeal(
        o.db,
        owner,
        dealInputSchema.parse({
          customerId: c.id,
          title: `看板${i}`,
          processId: i === 9 ? erp.id : def.id,
          stageId: i === 9 ? erp.stages[1].id : def.stages[1].id,
          productId: productIds[i % 2],
          expectedAmount: i === 4 ? "" : `${1000 + i * 111}.${i}5`,
          expectedDate: expectedDate ?? "",
        }),
      );
      made.push(d.id);
    }
  }
  await moveDeal(o.db, manager, made[0], def.stages[2].id);
  await moveDeal(o.db, rep1, made[1], def.stages[7].id);
  await moveDeal(o.db, sz2Rep, made[10], def.stages[3].id);
  await closeDeal(o.db, gm, closeDealSchema.parse({ dealId: made[2], outcome: "won", amount: "5000", closedOn: "2026-11-01", successReasons: "x", lessonsLearned: "y" }));
  await closeDeal(o.db, shRep, closeDealSchema.parse({ dealId: made[20], outcome: "lost", closedOn: "2026-11-01", failureReasons: "x", lessonsLearned: "y" }));
  const [edited] = await o.db.select().from(deals).where(eq(deals.id, made[11]));
  await updateDeal(o.db, sz2Manager, dealEditSchema.parse({ dealId: edited.id, version: String(edited.version), title: edited.title, productId: productIds[0], expectedAmount: "88,888.88", expectedDate: "2026-12-31" }));
  await o.db.update(deals).set({ deletedAt: new Date() }).where(eq(deals.id, made[21]));
});
afterAll(async () => o?.close());

const VIEWERS = ["rep1", "rep2", "sz2Rep", "shRep", "agent", "manager", "sz2Manager", "gm"] as const;
const viewer = (k: (typeof VIEWERS)[number]) => ({ rep1, rep2, sz2Rep, shRep, agent, manager, sz2Manager, gm })[k];
/** The board's filters: none, a rep (in some scopes, outside others), a product, both. */
const FILTERS = (): [string, Omit<PipelineFilters, "processId">][] => [
  ["none", {}],
  ["owner sz1.rep1", { owner: rep1.id }],
  ["owner sz2.rep1", { owner: sz2Rep.id }],
  ["owner sh.rep1", { owner: shRep.id }],
  ["product A", { product: productIds[0] }],
  ["product B", { product: productIds[1] }],
  ["owner sz1.rep1 + product A", { owner: rep1.id, product: productIds[0] }],
];

describe.each(VIEWERS)("as %s", (who) => {
  test("each column's count and amount equal a plain count over the scope, for every filter and both processes", async () => {
    const v = viewer(who);
    for (const process of [def, erp])
      for (const [, f] of FILTERS()) {
        const totals = await getPipelineTotals(o.db, v, { ...f, processId: process.id });
        const got = process.stages.map((s) => ({ stageId: s.id, ...(totals.get(s.id) ?? { count: 0, amount: "0.00" }) }));
        expect(got, `${process.name} ${JSON.stringify(f)}`).toEqual(await plainTotals(v, process, f));
      }
  });

  test("paging shows every deal of a column exactly once, in the column's order, and as many as its count", async () => {
    const v = viewer(who);
    for (const process of [def, erp])
      for (const [, f] of FILTERS()) {
        const filters = { ...f, processId: process.id };
        const plain = await plainDeals(v, filters);
        const totals = await getPipelineTotals(o.db, v, filters);
        for (const s of process.stages) {
          const shown = await walkColumn(v, filters, s.id, 2);
          const ids = shown.map((d) => d.id);
          expect(new Set(ids).size).toBe(ids.length);
          const expected = plain.filter((r) => r.stageId === s.id).sort(compareCards);
          expect(ids).toEqual(expected.map((r) => r.id));
          expect(ids.length).toBe(totals.get(s.id)?.count ?? 0);
        }
      }
  });
});

describe("filters outside the scope show nothing", () => {
  test.each([
    ["sz1.rep1 filtering on sz1.rep2", () => rep1, () => rep2.id],
    ["sz1.rep1 filtering on sz2.rep1", () => rep1, () => sz2Rep.id],
    ["sz1.manager filtering on sz2.rep1 (another unit)", () => manager, () => sz2Rep.id],
    ["sz2.manager filtering on sz1.rep1", () => sz2Manager, () => rep1.id],
    ["sz1.manager filtering on sh.rep1 (another branch)", () => manager, () => shRep.id],
    ["the agent filtering on sz1.rep1", () => agent, () => rep1.id],
  ])("%s: no count, no amount, no card", async (_, who, owner) => {
    // the GM sees that rep's deals on this board, so the filter itself matches data
    const all = await getPipelineTotals(o.db, gm, { processId: def.id, owner: owner() });
    expect([...all.values()].reduce((n, t) => n + t.count, 0)).toBeGreaterThan(0);
    const board = await getPipelineBoard(o.db, who(), def, { owner: owner() });
    expect(board.map((s) => [s.count, s.amount, s.first.rows.length, s.first.nextCursor])).toEqual(def.stages.map(() => [0, "0.00", 0, null]));
  });

  test("a stage of another process is an empty column; the admin (no deal:view) is refused", async () => {
    const page = await getPipelineDeals(o.db, gm, { processId: def.id, stageId: erp.stages[1].id });
    expect(page).toEqual({ rows: [], nextCursor: null });
    await expect(getPipelineDeals(o.db, admin, { processId: def.id, stageId: def.stages[1].id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getPipelineTotals(o.db, admin, { processId: def.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("the board", () => {
  test("first pages hold PIPELINE_PAGE_SIZE deals at most and the board's figures are the totals", async () => {
    const board = await getPipelineBoard(o.db, gm, def, {});
    const totals = await getPipelineTotals(o.db, gm, { processId: def.id });
    for (const s of board) {
      expect(s.first.rows.length).toBeLessThanOrEqual(PIPELINE_PAGE_SIZE);
      expect({ count: s.count, amount: s.amount }).toEqual(totals.get(s.id) ?? { count: 0, amount: "0.00" });
      expect(s.first.rows.every((r) => r.stageId === s.id)).toBe(true);
    }
    // a small page size pages the same column
    const busy = board.find((s) => s.count > 3)!;
    const small = await getPipelineBoard(o.db, gm, def, {}, 3);
    const col = small.find((s) => s.id === busy.id)!;
    expect(col.first.rows).toHaveLength(3);
    expect(col.first.nextCursor).toBeTruthy();
  });

  test("a deal moved between pages is neither lost nor shown twice; the totals follow the move", async () => {
    const f = { processId: def.id };
    const stage = def.stages[1].id;
    const before = await getPipelineTotals(o.db, gm, f);
    const first = await getPipelineDeals(o.db, gm, { ...f, stageId: stage }, 2);
    const rest = await getPipelineDeals(o.db, gm, { ...f, stageId: stage, cursor: first.nextCursor! }, 2);
    // one already shown leaves, one not yet shown leaves
    const [shownAway, laterAway] = [first.rows[0], rest.rows[1]];
    await moveDeal(o.db, gm, shownAway.id, def.stages[4].id);
    await moveDeal(o.db, gm, laterAway.id, def.stages[4].id);
    const after = await getPipelineTotals(o.db, gm, f);
    expect(after.get(stage)!.count).toBe(before.get(stage)!.count - 2);
    expect(after.get(def.stages[4].id)!.count).toBe((before.get(def.stages[4].id)?.count ?? 0) + 2);
    expect(toCents(after.get(def.stages[4].id)!.amount) - toCents(before.get(def.stages[4].id)?.amount ?? "0")).toBe(toCents(shownAway.expectedAmount) + toCents(laterAway.expectedAmount));
    // carrying on from the old cursor: the rest of the column, without the deal that left
    const seen = [...first.rows.map((r) => r.id)];
    let cursor = first.nextCursor;
    while (cursor) {
      const p = await getPipelineDeals(o.db, gm, { ...f, stageId: stage, cursor }, 2);
      seen.push(...p.rows.map((r) => r.id));
      cursor = p.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(laterAway.id);
    expect((await plainDeals(gm, f)).filter((r) => r.stageId === stage).every((r) => seen.includes(r.id))).toBe(true);
    expect(await plainTotals(gm, def, {})).toEqual(def.stages.map((s) => ({ stageId: s.id, ...(after.get(s.id) ?? { count: 0, amount: "0.00" }) })));
  });

  test("a forged or foreign cursor is the first page", async () => {
    const f = { processId: def.id, stageId: def.stages[1].id };
    const first = await getPipelineDeals(o.db, gm, f, 2);
    const forged = Buffer.from(JSON.stringify(["2026-02-30", first.rows[0].id])).toString("base64url");
    expect(await getPipelineDeals(o.db, gm, { ...f, cursor: forged }, 2)).toEqual(first);
    const timestamp = Buffer.from(JSON.stringify(["2026-03-01 10:00:00+08", first.rows[0].id])).toString("base64url");
    expect(await getPipelineDeals(o.db, gm, { ...f, cursor: timestamp }, 2)).toEqual(first);
  });
});
