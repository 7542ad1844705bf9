import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { createDeal, getProcesses, moveDeal, type ProcessWithStages } from "@/db/queries/deals";
import { getFunnel, getFunnelBothWays } from "@/db/queries/analytics";
import {
  addStage,
  createProcess,
  getProcessAdmin,
  moveStage,
  setDefaultProcess,
  setProcessArchived,
  setStageArchived,
  updateProcess,
  updateStage,
} from "@/db/queries/processes";
import { customers, deals, processes } from "@/db/schema";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { dealInputSchema } from "@/lib/validation/deal";
import { processInputSchema, stageInputSchema } from "@/lib/validation/process";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let admin: Viewer, gm: Viewer, rep1: Viewer;
let def: ProcessWithStages;
let procId: string;
let version: number;

const versionOf = async (id: string) => (await o.db.select({ v: processes.version }).from(processes).where(eq(processes.id, id)))[0].v;
const stagesOf = async (id: string) => (await getProcesses(o.db)).find((p) => p.id === id)?.stages ?? [];
const auditCount = async () => (await queryRows<{ n: number }>(o.db, sql`select count(*)::int n from audit_log where entity_type in ('process', 'process_stage')`))[0].n;

beforeAll(async () => {
  o = await freshDb();
  [admin, gm, rep1] = await Promise.all(["admin@demo.cn", "gm@demo.cn", "sz1.rep1@demo.cn"].map((e) => viewerFor(o.db, e)));
  def = (await getProcesses(o.db)).find((p) => p.isDefault)!;
});
afterAll(async () => o?.close());

