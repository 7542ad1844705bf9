import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { getProductOptions } from "@/db/queries/deals";
import {
  createFabEntry,
  createProduct,
  deleteAnalysis,
  deleteFabEntry,
  getAnalyses,
  getAnalysisOverview,
  getFabEntries,
  getProductById,
  listProducts,
  moveFabEntry,
  saveAnalysis,
  setProductArchived,
  updateFabEntry,
  updateProduct,
} from "@/db/queries/products";
import { checkExercise } from "@/db/queries/training";
import { advantageScores, auditLog, fabEntries, products } from "@/db/schema";
import { summarizeAnalysis } from "@/lib/products";
import { advantageInputSchema, fabInputSchema, productInputSchema, productListQuerySchema } from "@/lib/validation/product";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, manager: Viewer, gm: Viewer, admin: Viewer, agent: Viewer;
let productId: string;
let zk3000: string;

const product = (v: Record<string, unknown> = {}) => productInputSchema.parse({ name: "云岭 E5 人体工学椅", category: "硬件设备", price: "1,280", unit: "把", description: "可调腰托", ...v });
const fab = (v: Record<string, unknown> = {}) =>
  fabInputSchema.parse({ productId, customerType: "单位客户", feature: "整椅保修 5 年", advantage: "五年内基本不用换椅子", benefit: "每把每年只要 236 元", ...v });
const analysis = (v: Record<string, unknown> = {}) =>
  advantageInputSchema.parse({
    productId,
    competitor: "白牌工厂",
    originalCompetitor: null,
    rows: [
      { dimension: "价格", weight: "2", ownScore: "6", competitorScore: "10", note: "电商报价 680 元" },
      { dimension: "耐用与保修", weight: "3", ownScore: "8", competitorScore: "4", note: "对方保修 1 年" },
      { dimension: "售后", weight: "2", ownScore: "9", competitorScore: "3", note: "" },
    ],
    ...v,
  });
const count = async (q: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(o.db, q))[0].n;
const audits = (entityType: string) => count(sql`select count(*)::int n from audit_log where entity_type = ${entityType}`);

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, manager, gm, admin, agent] = await Promise.all(
    ["sz1.rep1@demo.cn", "sz1.rep2@demo.cn", "sz1.manager@demo.cn", "gm@demo.cn", "admin@demo.cn", "dg.agent1@demo.cn"].map((e) => viewerFor(o.db, e)),
  );
  [{ id: zk3000 }] = await o.db.select({ id: products.id }).from(products).where(eq(products.name, "智能考勤门禁一体机 ZK-3000"));
});
afterAll(async () => o?.close());

describe("permissions of the default roles", () => {
  test("reps and agents write selling tools; managers, the GM and admins keep the catalogue", () => {
    for (const v of [rep1, agent]) expect(v.permissions).toContain("product:fab");
    for (const v of [rep1, agent]) expect(v.permissions).not.toContain("product:manage");
    for (const v of [manager, gm, admin]) expect(v.permissions).toContain("product:manage");
  });
});

describe("the demo catalogue", () => {
  test("products with FAB chains for individual and company customers and analyses against two competitors", async () => {
    const list = await listProducts(o.db, rep1, productListQuerySchema.parse({}));
    expect(list.length).toBeGreaterThanOrEqual(4);
    expect(list.every((p) => p.fabCount > 0 && p.competitorCount > 0)).toBe(true);
    const types = await queryRows<{ t: string }>(o.db, sql`select distinct customer_type t from fab_entries`);
    expect(types.map((t) => t.t)).toEqual(expect.arrayContaining(["个人客户", "单位客户"]));
    const a = await getAnalyses(o.db, rep1, zk3000);
    expect(a.map((x) => x.competitor)).toHaveLength(2);
    // seeded by the manager: a rep reads it but may not change it
    expect(a.every((x) => !x.canEdit)).toBe(true);
    expect((await getAnalyses(o.db, manager, zk3000)).every((x) => x.canEdit)).toBe(true);
  });
  test("the search finds by name or category; the overview lists every analysis", async () => {
    const hits = await listProducts(o.db, rep1, productListQuerySchema.parse({ q: "ERP" }));
    expect(hits.map((h) => h.name)).toContain("知行 ERP 企业版");
    expect(await listProducts(o.db, rep1, productListQuerySchema.parse({ q: "100%_不存在" }))).toEqual([]);
    const overview = await getAnalysisOverview(o.db, rep1);
    expect(overview.find((p) => p.id === zk3000)!.analyses).toHaveLength(2);
  });
});

