import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { closeDeal, createDeal, getDealById, getProcesses, moveDeal, updateDeal, type ProcessWithStages } from "@/db/queries/deals";
import { getPipelineBoard } from "@/db/queries/pipeline";
import { customers, dealStageHistory, deals } from "@/db/schema";
import { closeDealSchema, dealEditSchema, dealInputSchema } from "@/lib/validation/deal";
import type { Viewer } from "@/lib/viewer";
import { demoViewers, freshDb } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, manager: Viewer, sz2Manager: Viewer, gm: Viewer;
let def: ProcessWithStages, other: ProcessWithStages;
let customerId: string;
let dealId: string;

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, manager, sz2Manager, gm] = await demoViewers(o.db);
  const ps = await getProcesses(o.db);
  def = ps.find((p) => p.isDefault)!;
  other = ps.find((p) => !p.isDefault)!;
  [{ id: customerId }] = await o.db.select({ id: customers.id }).from(customers).where(and(eq(customers.ownerId, rep1.id), isNull(customers.deletedAt))).limit(1);
});
afterAll(async () => o?.close());

test("the default process has the 8 stages in order", () => {
  expect(def.stages.map((s) => s.name)).toEqual(["初次接触", "兴趣激发", "会见决策者", "确定需求", "产品演示", "递交建议书", "口头同意", "签约"]);
});

