import { and, eq, isNull, ne, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { exportCustomers, listCustomers } from "@/db/queries/customers";
import { exportCommunications, exportDeals, getCustomersForVCard } from "@/db/queries/exports";
import { auditLog, customers, dictionaryItems, users } from "@/db/schema";
import { parseVCards, formatVCard } from "@/lib/import/vcard";
import { customerListQuerySchema } from "@/lib/validation/customer";
import type { Viewer } from "@/lib/viewer";
import { streamXlsx } from "@/lib/xlsx";
import { demoViewers, freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, manager: Viewer, gm: Viewer, agent: Viewer;

beforeAll(async () => {
  o = await freshDb();
  [rep1, , manager, , gm] = await demoViewers(o.db);
  agent = await viewerFor(o.db, "dg.agent1@demo.cn");
});
afterAll(async () => o?.close());

const all = async <T>(g: AsyncGenerator<T>) => {
  const out: T[] = [];
  for await (const r of g) out.push(r);
  return out;
};
const n = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(o.db, q))[0].n);

describe("exports follow the list's filters and the viewer's scope", () => {
  test("communications: a rep gets exactly their own, the GM everyone's", async () => {
    const mine = await all(exportCommunications(o.db, rep1, {}));
    const expected = await n(sql`select count(*)::int as n from communications m join customers c on c.id = m.customer_id where m.owner_id = ${rep1.id} and m.deleted_at is null and c.deleted_at is null`);
    expect(mine.length).toBe(expected);
    expect(mine.every((r) => r.ownerId === rep1.id)).toBe(true);
    const everyone = await all(exportCommunications(o.db, gm, {}));
    expect(everyone.length).toBe(await n(sql`select count(*)::int as n from communications m join customers c on c.id = m.customer_id where m.deleted_at is null and c.deleted_at is null`));
    // the list's filters
    const phone = await all(exportCommunications(o.db, gm, { method: "phone" }));
    expect(phone.length).toBeGreaterThan(0);
    expect(phone.every((r) => r.method === "phone")).toBe(true);
    // newest first, as the overview
    const times = everyone.map((r) => new Date(r.contactedAt).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  test("deals: scope and status filter", async () => {
    const mine = await all(exportDeals(o.db, rep1, {}));
    expect(mine.length).toBe(await n(sql`select count(*)::int as n from deals d join customers c on c.id = d.customer_id where d.owner_id = ${rep1.id} and d.deleted_at is null and c.deleted_at is null`));
    const won = await all(exportDeals(o.db, manager, { status: "won" }));
    expect(won.length).toBeGreaterThan(0);
    expect(won.every((r) => r.status === "won")).toBe(true);
  });

  test("the limit stops the walk; each export is one audit entry", async () => {
    const before = await n(sql`select count(*)::int as n from audit_log where action = 'export' and entity_type = 'communication'`);
    expect(await all(exportCommunications(o.db, gm, {}, 7))).toHaveLength(7);
    expect(await n(sql`select count(*)::int as n from audit_log where action = 'export' and entity_type = 'communication'`)).toBe(before + 1);
  });

  test("without the export permission there is nothing to export", async () => {
    await expect(all(exportDeals(o.db, agent, {}))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(all(exportCommunications(o.db, agent, {}))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("the streamed .xlsx", () => {
  test("opens in Excel's reader with its header, values as text (never a formula), numbers and dates", async () => {
    const stream = streamXlsx("测试", ["姓名", "备注", "金额", "日期"], async (sheet) => {
      for (let i = 0; i < 2500; i++) sheet.addRow([`客户${i}`, i === 0 ? "=1+1" : null, 1234.5, new Date(Date.UTC(2026, 0, 2))]);
    });
    const bytes = Buffer.from(await new Response(stream).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe("测试");
    expect(ws.rowCount).toBe(2501);
    expect(ws.getRow(1).values).toEqual([, "姓名", "备注", "金额", "日期"]);
    expect(ws.getCell("A2").value).toBe("客户0");
    expect(ws.getCell("B2").value).toBe("=1+1");
    expect(ws.getCell("C3").value).toBe(1234.5);
    expect((ws.getCell("D2").value as Date).toISOString().slice(0, 10)).toBe("2026-01-02");
  });
});

describe("vCard export", () => {
  test("only customers in scope; audited; what is written a phone reads back", async () => {
    const [mine] = await o.db.select({ id: customers.id }).from(customers).where(and(eq(customers.ownerId, rep1.id), isNull(customers.deletedAt))).limit(1);
    const [other] = await o.db.select({ id: customers.id }).from(customers).where(and(ne(customers.ownerId, rep1.id), isNull(customers.deletedAt))).limit(1);
    const rows = await getCustomersForVCard(o.db, rep1, [mine.id, other.id]);
    expect(rows.map((r) => r.id)).toEqual([mine.id]);
    const [a] = await o.db.select().from(auditLog).where(and(eq(auditLog.actorId, rep1.id), eq(auditLog.action, "export"), eq(auditLog.entityType, "customer")));
    expect(a.after).toMatchObject({ format: "vcf", ids: [mine.id] });
    const card = formatVCard(rows[0]);
    const [back] = parseVCards(card);
    expect(back[0]).toBe(rows[0].name);
    expect(back[1]).toBe(rows[0].mobile ?? "");
  });
});

describe("customer export", () => {
  test("is the list itself — same order, same scope, same filter — across its pages, with the file's columns", async () => {
    // enough customers for several of the export's 2,000-row pages, with names that tie on pinyin
    const [src] = await o.db.select({ id: dictionaryItems.id, label: dictionaryItems.label }).from(dictionaryItems).where(eq(dictionaryItems.kind, "source")).limit(1);
    await o.db.execute(sql`
      insert into customers (id, name, name_pinyin, owner_id, org_unit_id, source_id, stage, created_by)
      select gen_random_uuid(), '导出' || g, 'daochu' || (g % 700), u.id, u.org_unit_id, case when g % 3 = 0 then ${src.id}::uuid end,
             (case when g % 5 = 0 then 'target' else 'potential' end)::customer_stage, u.id
        from generate_series(1, 4500) g, ${users} u where u.id = ${rep1.id}`);
    const walk = async (viewer: Viewer, query: Record<string, string>) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listCustomers(o.db, viewer, customerListQuerySchema.parse({ ...query, cursor }), 700);
        ids.push(...page.rows.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return ids;
    };
    for (const [viewer, query] of [
      [manager, { sort: "name", dir: "asc" }],
      [rep1, { sort: "updated", dir: "desc", stage: "target" }],
      [gm, { sort: "created", dir: "desc" }],
    ] as const) {
      const rows = await all(exportCustomers(o.db, viewer, customerListQuerySchema.parse(query)));
      const listed = await walk(viewer, query);
      expect(rows.length).toBe(listed.length);
      expect(rows.map((r) => r.id)).toEqual(listed);
    }
    const rows = await all(exportCustomers(o.db, rep1, customerListQuerySchema.parse({ sort: "name", dir: "asc" })));
    expect(rows.length).toBeGreaterThan(4500);
    const one = rows.find((r) => r.name === "导出3")!;
    expect(one).toMatchObject({ source: src.label, stage: "potential", kind: "individual", ownerName: expect.any(String) });
    expect(Object.keys(one).sort()).toEqual(
      ["id", "kind", "name", "companyName", "title", "mobile", "email", "wechat", "address", "stage", "valueGrade", "source", "industry", "city", "metOn", "ownerName", "createdAt"].sort(),
    );
  });

  test("a download abandoned mid-way stops reading", async () => {
    let seen = 0;
    for await (const _ of exportCustomers(o.db, gm, customerListQuerySchema.parse({ sort: "updated", dir: "desc" }))) if (++seen === 2500) break;
    expect(seen).toBe(2500);
    // the database is still usable: nothing was left hanging on it
    expect(await n(sql`select count(*)::int as n from customers`)).toBeGreaterThan(4500);
  });
});