test("only admins hold the process admin; the seeded default has its 8 stages and open deals", async () => {
  await expect(getProcessAdmin(o.db, gm)).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(createProcess(o.db, rep1, processInputSchema.parse({ name: "x" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
  const all = await getProcessAdmin(o.db, admin);
  const d = all.find((p) => p.isDefault)!;
  expect(d.stages.map((s) => s.name)).toEqual(["初次接触", "兴趣激发", "会见决策者", "确定需求", "产品演示", "递交建议书", "口头同意", "签约"]);
  expect(d.stages.reduce((n, s) => n + s.openDeals, 0)).toBeGreaterThan(0);
});

describe("create and edit", () => {
  test("a process per product, starting from a copy of the default stages; visible to the pipeline at once", async () => {
    const row = await createProcess(o.db, admin, processInputSchema.parse({ name: "净水器项目流程", description: "工程类大单", copyDefault: "on" }));
    procId = row.id;
    version = row.version;
    expect((await stagesOf(procId)).map((s) => [s.name, s.probability])).toEqual(def.stages.map((s) => [s.name, s.probability]));
  });

  test("bad input: empty or duplicate names, a probability outside 0–100, an unknown product", async () => {
    const probErr = (p: unknown) => stageInputSchema.safeParse({ name: "试点", probability: p }).error?.issues[0].message;
    expect(probErr("101")).toBe("成交概率应为 0–100 的整数");
    expect(probErr("-1")).toBe("成交概率应为 0–100 的整数");
    expect(probErr("abc")).toBe("成交概率应为 0–100 的整数");
    expect(probErr("")).toBe("成交概率应为 0–100 的整数");
    expect(probErr("50")).toBeUndefined();
    expect(processInputSchema.safeParse({ name: " " }).error!.issues[0].message).toBe("请填写流程名称");
    await expect(createProcess(o.db, admin, processInputSchema.parse({ name: "标准销售流程" }))).rejects.toMatchObject({ fieldErrors: { name: "已有同名流程" } });
    await expect(createProcess(o.db, admin, processInputSchema.parse({ name: "新流程", productId: "01890000-0000-7000-8000-000000000000" }))).rejects.toMatchObject({
      fieldErrors: { productId: "产品不存在" },
    });
    await expect(addStage(o.db, admin, procId, version, stageInputSchema.parse({ name: "签约", probability: 100 }))).rejects.toMatchObject({ fieldErrors: { name: "本流程中已有同名阶段" } });
  });

  test("rename the process and add a stage at the end; each change bumps the version", async () => {
    ({ version } = await updateProcess(o.db, admin, procId, version, processInputSchema.parse({ name: "商用净水项目流程" })));
    const r = await addStage(o.db, admin, procId, version, stageInputSchema.parse({ name: "安装验收", probability: "100" }));
    version = r.version;
    expect(version).toBe(await versionOf(procId));
    expect((await stagesOf(procId)).at(-1)).toMatchObject({ name: "安装验收", probability: 100 });
  });

  test("an edit based on an old version of the process is a conflict", async () => {
    const before = await auditCount();
    await expect(addStage(o.db, admin, procId, version - 1, stageInputSchema.parse({ name: "回访", probability: 100 }))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await auditCount()).toBe(before);
  });
});

describe("reorder", () => {
  test("moves a stage up and down one place", async () => {
    const s = await stagesOf(procId);
    const r = await moveStage(o.db, admin, procId, s[2].id, version, "up");
    version = r.version;
    expect(r.position).toBe(2);
    expect((await stagesOf(procId)).map((x) => x.name).slice(0, 3)).toEqual([s[0].name, s[2].name, s[1].name]);
    ({ version } = await moveStage(o.db, admin, procId, s[2].id, version, "down"));
    expect((await stagesOf(procId)).map((x) => x.id)).toEqual(s.map((x) => x.id));
  });

  test("past either end, or a stage of another process, is a clear error and changes nothing", async () => {
    const s = await stagesOf(procId);
    await expect(moveStage(o.db, admin, procId, s[0].id, version, "up")).rejects.toMatchObject({ message: "已经是第一个阶段" });
    await expect(moveStage(o.db, admin, procId, s.at(-1)!.id, version, "down")).rejects.toMatchObject({ message: "已经是最后一个阶段" });
    await expect(moveStage(o.db, admin, procId, def.stages[1].id, version, "up")).rejects.toMatchObject({ code: "VALIDATION", message: "该阶段不属于此流程" });
    await expect(updateStage(o.db, admin, procId, def.stages[1].id, version, stageInputSchema.parse({ name: "x", probability: 5 }))).rejects.toMatchObject({ message: "该阶段不属于此流程" });
    expect((await stagesOf(procId)).map((x) => x.id)).toEqual(s.map((x) => x.id));
    expect((await stagesOf(def.id)).map((x) => x.id)).toEqual(def.stages.map((x) => x.id));
  });

  test("the funnel follows the new order", async () => {
    const s = await stagesOf(procId);
    ({ version } = await moveStage(o.db, admin, procId, s[1].id, version, "up"));
    const f = await getFunnel(o.db, gm, procId, analyticsQuerySchema.parse({}));
    expect(f.map((x) => x.name).slice(0, 2)).toEqual([s[1].name, s[0].name]);
  });
});

describe("archive a stage", () => {
  let dealId: string;
  test("refused while an open deal sits in it, with how many", async () => {
    const s = await stagesOf(procId);
    const [{ id: customerId }] = await o.db.select({ id: customers.id }).from(customers).where(and(eq(customers.ownerId, rep1.id), isNull(customers.deletedAt))).limit(1);
    const deal = await createDeal(o.db, rep1, dealInputSchema.parse({ customerId, title: "净水器 20 台", processId: procId, stageId: s[3].id, expectedAmount: "139600" }));
    dealId = deal.id;
    const before = await auditCount();
    await expect(setStageArchived(o.db, admin, procId, s[3].id, version, true)).rejects.toMatchObject({
      code: "VALIDATION",
      message: `阶段「${s[3].name}」中还有 1 个进行中的交易，请先在销售流程看板上把它们移到其他阶段，再归档`,
    });
    expect(await auditCount()).toBe(before);
    expect((await stagesOf(procId)).map((x) => x.id)).toContain(s[3].id);
  });

  test("allowed once the deal has moved on; the stage leaves the board and the deal form, and can be restored at the end", async () => {
    const s = await stagesOf(procId);
    await moveDeal(o.db, rep1, dealId, s[4].id);
    ({ version } = await setStageArchived(o.db, admin, procId, s[3].id, version, true));
    expect((await stagesOf(procId)).map((x) => x.id)).not.toContain(s[3].id);
    // a deal can no longer be moved into it
    await expect(moveDeal(o.db, rep1, dealId, s[3].id)).rejects.toMatchObject({ code: "VALIDATION" });
    const adminView = (await getProcessAdmin(o.db, admin)).find((p) => p.id === procId)!;
    expect(adminView.stages.find((x) => x.id === s[3].id)!.archivedAt).not.toBeNull();
    ({ version } = await setStageArchived(o.db, admin, procId, s[3].id, version, false));
    expect((await stagesOf(procId)).at(-1)!.id).toBe(s[3].id);
  });

  test("the last stage of a process stays", async () => {
    const p = await createProcess(o.db, admin, processInputSchema.parse({ name: "空流程" }));
    expect(await stagesOf(p.id)).toEqual([]);
    const { version: v1, stageId } = await addStage(o.db, admin, p.id, p.version, stageInputSchema.parse({ name: "唯一阶段", probability: 50 }));
    await expect(setStageArchived(o.db, admin, p.id, stageId, v1, true)).rejects.toMatchObject({ message: "流程至少要保留一个阶段" });
  });
});

describe("probabilities and the default", () => {
  test("a new probability carries the open deals that still had the old one", async () => {
    const s = (await stagesOf(procId))[3];
    const [d] = await o.db.select({ id: deals.id, p: deals.probability }).from(deals).where(eq(deals.stageId, s.id));
    expect(d.p).toBe(s.probability);
    const r = await updateStage(o.db, admin, procId, s.id, version, stageInputSchema.parse({ name: "方案演示", probability: "55" }));
    version = r.version;
    expect(r.dealsFollowed).toBe(1);
    const [after] = await o.db.select({ p: deals.probability }).from(deals).where(eq(deals.id, d.id));
    expect(after.p).toBe(55);
    expect((await stagesOf(procId))[3]).toMatchObject({ name: "方案演示", probability: 55 });
  });

  test("the default moves; the default cannot be archived, nor a process with open deals", async () => {
    await expect(setProcessArchived(o.db, admin, def.id, await versionOf(def.id), true)).rejects.toMatchObject({ message: "默认流程不能归档，请先把另一个流程设为默认" });
    await expect(setProcessArchived(o.db, admin, procId, version, true)).rejects.toMatchObject({ message: "流程「商用净水项目流程」中还有 1 个进行中的交易，不能归档" });
    ({ version } = await setDefaultProcess(o.db, admin, procId, version));
    const ps = await getProcesses(o.db);
    expect(ps[0].id).toBe(procId);
    expect(ps.filter((p) => p.isDefault)).toHaveLength(1);
    ({ version } = await setDefaultProcess(o.db, admin, def.id, await versionOf(def.id)));
  });

  test("an archived process leaves the pipeline's list and comes back", async () => {
    const p = (await getProcessAdmin(o.db, admin)).find((x) => x.name === "空流程")!;
    const { version: v } = await setProcessArchived(o.db, admin, p.id, p.version, true);
    expect((await getProcesses(o.db)).map((x) => x.id)).not.toContain(p.id);
    await expect(addStage(o.db, admin, p.id, v, stageInputSchema.parse({ name: "新阶段", probability: 10 }))).rejects.toMatchObject({ message: "该流程已归档，请先恢复" });
    await setProcessArchived(o.db, admin, p.id, v, false);
    expect((await getProcesses(o.db)).map((x) => x.id)).toContain(p.id);
  });
});

test("the funnel rollup agrees with the live figures after reorders, archived and restored stages, new probabilities", async () => {
  // this process went through every admin change above, with a deal moved across it
  const norm = (f: Awaited<ReturnType<typeof getFunnelBothWays>>["live"]) => ({
    current: f.current.filter((c) => c.count > 0).map((c) => `${c.stageId}:${c.count}:${Number(c.amount ?? 0).toFixed(2)}`).sort(),
    furthest: f.furthest.filter((c) => c.count > 0).map((c) => `${c.sort}:${c.count}`).sort(),
  });
  for (const id of [procId, def.id]) {
    const { rollup, live } = await getFunnelBothWays(o.db, gm, id, analyticsQuerySchema.parse({}));
    expect(norm(rollup)).toEqual(norm(live));
  }
  const s = await stagesOf(procId);
  await moveStage(o.db, admin, procId, s[4].id, await versionOf(procId), "up");
  const { rollup, live } = await getFunnelBothWays(o.db, gm, procId, analyticsQuerySchema.parse({}));
  expect(norm(rollup)).toEqual(norm(live));
  expect(norm(live).furthest.length).toBeGreaterThan(0);
});