describe("create", () => {
  test("a forecast lands on the first stage, logged, owned like the customer", async () => {
    const row = await createDeal(o.db, rep1, dealInputSchema.parse({ customerId, title: "测试交易", processId: def.id, expectedAmount: "12,800.50", expectedDate: "2026-12-31" }));
    dealId = row.id;
    expect(row).toMatchObject({ stageId: def.stages[0].id, expectedAmount: "12800.50", ownerId: rep1.id, status: "open", probability: def.stages[0].probability });
    const h = await o.db.select().from(dealStageHistory).where(eq(dealStageHistory.dealId, row.id));
    expect(h).toHaveLength(1);
  });
  test("a stage of another process is refused; a customer out of scope is refused", async () => {
    await expect(createDeal(o.db, rep1, dealInputSchema.parse({ customerId, title: "x", processId: def.id, stageId: other.stages[0].id }))).rejects.toMatchObject({
      fieldErrors: { stageId: "该阶段不属于所选流程" },
    });
    await expect(createDeal(o.db, sz2Manager, dealInputSchema.parse({ customerId, title: "x", processId: def.id }))).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("move", () => {
  test("moves along the process, each move logged with time and person", async () => {
    const r = await moveDeal(o.db, rep1, dealId, def.stages[3].id);
    expect(r.moved).toBe(true);
    await moveDeal(o.db, manager, dealId, def.stages[7].id);
    const d = await getDealById(o.db, rep1, dealId);
    expect(d!.stageId).toBe(def.stages[7].id);
    expect(d!.probability).toBe(def.stages[7].probability);
    expect(d!.history.map((h) => h.stageName)).toEqual(["签约", "确定需求", "初次接触"]);
    expect(d!.history[0].byName).toBeTruthy();
  });
  test("a stage of another process, a deal out of scope: refused, nothing written", async () => {
    const before = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from deal_stage_history where deal_id = ${dealId}`);
    await expect(moveDeal(o.db, rep1, dealId, other.stages[1].id)).rejects.toMatchObject({ code: "VALIDATION", message: "该阶段不属于此交易的流程" });
    await expect(moveDeal(o.db, rep2, dealId, def.stages[1].id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(moveDeal(o.db, sz2Manager, dealId, def.stages[1].id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const after = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from deal_stage_history where deal_id = ${dealId}`);
    expect(after[0].n).toBe(before[0].n);
    const [d] = await o.db.select({ stageId: deals.stageId }).from(deals).where(eq(deals.id, dealId));
    expect(d.stageId).toBe(def.stages[7].id);
  });
  test("the kanban shows only deals in scope", async () => {
    // every column of the demo company fits on its first page
    const getPipeline = async (v: Viewer, p: ProcessWithStages) => (await getPipelineBoard(o.db, v, p, {})).flatMap((s) => s.first.rows);
    const m = await getPipeline(manager, def);
    const units = await queryRows<{ id: string; unit: string }>(o.db, sql`select id, org_unit_id as unit from deals`);
    const unitOf = new Map(units.map((u) => [u.id, u.unit]));
    expect(m.length).toBeGreaterThan(0);
    expect(m.every((r) => manager.unitIds.includes(unitOf.get(r.id)!))).toBe(true);
    const r = await getPipeline(rep1, def);
    expect(r.some((x) => x.id === dealId)).toBe(true);
    expect((await getPipeline(sz2Manager, def)).some((x) => x.id === dealId)).toBe(false);
  });
});

describe("close", () => {
  test("summary required, amount validated; a valid close writes revenue and summary", async () => {
    expect(closeDealSchema.safeParse({ dealId, outcome: "won", amount: "abc", closedOn: "2026-11-01", successReasons: "x", lessonsLearned: "y" }).success).toBe(false);
    expect(closeDealSchema.safeParse({ dealId, outcome: "won", amount: "99999999999999", closedOn: "2026-11-01", successReasons: "x", lessonsLearned: "y" }).success).toBe(false);
    await expect(closeDeal(o.db, rep2, closeDealSchema.parse({ dealId, outcome: "won", amount: "1", closedOn: "2026-11-01", successReasons: "x", lessonsLearned: "y" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const row = await closeDeal(
      o.db,
      rep1,
      closeDealSchema.parse({ dealId, outcome: "won", amount: "12000.10", closedOn: "2026-11-01", discount: "九五折", paymentMethod: "银行转账", contractNo: "ZK-T-1", successReasons: "需求匹配", lessonsLearned: "早见决策者" }),
    );
    expect(row).toMatchObject({ status: "won", amount: "12000.10", closedOn: "2026-11-01", successReasons: "需求匹配", lessonsLearned: "早见决策者", probability: 100 });
    await expect(moveDeal(o.db, rep1, dealId, def.stages[2].id)).rejects.toMatchObject({ message: "已关闭的交易不能再移动阶段" });
    await expect(closeDeal(o.db, rep1, closeDealSchema.parse({ dealId, outcome: "lost", closedOn: "2026-11-01", failureReasons: "x", lessonsLearned: "y" }))).rejects.toMatchObject({ message: "该交易已关闭" });
  });
});

describe("edit the forecast", () => {
  test("name, product, amount, date and probability change, version-checked and audited; scope and bad input refused, nothing written", async () => {
    const d = await createDeal(o.db, rep1, dealInputSchema.parse({ customerId, title: "待修改", processId: def.id, expectedAmount: "1000" }));
    const edit = (v: Viewer, patch: Record<string, unknown>) =>
      updateDeal(o.db, v, dealEditSchema.parse({ dealId: d.id, version: String(d.version), title: "已修改", expectedAmount: "2,500.50", expectedDate: "2027-01-31", probability: "60", ...patch }));
    // bad input never reaches the database
    expect(dealEditSchema.safeParse({ dealId: d.id, version: "1", title: "x", expectedAmount: "-5" }).success).toBe(false);
    expect(dealEditSchema.safeParse({ dealId: d.id, version: "1", title: "", expectedAmount: "5" }).success).toBe(false);
    expect(dealEditSchema.safeParse({ dealId: d.id, version: "1", title: "x", probability: "101" }).success).toBe(false);
    // out of scope: not found; another unit's manager too
    await expect(edit(rep2, {})).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(edit(sz2Manager, {})).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(edit(rep1, { productId: "0192f000-0000-7000-8000-000000000000" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { productId: "产品不存在" } });
    expect((await getDealById(o.db, rep1, d.id))!.title).toBe("待修改");
    // the manager edits within the unit; the rep's stale form is then refused
    const row = await edit(manager, {});
    expect(row).toMatchObject({ title: "已修改", expectedAmount: "2500.50", expectedDate: "2027-01-31", probability: 60, version: d.version + 1, updatedBy: manager.id });
    await expect(edit(rep1, { title: "旧表单" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await getDealById(o.db, rep1, d.id))!.title).toBe("已修改");
    const [a] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from audit_log where entity_id = ${d.id} and action = 'update'`);
    expect(Number(a.n)).toBe(1);
  });

  test("a closed deal's probability stays its outcome", async () => {
    const row = await updateDeal(o.db, rep1, dealEditSchema.parse({ dealId, version: String((await getDealById(o.db, rep1, dealId))!.version), title: "测试交易", probability: "10" }));
    expect(row).toMatchObject({ status: "won", probability: 100, amount: "12000.10" });
  });
});
