import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import {
  checkDuplicates,
  countCustomers,
  createCustomer,
  findDuplicates,
  getCustomerById,
  listCustomers,
  revealIdCard,
  searchCustomers,
  updateCustomer,
} from "@/db/queries/customers";
import { getCustomerDictionaries } from "@/db/queries/dictionaries";
import { auditLog, customers } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { customerInputSchema, type CustomerInput } from "@/lib/validation/customer";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, manager: Viewer, gm: Viewer, shRep: Viewer;
const input = (v: Record<string, unknown>) => customerInputSchema.parse(v);

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, manager, gm, shRep] = await Promise.all(
    ["sz1.rep1@demo.cn", "sz1.rep2@demo.cn", "sz1.manager@demo.cn", "gm@demo.cn", "sh.rep1@demo.cn"].map((e) => viewerFor(o.db, e)),
  );
});
afterAll(async () => o?.close());

describe("create and read a customer with every field group", () => {
  test("round trip", async () => {
    const dict = await getCustomerDictionaries(o.db);
    const row = await createCustomer(
      o.db,
      rep1,
      input({
        name: "欧阳晓东",
        companyName: "杭州云帆科技有限公司",
        title: "采购总监",
        mobile: "13912345678",
        email: "xd.ouyang@yunfan.cn",
        wechat: "ouyang_xd",
        qq: "12345678",
        gender: "male",
        sourceId: dict.source[0].id,
        firstImpression: "说话干脆，重视数据",
        metOn: "2024-03-15",
        solarBirthday: "1985-07-02",
        lunarBirthMonth: "6",
        lunarBirthDay: "8",
        lunarBirthLeap: "on",
        weddingAnniversary: "2012-10-01",
        idCard: "11010519491231002X",
        industryId: dict.industry[0].id,
        circleIds: [dict.circle[0].id, dict.circle[1].id],
        stage: "target",
        personality: "喜欢钓鱼，忌讳迟到",
        customDates: [{ label: "公司周年庆", date: "2015-06-18" }],
      }),
    );
    const c = (await getCustomerById(o.db, rep1, row.id))!;
    expect(c).toMatchObject({ name: "欧阳晓东", lunarBirthLeap: true, lunarBirthMonth: 6, idCardMasked: "1101**********002X", stage: "target" });
    expect(c.circles).toHaveLength(2);
    expect(c.customDates.map((d) => d.label)).toEqual(["公司周年庆"]);
    expect(c.stageHistory[0]).toMatchObject({ fromStage: null, toStage: "target" });
    expect(JSON.stringify(c)).not.toContain("11010519491231002X");
    // the number is encrypted at rest
    const [raw] = await queryRows<{ id_card_cipher: string }>(o.db, sql`select id_card_cipher from customers where id = ${row.id}`);
    expect(raw.id_card_cipher).not.toContain("110105");
    // an audit row was written with the create
    const audits = await o.db.select().from(auditLog).where(and(eq(auditLog.entityId, row.id), eq(auditLog.action, "create")));
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0].after)).not.toContain("11010519491231002X");
  });

  test("search finds a 2-character name, pinyin initials, full pinyin, company and mobile digits", async () => {
    const row = await createCustomer(o.db, rep2, input({ name: "韩梅", companyName: "南山精密模具厂", mobile: "13688886666" }));
    for (const q of ["韩梅", "hm", "hanmei", "精密模具", "13688886666", "1368888"]) {
      const hits = await searchCustomers(o.db, rep2, q, 50);
      expect(hits.map((h) => h.id), q).toContain(row.id);
    }
    expect(await searchCustomers(o.db, rep1, "韩梅")).toEqual([]);
  });
});

