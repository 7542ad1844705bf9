import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { addDealFile, getDealFile, listDealFiles, removeDealFile } from "@/db/queries/deal-files";
import { auditLog, deals } from "@/db/schema";
import type { Viewer } from "@/lib/viewer";
import { demoViewers, freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, manager: Viewer, sz2Manager: Viewer, gm: Viewer, admin: Viewer;
let dealId: string;
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n${text}\n%%EOF`);

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, manager, sz2Manager, gm] = await demoViewers(o.db);
  admin = await viewerFor(o.db, "admin@demo.cn");
  [{ id: dealId }] = await o.db.select({ id: deals.id }).from(deals).where(eq(deals.ownerId, rep1.id)).limit(1);
});
afterAll(async () => o?.close());

const fileCount = async () => Number((await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from deal_files`))[0].n);

describe("contract files follow the deal's scope", () => {
  let fileId: string;
  test("the owner uploads; the bytes come back exactly, typed from the content", async () => {
    const row = await addDealFile(o.db, rep1, dealId, { name: "C:\\扫描\\购销合同.pdf", bytes: pdf("合同正文") });
    fileId = row.id;
    expect(row.name).toBe("购销合同.pdf");
    const f = await getDealFile(o.db, rep1, dealId, fileId);
    expect(f?.mime).toBe("application/pdf");
    expect(new TextDecoder().decode(f!.data)).toBe("%PDF-1.4\n合同正文\n%%EOF");
    const [audit] = await o.db.select().from(auditLog).where(and(eq(auditLog.entityId, dealId), eq(auditLog.action, "file_add")));
    expect(audit).toBeTruthy();
  });

  test.each([
    ["the rep's own", () => rep1, true],
    ["the rep's manager", () => manager, true],
    ["the GM", () => gm, true],
    ["a colleague rep", () => rep2, false],
    ["another unit's manager", () => sz2Manager, false],
    ["the administrator (no sales scope)", () => admin, false],
  ])("%s: list and download %s", async (_who, v, sees) => {
    const list = await listDealFiles(o.db, v(), dealId);
    expect(list.map((f) => f.id)).toEqual(sees ? [fileId] : []);
    expect(!!(await getDealFile(o.db, v(), dealId, fileId))).toBe(sees);
  });

  test("out of scope, nothing can be added or removed: not found, nothing written", async () => {
    const before = await fileCount();
    await expect(addDealFile(o.db, rep2, dealId, { name: "x.pdf", bytes: pdf("x") })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(addDealFile(o.db, sz2Manager, dealId, { name: "x.pdf", bytes: pdf("x") })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(addDealFile(o.db, admin, dealId, { name: "x.pdf", bytes: pdf("x") })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeDealFile(o.db, rep2, dealId, fileId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await fileCount()).toBe(before);
    expect(await getDealFile(o.db, rep1, dealId, fileId)).not.toBeNull();
  });

  test("a file is only found under its own deal", async () => {
    const [{ id: other }] = await o.db.select({ id: deals.id }).from(deals).where(eq(deals.ownerId, rep1.id)).limit(1).offset(1);
    expect(await getDealFile(o.db, rep1, other, fileId)).toBeNull();
    await expect(removeDealFile(o.db, rep1, other, fileId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("bad files are refused with a field error and nothing is stored", async () => {
    const before = await fileCount();
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3]);
    await expect(addDealFile(o.db, rep1, dealId, { name: "报价.pdf", bytes: exe })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { file: "文件内容与扩展名 .pdf 不符" } });
    await expect(addDealFile(o.db, rep1, dealId, { name: "run.exe", bytes: exe })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(addDealFile(o.db, rep1, dealId, { name: "空.pdf", bytes: new Uint8Array() })).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await fileCount()).toBe(before);
  });

  test("removing hides it from list and download; the manager may remove within the unit", async () => {
    await removeDealFile(o.db, manager, dealId, fileId);
    expect(await listDealFiles(o.db, rep1, dealId)).toEqual([]);
    expect(await getDealFile(o.db, gm, dealId, fileId)).toBeNull();
    await expect(removeDealFile(o.db, rep1, dealId, fileId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