describe("catalogue", () => {
  test("a manager creates a product; the audit row is written with it", async () => {
    const row = await createProduct(o.db, manager, product());
    productId = row.id;
    expect(row).toMatchObject({ name: "云岭 E5 人体工学椅", price: "1280.00", unit: "把", version: 1, archivedAt: null });
    expect(await count(sql`select count(*)::int n from audit_log where entity_id = ${row.id} and action = 'create'`)).toBe(1);
    expect((await getProductOptions(o.db)).map((p) => p.id)).toContain(row.id);
  });

  test("bad input is a field error in Chinese", () => {
    const errs = (v: Record<string, unknown>) => productInputSchema.safeParse({ name: "x", ...v }).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(errs({ name: "  " })).toEqual([["name", "请填写产品名称"]]);
    expect(errs({ price: "-5" })).toEqual([["price", "金额不能为负数"]]);
    expect(errs({ price: "abc" })).toEqual([["price", "金额应为数字，例如 12800 或 12800.50"]]);
    expect(errs({ price: "99999999999999" })).toEqual([["price", "金额过大，请核对（上限 9999 亿元）"]]);
  });

  test("a duplicate name or a category outside the dictionary is refused; nothing is written", async () => {
    const before = await audits("product");
    await expect(createProduct(o.db, manager, product({ name: " 云岭 e5  人体工学椅 " }))).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { name: "已有同名产品" } });
    await expect(createProduct(o.db, manager, product({ name: "另一把椅子", category: "随便写的类别" }))).rejects.toMatchObject({ fieldErrors: { category: "请从产品类别中选择" } });
    expect(await audits("product")).toBe(before);
    expect(await count(sql`select count(*)::int n from products where name = '另一把椅子'`)).toBe(0);
  });

  test("only the catalogue's keepers create, edit or archive", async () => {
    await expect(createProduct(o.db, rep1, product({ name: "业务员的产品" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(updateProduct(o.db, agent, productId, product())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setProductArchived(o.db, rep1, productId, true)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const a = await createProduct(o.db, admin, product({ name: "管理员录入的产品", category: null }));
    expect(a.createdBy).toBe(admin.id);
  });

  test("an edit based on an old version is a conflict, not an overwrite", async () => {
    const row = await updateProduct(o.db, gm, productId, product({ price: "1180", version: "1" }));
    expect(row).toMatchObject({ price: "1180.00", version: 2 });
    await expect(updateProduct(o.db, manager, productId, product({ price: "999", version: "1" }))).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await getProductById(o.db, rep1, productId))!.price).toBe("1180.00");
    await expect(updateProduct(o.db, manager, "01890000-0000-7000-8000-000000000000", product())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("FAB chains", () => {
  let chainId: string;
  test("a rep writes a chain; it is theirs", async () => {
    const row = await createFabEntry(o.db, rep1, fab());
    chainId = row.id;
    expect(row).toMatchObject({ authorId: rep1.id, customerType: "单位客户", sort: 0 });
    const second = await createFabEntry(o.db, rep1, fab({ feature: "广州自建服务点", advantage: "48 小时上门", benefit: "坏了不耽误上班" }));
    expect(second.sort).toBe(1);
    const list = await getFabEntries(o.db, rep1, productId);
    expect(list.map((f) => f.canEdit)).toEqual([true, true]);
    expect((await getFabEntries(o.db, rep2, productId)).map((f) => f.canEdit)).toEqual([false, false]);
  });

  test("an empty link of the chain is a field error", () => {
    const r = fabInputSchema.safeParse({ productId: "01890000-0000-7000-8000-000000000000", customerType: "单位客户", feature: " ", advantage: "a", benefit: "" });
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["feature", "请填写属性"],
      ["benefit", "请填写益处"],
    ]);
    expect(fabInputSchema.safeParse({ productId: "not-a-uuid", customerType: "x", feature: "a", advantage: "a", benefit: "b" }).error!.issues[0].message).toBe("产品无效");
  });

  test("another rep may not change it, the manager may; stale versions conflict", async () => {
    await expect(updateFabEntry(o.db, rep2, chainId, fab({ benefit: "改掉" }))).rejects.toMatchObject({ code: "FORBIDDEN", message: "只能修改自己写的 FAB 链" });
    await expect(deleteFabEntry(o.db, rep2, productId, chainId, null)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const row = await updateFabEntry(o.db, manager, chainId, fab({ benefit: "按每把每年算只要 236 元", version: "1" }));
    expect(row).toMatchObject({ version: 2, authorId: rep1.id, updatedBy: manager.id });
    await expect(updateFabEntry(o.db, rep1, chainId, fab({ benefit: "旧版本上的修改", version: "1" }))).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("a chain of another product, or an unknown one, is not found", async () => {
    await expect(updateFabEntry(o.db, manager, chainId, fab({ productId: zk3000 }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createFabEntry(o.db, rep1, fab({ productId: "01890000-0000-7000-8000-000000000000" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("the keepers reorder within a customer type; reps may not", async () => {
    const [a, b] = await getFabEntries(o.db, manager, productId);
    await expect(moveFabEntry(o.db, rep1, productId, b.id, "up")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await moveFabEntry(o.db, manager, productId, b.id, "up")).toEqual({ moved: true });
    expect((await getFabEntries(o.db, rep1, productId)).map((f) => f.id)).toEqual([b.id, a.id]);
    expect(await moveFabEntry(o.db, manager, productId, b.id, "up")).toEqual({ moved: false });
  });

  test("three chains of one product complete the lesson's exercise", async () => {
    expect(await checkExercise(o.db, rep1, "fab-chains-3")).toEqual({ done: 2, target: 3 });
    await createFabEntry(o.db, rep1, fab({ customerType: "个人客户", feature: "座深可调", advantage: "高矮都坐得舒服", benefit: "久坐不腰酸" }));
    expect(await checkExercise(o.db, rep1, "fab-chains-3")).toEqual({ done: 3, target: 3 });
  });

  test("the author deletes (soft), with an audit row", async () => {
    const [, , third] = await getFabEntries(o.db, rep1, productId);
    await deleteFabEntry(o.db, rep1, productId, third.id, third.version);
    expect((await getFabEntries(o.db, rep1, productId)).map((f) => f.id)).not.toContain(third.id);
    const [row] = await o.db.select().from(fabEntries).where(eq(fabEntries.id, third.id));
    expect(row.deletedAt).not.toBeNull();
    expect(await count(sql`select count(*)::int n from audit_log where entity_id = ${third.id} and action = 'delete'`)).toBe(1);
  });
});

describe("advantage analysis", () => {
  test("scores outside 1–10, weights outside 1–5, junk and duplicate dimensions are field errors", () => {
    const rows = (r: Record<string, unknown>) => advantageInputSchema.safeParse({ productId: zk3000, competitor: "某品牌", rows: [{ dimension: "价格", weight: 2, ownScore: 5, competitorScore: 5, ...r }] });
    const msg = (r: Record<string, unknown>) => rows(r).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(msg({ ownScore: "11" })).toEqual([["rows.0.ownScore", "分数应为 1–10 的整数"]]);
    expect(msg({ competitorScore: "-3" })).toEqual([["rows.0.competitorScore", "分数应为 1–10 的整数"]]);
    expect(msg({ ownScore: "7.5" })).toEqual([["rows.0.ownScore", "分数应为 1–10 的整数"]]);
    expect(msg({ ownScore: "abc" })).toEqual([["rows.0.ownScore", "分数应为 1–10 的整数"]]);
    expect(msg({ ownScore: "" })).toEqual([["rows.0.ownScore", "分数应为 1–10 的整数"]]);
    expect(msg({ weight: "99" })).toEqual([["rows.0.weight", "权重应为 1–5 的整数"]]);
    expect(msg({ dimension: "" })).toEqual([["rows.0.dimension", "请填写维度"]]);
    const dup = advantageInputSchema.safeParse({ productId: zk3000, competitor: "x", rows: [{ dimension: "价格", weight: 1, ownScore: 1, competitorScore: 1 }, { dimension: " 价格", weight: 1, ownScore: 1, competitorScore: 1 }] });
    expect(dup.error!.issues[0]).toMatchObject({ path: ["rows", 1, "dimension"], message: "维度重复" });
    expect(advantageInputSchema.safeParse({ productId: zk3000, competitor: "x", rows: [] }).error!.issues[0].message).toBe("请至少填写一个维度");
  });

  test("a rep analyses one competitor on three dimensions: saved, summarized, and the exercise is done", async () => {
    expect(await checkExercise(o.db, rep1, "advantage-analysis-1")).toEqual({ done: 0, target: 1 });
    await saveAnalysis(o.db, rep1, analysis());
    const [a] = await getAnalyses(o.db, rep1, productId);
    expect(a.competitor).toBe("白牌工厂");
    expect(a.canEdit).toBe(true);
    // heaviest dimension first
    expect(a.rows.map((r) => r.dimension)).toEqual(["耐用与保修", "价格", "售后"]);
    const s = summarizeAnalysis(a.rows);
    expect(s).toMatchObject({ own: 7.7, competitor: 5.4 });
    expect(s.weaknesses.map((r) => r.dimension)).toEqual(["价格"]);
    expect(await checkExercise(o.db, rep1, "advantage-analysis-1")).toEqual({ done: 1, target: 1 });
    expect(await count(sql`select count(*)::int n from audit_log where entity_type = 'advantage_analysis' and entity_id = ${productId} and action = 'create'`)).toBe(1);
  });

  test("a second analysis of the same competitor is refused", async () => {
    await expect(saveAnalysis(o.db, manager, analysis({ competitor: " 白牌工厂 " }))).rejects.toMatchObject({ fieldErrors: { competitor: "已有对这个竞品的分析，请在那份分析里修改" } });
  });

  test("another rep may not change it; an edit based on an old version changes nothing", async () => {
    const [a] = await getAnalyses(o.db, rep2, productId);
    expect(a.canEdit).toBe(false);
    const base = a.rows.map((r) => ({ id: r.id, version: r.version }));
    const edit = (rows: typeof a.rows, v: Record<string, unknown> = {}) =>
      analysis({ originalCompetitor: "白牌工厂", base, rows: rows.map((r) => ({ id: r.id, dimension: r.dimension, weight: r.weight, ownScore: r.ownScore, competitorScore: r.competitorScore, note: r.note })), ...v });
    await expect(saveAnalysis(o.db, rep2, edit(a.rows))).rejects.toMatchObject({ code: "FORBIDDEN" });
    // the manager raises one score and drops a dimension
    const [durable, price] = a.rows;
    await saveAnalysis(o.db, manager, edit([durable, { ...price, ownScore: 7 }]));
    const [after] = await getAnalyses(o.db, rep1, productId);
    expect(after.rows.map((r) => [r.dimension, r.ownScore])).toEqual([
      ["耐用与保修", 8],
      ["价格", 7],
    ]);
    // the manager scored 价格: the analysis is no longer the rep's alone
    expect(after.rows.find((r) => r.dimension === "价格")!.authorId).toBe(manager.id);
    expect(after.rows.find((r) => r.dimension === "耐用与保修")!.authorId).toBe(rep1.id);
    expect(after.canEdit).toBe(false);
    // the rep's editor still holds the old versions
    const snapshot = await o.db.select().from(advantageScores).where(eq(advantageScores.productId, productId));
    await expect(saveAnalysis(o.db, manager, edit(a.rows, { competitor: "白牌" }))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await o.db.select().from(advantageScores).where(eq(advantageScores.productId, productId))).toEqual(snapshot);
  });

  test("a row of another analysis cannot be smuggled in", async () => {
    const [theirs] = await getAnalyses(o.db, manager, zk3000);
    await saveAnalysis(o.db, manager, analysis({ competitor: "进口品牌" }));
    const mine = (await getAnalyses(o.db, manager, productId)).find((x) => x.competitor === "进口品牌")!;
    const before = await audits("advantage_analysis");
    const input = analysis({
      competitor: "进口品牌",
      originalCompetitor: "进口品牌",
      base: mine.rows.map((r) => ({ id: r.id, version: r.version })),
      rows: [{ id: theirs.rows[0].id, dimension: "价格", weight: 2, ownScore: 5, competitorScore: 5 }],
    });
    await expect(saveAnalysis(o.db, manager, input)).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { "rows.0.dimension": "这一行不属于这份分析" } });
    expect(await audits("advantage_analysis")).toBe(before);
  });

  test("renaming onto another analysis is refused; renaming alone keeps the authors", async () => {
    const list = await getAnalyses(o.db, manager, productId);
    const a = list.find((x) => x.competitor === "进口品牌")!;
    const rows = a.rows.map((r) => ({ id: r.id, dimension: r.dimension, weight: r.weight, ownScore: r.ownScore, competitorScore: r.competitorScore, note: r.note }));
    const base = a.rows.map((r) => ({ id: r.id, version: r.version }));
    await expect(saveAnalysis(o.db, manager, analysis({ competitor: "白牌工厂", originalCompetitor: "进口品牌", rows, base }))).rejects.toMatchObject({
      fieldErrors: { competitor: "已有对这个竞品的分析，请在那份分析里修改" },
    });
    await saveAnalysis(o.db, gm, analysis({ competitor: "某进口品牌代理商", originalCompetitor: "进口品牌", rows, base }));
    const renamed = (await getAnalyses(o.db, manager, productId)).find((x) => x.competitor === "某进口品牌代理商")!;
    expect(renamed.rows.every((r) => r.authorId === manager.id)).toBe(true);
  });

  test("deleting an analysis needs the current versions and the right to change it", async () => {
    const a = (await getAnalyses(o.db, manager, productId)).find((x) => x.competitor === "某进口品牌代理商")!;
    const base = a.rows.map((r) => ({ id: r.id, version: r.version }));
    await expect(deleteAnalysis(o.db, rep1, productId, a.competitor, base)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deleteAnalysis(o.db, manager, productId, a.competitor, base.map((b) => ({ ...b, version: b.version + 1 })))).rejects.toMatchObject({ code: "CONFLICT" });
    await deleteAnalysis(o.db, manager, productId, a.competitor, base);
    expect((await getAnalyses(o.db, manager, productId)).map((x) => x.competitor)).toEqual(["白牌工厂"]);
    await expect(deleteAnalysis(o.db, manager, productId, a.competitor, base)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("archive", () => {
  test("an archived product leaves the pickers, keeps its chains, and refuses new ones until restored", async () => {
    const row = await setProductArchived(o.db, manager, productId, true);
    expect(row.archivedAt).not.toBeNull();
    expect((await getProductOptions(o.db)).map((p) => p.id)).not.toContain(productId);
    expect((await listProducts(o.db, rep1, productListQuerySchema.parse({}))).map((p) => p.id)).not.toContain(productId);
    expect((await listProducts(o.db, rep1, productListQuerySchema.parse({ status: "archived" }))).map((p) => p.id)).toEqual([productId]);
    expect((await getFabEntries(o.db, rep1, productId)).length).toBe(2);
    await expect(createFabEntry(o.db, rep1, fab())).rejects.toMatchObject({ code: "VALIDATION", message: "该产品已归档，请先恢复再编辑" });
    await expect(setProductArchived(o.db, manager, productId, true)).rejects.toMatchObject({ code: "CONFLICT" });
    await setProductArchived(o.db, gm, productId, false);
    expect((await getProductOptions(o.db)).map((p) => p.id)).toContain(productId);
    const log = await o.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, "product"), eq(auditLog.entityId, productId)));
    expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(["create", "update", "archive", "unarchive"]));
  });
});