describe("reveal and audit", () => {
  test("a manager reveals the ID card and it is audited; a rep may not", async () => {
    const row = await createCustomer(o.db, rep1, input({ name: "身份证测", idCard: "11010519491231002X" }));
    expect(await revealIdCard(o.db, manager, row.id, "127.0.0.1")).toBe("11010519491231002X");
    const audits = await o.db.select().from(auditLog).where(and(eq(auditLog.entityId, row.id), eq(auditLog.action, "reveal_id")));
    expect(audits).toHaveLength(1);
    await expect(revealIdCard(o.db, rep1, row.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revealIdCard(o.db, shRep, row.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("duplicates (查重)", () => {
  test("say who owns the duplicate and nothing else of another rep's customer", async () => {
    await createCustomer(o.db, rep2, input({ name: "重复甲", mobile: "13700001111", email: "dup@example.cn" }));
    const dups = await findDuplicates(o.db, rep1, { mobile: "13700001111", email: "DUP@example.cn" });
    expect(dups.map((d) => d.field).sort()).toEqual(["email", "mobile"]);
    for (const d of dups) expect(d).toEqual({ field: d.field, id: null, name: null, ownerName: rep2.name });
    const mine = await findDuplicates(o.db, rep2, { mobile: "13700001111" });
    expect(mine[0]).toMatchObject({ id: expect.any(String), name: "重复甲" });
  });
});

describe("查重 is limited per user and audited", () => {
  // Regression: checkDuplicatesAction ran findDuplicates unthrottled and unrecorded, so anyone signed in
  // could try phone numbers one after another and learn which colleague owns each customer.
  test("the 31st look-up within a minute is refused; each look-up is audited, masked", async () => {
    await createCustomer(o.db, rep2, input({ name: "查重乙", mobile: "13700002222" }));
    const t0 = new Date("2030-01-01T09:00:00Z");
    const auditOf = async () =>
      o.db.select().from(auditLog).where(and(eq(auditLog.actorId, manager.id), sql`${auditLog.action} like 'duplicate_check%'`)).orderBy(auditLog.at);
    for (let i = 0; i < 30; i++) {
      const dups = await checkDuplicates(o.db, manager, { kind: "individual", mobile: "13700002222" }, null, new Date(t0.getTime() + i * 1000));
      expect(dups).toHaveLength(1);
    }
    const refused = await checkDuplicates(o.db, manager, { kind: "individual", mobile: "13700002222" }, null, new Date(t0.getTime() + 30_000)).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "RATE_LIMITED", status: 429, message: "查重过于频繁，请稍后再试" });
    // still refused later in the window, and nothing more is recorded for it
    await expect(checkDuplicates(o.db, manager, { mobile: "13700002222" }, null, new Date(t0.getTime() + 59_000))).rejects.toMatchObject({ code: "RATE_LIMITED" });
    const rows = await auditOf();
    expect(rows.filter((r) => r.action === "duplicate_check")).toHaveLength(30);
    expect(rows.filter((r) => r.action === "duplicate_check_limited")).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entityType: "customer", after: { asked: { mobile: "*******2222" }, hits: 1, fields: ["mobile"] } });
    expect(JSON.stringify(rows.map((r) => r.after))).not.toContain("13700002222");
    // another user's count is their own; the next window starts afresh
    await expect(checkDuplicates(o.db, rep1, { mobile: "13700002222" }, null, new Date(t0.getTime() + 30_000))).resolves.toHaveLength(1);
    await expect(checkDuplicates(o.db, manager, { mobile: "13700002222" }, null, new Date(t0.getTime() + 91_000))).resolves.toHaveLength(1);
  });

  test("an empty look-up costs nothing; a user who may not enter customers may not ask", async () => {
    const admin = await viewerFor(o.db, "admin@demo.cn");
    await expect(checkDuplicates(o.db, admin, { mobile: "13700002222" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const before = await o.db.select().from(auditLog).where(eq(auditLog.actorId, rep2.id));
    expect(await checkDuplicates(o.db, rep2, { kind: "individual", name: "只有姓名" })).toEqual([]);
    expect(await o.db.select().from(auditLog).where(eq(auditLog.actorId, rep2.id))).toHaveLength(before.length);
  });
});

describe("keyset pagination", () => {
  test("pages do not overlap and cover the whole scope", async () => {
    const all = await listCustomers(o.db, gm, { sort: "updated", dir: "desc" }, 10_000);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await listCustomers(o.db, gm, { sort: "updated", dir: "desc", cursor }, 7);
      seen.push(...p.rows.map((r) => r.id));
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.rows.map((r) => r.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(await countCustomers(o.db, gm, { sort: "updated", dir: "desc" })).toBe(all.rows.length);
  });

  test.each(["name", "created", "contact"] as const)("sort by %s pages consistently", async (sort) => {
    for (const dir of ["asc", "desc"] as const) {
      const all = await listCustomers(o.db, manager, { sort, dir }, 10_000);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const p = await listCustomers(o.db, manager, { sort, dir, cursor }, 5);
        seen.push(...p.rows.map((r) => r.id));
        cursor = p.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(all.rows.map((r) => r.id));
    }
  });

  test("a tampered cursor is just the first page", async () => {
    const a = await listCustomers(o.db, rep1, { sort: "updated", dir: "desc", cursor: "garbage!!" }, 5);
    const b = await listCustomers(o.db, rep1, { sort: "updated", dir: "desc" }, 5);
    expect(a.rows.map((r) => r.id)).toEqual(b.rows.map((r) => r.id));
  });
});

describe("bad input loses nothing and half-writes nothing", () => {
  test("an owner outside the viewer's scope is refused", async () => {
    await expect(createCustomer(o.db, manager, input({ name: "越权甲", ownerId: shRep.id }))).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { ownerId: "负责业务员不在您的管理范围内" },
    });
    // a rep cannot hand a customer to a colleague either
    await expect(createCustomer(o.db, rep1, input({ name: "越权乙", ownerId: rep2.id }))).rejects.toBeInstanceOf(AppError);
    const rows = await o.db.select().from(customers).where(sql`${customers.name} in ('越权甲', '越权乙')`);
    expect(rows).toEqual([]);
  });

  test("a manager may assign within the subtree", async () => {
    const row = await createCustomer(o.db, manager, input({ name: "分配甲", ownerId: rep2.id }));
    expect(row.ownerId).toBe(rep2.id);
    expect(row.orgUnitId).toBe(rep2.orgUnitId);
  });

  test("unknown dictionary ids are field errors", async () => {
    await expect(createCustomer(o.db, rep1, input({ name: "字典甲", sourceId: "0190f0c2-0000-7000-8000-000000000000" }))).rejects.toMatchObject({
      fieldErrors: { sourceId: "选项不存在或已停用" },
    });
  });

  test("a failure inside the transaction rolls back the customer row", async () => {
    // bypass zod to make the database itself reject a child row mid-transaction
    const bad = { ...input({ name: "回滚测试" }), customDates: [{ label: "不存在的日子", date: "2023-02-30", notes: null }] } as CustomerInput;
    await expect(createCustomer(o.db, rep1, bad)).rejects.toThrow();
    const rows = await o.db.select().from(customers).where(eq(customers.name, "回滚测试"));
    expect(rows).toEqual([]);
  });

  test("a stale version is a conflict and changes nothing", async () => {
    const row = await createCustomer(o.db, rep1, input({ name: "版本甲" }));
    await updateCustomer(o.db, rep1, row.id, input({ name: "版本甲", title: "第一次", version: String(row.version) }));
    await expect(updateCustomer(o.db, rep1, row.id, input({ name: "版本甲", title: "过期的修改", version: String(row.version) }))).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await getCustomerById(o.db, rep1, row.id))!.title).toBe("第一次");
  });

  test("stage changes are logged with who and when", async () => {
    const row = await createCustomer(o.db, rep1, input({ name: "阶段甲", stage: "potential" }));
    await updateCustomer(o.db, rep1, row.id, input({ name: "阶段甲", stage: "prospect" }));
    const c = (await getCustomerById(o.db, rep1, row.id))!;
    expect(c.stageHistory[0]).toMatchObject({ fromStage: "potential", toStage: "prospect", changedByName: rep1.name });
  });
});
