import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { createCommunication, getUnitOptions, listCommunications } from "@/db/queries/communications";
import { getCustomerTimeline } from "@/db/queries/timeline";
import { auditLog, communications, customers } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { communicationInputSchema, communicationListQuerySchema } from "@/lib/validation/communication";
import type { Viewer } from "@/lib/viewer";
import { demoViewers, freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, manager: Viewer, sz2Manager: Viewer, gm: Viewer;
let rep1Customer: { id: string; name: string; ownerId: string | null; orgUnitId: string | null };
let rep2Customer: { id: string };
const q = (v: Record<string, unknown> = {}) => communicationListQuerySchema.parse(v);
const input = (v: Record<string, unknown>) => communicationInputSchema.parse(v);

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, manager, sz2Manager, gm] = await demoViewers(o.db);
  [rep1Customer] = await o.db
    .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId, orgUnitId: customers.orgUnitId })
    .from(customers)
    .where(and(eq(customers.ownerId, rep1.id), isNull(customers.deletedAt), eq(customers.kind, "individual")))
    .limit(1);
  [rep2Customer] = await o.db.select({ id: customers.id }).from(customers).where(and(eq(customers.ownerId, rep2.id), isNull(customers.deletedAt))).limit(1);
});
afterAll(async () => o?.close());

describe("validation", () => {
  test("Chinese field errors for missing and bad fields", () => {
    const r = communicationInputSchema.safeParse({ customerId: "", method: "fax", topic: " ", interest: "7", contactedAt: "2026-02-30T10:00" });
    expect(r.success).toBe(false);
    const errs = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(errs.customerId).toBe("请选择客户");
    expect(errs.method).toBe("请选择交流方式");
    expect(errs.topic).toBe("请填写交流主题");
    expect(errs.interest).toBe("兴趣程度应为 1–5");
    expect(errs.contactedAt).toBe("交流时间格式不正确");
  });
  test("future contact and a follow-up before the contact are refused", () => {
    const future = new Date(Date.now() + 86400_000).toISOString();
    const r = communicationInputSchema.safeParse({ customerId: rep1Customer.id, method: "visit", topic: "x", contactedAt: future });
    expect(r.error?.issues[0].message).toBe("交流时间不能晚于现在");
    const r2 = communicationInputSchema.safeParse({ customerId: rep1Customer.id, method: "visit", topic: "x", contactedAt: "2026-01-10T09:00", nextFollowUp: "2026-01-09" });
    expect(r2.error?.issues[0].message).toBe("下次跟进日期不能早于交流日期");
  });
  test("a wall-clock time is China time", () => {
    const v = input({ customerId: rep1Customer.id, method: "visit", topic: "x", contactedAt: "2026-01-10T09:30" });
    expect(v.contactedAt.toISOString()).toBe("2026-01-10T01:30:00.000Z");
  });
});

describe("create", () => {
  test("every field is stored; owner mirrors the customer, author is the writer; last contact moves; audited", async () => {
    const row = await createCommunication(
      o.db,
      manager,
      input({
        customerId: rep1Customer.id,
        contactName: "王经理",
        companyName: "深圳某公司",
        method: "visit",
        topic: "上门演示新品",
        purpose: "确认采购预算",
        interest: "4",
        summary: "对价格敏感，关注售后",
        needsInsight: "想要三年保修",
        contactedAt: "2026-11-20T15:00",
        nextFollowUp: "2026-12-01",
      }),
    );
    expect(row).toMatchObject({
      contactName: "王经理",
      companyName: "深圳某公司",
      method: "visit",
      topic: "上门演示新品",
      purpose: "确认采购预算",
      interest: 4,
      summary: "对价格敏感，关注售后",
      needsInsight: "想要三年保修",
      nextFollowUp: "2026-12-01",
      authorId: manager.id,
      ownerId: rep1Customer.ownerId,
      orgUnitId: rep1Customer.orgUnitId,
    });
    const [c] = await o.db.select({ last: customers.lastContactAt }).from(customers).where(eq(customers.id, rep1Customer.id));
    expect(c.last!.getTime()).toBeGreaterThanOrEqual(new Date("2026-11-20T07:00:00Z").getTime());
    const audits = await o.db.select().from(auditLog).where(and(eq(auditLog.entityType, "communication"), eq(auditLog.entityId, row.id)));
    expect(audits).toHaveLength(1);
  });

  test("contact name defaults to the customer", async () => {
    const row = await createCommunication(o.db, rep1, input({ customerId: rep1Customer.id, method: "phone", topic: "电话回访", contactedAt: "2026-11-21T10:00" }));
    expect(row.contactName).toBe(rep1Customer.name);
  });

  test("an older record does not move last contact back", async () => {
    const before = (await o.db.select({ last: customers.lastContactAt }).from(customers).where(eq(customers.id, rep1Customer.id)))[0].last!;
    await createCommunication(o.db, rep1, input({ customerId: rep1Customer.id, method: "sms", topic: "补录", contactedAt: "2020-01-01T10:00" }));
    const after = (await o.db.select({ last: customers.lastContactAt }).from(customers).where(eq(customers.id, rep1Customer.id)))[0].last!;
    expect(after.getTime()).toBe(before.getTime());
  });

  test("a customer out of scope is not found and nothing is written", async () => {
    const [{ n: before }] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from communications`);
    await expect(createCommunication(o.db, rep1, input({ customerId: rep2Customer.id, method: "phone", topic: "x", contactedAt: "2026-11-21T10:00" }))).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(createCommunication(o.db, sz2Manager, input({ customerId: rep1Customer.id, method: "phone", topic: "x", contactedAt: "2026-11-21T10:00" }))).rejects.toBeInstanceOf(AppError);
    const [{ n: after }] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from communications`);
    expect(after).toBe(before);
  });
});

describe("overview 交流记录一览表", () => {
  test("a rep sees only own customers' records; a manager only the unit; GM all", async () => {
    const all = async (v: Viewer, extra: Record<string, unknown> = {}) => {
      const out: Awaited<ReturnType<typeof listCommunications>>["rows"] = [];
      let cursor: string | undefined;
      do {
        const p = await listCommunications(o.db, v, q({ ...extra, cursor }), 37);
        out.push(...p.rows);
        cursor = p.nextCursor ?? undefined;
      } while (cursor);
      return out;
    };
    const [r1, m, g] = await Promise.all([all(rep1), all(manager), all(gm)]);
    expect(r1.length).toBeGreaterThan(0);
    expect(r1.every((r) => r.ownerId === rep1.id)).toBe(true);
    const ownerUnits = await queryRows<{ id: string; unit: string }>(o.db, sql`select id, org_unit_id as unit from communications where deleted_at is null`);
    const unitOf = new Map(ownerUnits.map((r) => [r.id, r.unit]));
    expect(m.every((r) => manager.unitIds.includes(unitOf.get(r.id)!))).toBe(true);
    expect(m.length).toBeGreaterThan(r1.length);
    const [{ n }] = await queryRows<{ n: number }>(
      o.db,
      sql`select count(*)::int as n from communications m join customers c on c.id = m.customer_id where m.deleted_at is null and c.deleted_at is null`,
    );
    expect(g.length).toBe(n);
    // keyset: no duplicates, newest first
    expect(new Set(g.map((r) => r.id)).size).toBe(g.length);
    for (let i = 1; i < g.length; i++) expect(g[i - 1].contactedAt.getTime()).toBeGreaterThanOrEqual(g[i].contactedAt.getTime());
    // filtering by another unit's rep does not widen a manager's scope
    const otherRep = await viewerFor(o.db, "sz2.rep1@demo.cn");
    expect(await all(manager, { owner: otherRep.id })).toHaveLength(0);
  });

  test("filters: rep, unit, date range, method, interest, customer stage", async () => {
    const p = await listCommunications(o.db, gm, q({ owner: rep1.id, method: "visit", interest: "4", from: "2026-11-20", to: "2026-11-20" }));
    expect(p.rows.map((r) => r.topic)).toContain("上门演示新品");
    expect(p.rows.every((r) => r.method === "visit" && r.interest === 4 && r.ownerId === rep1.id)).toBe(true);
    const none = await listCommunications(o.db, gm, q({ owner: rep1.id, from: "2026-11-21", to: "2026-11-21", method: "visit" }));
    expect(none.rows.find((r) => r.topic === "上门演示新品")).toBeUndefined();
    const [c] = await o.db.select({ stage: customers.stage }).from(customers).where(eq(customers.id, rep1Customer.id));
    const byStage = await listCommunications(o.db, gm, q({ stage: c.stage }), 500);
    expect(byStage.rows.every((r) => r.customerStage === c.stage)).toBe(true);
    const units = await getUnitOptions(o.db, manager);
    expect(units.map((u) => u.id).sort()).toEqual([...manager.unitIds].sort());
    // another branch's unit: nothing, even though it has records
    expect((await listCommunications(o.db, gm, q({ unit: sz2Manager.orgUnitId }))).rows.length).toBeGreaterThan(0);
    expect((await listCommunications(o.db, manager, q({ unit: sz2Manager.orgUnitId }))).rows).toHaveLength(0);
    const mine = await listCommunications(o.db, gm, q({ unit: rep1.orgUnitId }), 500);
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(await getUnitOptions(o.db, rep1)).toEqual([]);
  });

  test("a tampered cursor is the first page", async () => {
    const a = await listCommunications(o.db, gm, q({ cursor: "garbage" }), 5);
    const b = await listCommunications(o.db, gm, q({}), 5);
    expect(a.rows.map((r) => r.id)).toEqual(b.rows.map((r) => r.id));
  });
});

describe("customer timeline", () => {
  test("communications, deals, deal moves and stage changes in one list, newest first; scoped", async () => {
    const [withDeal] = await queryRows<{ id: string; owner: string }>(
      o.db,
      sql`select d.customer_id as id, d.owner_id as owner from deals d join deal_stage_history h on h.deal_id = d.id where d.deleted_at is null group by 1, 2 limit 1`,
    );
    const owner = await o.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, withDeal.owner) });
    const ownerViewer = await viewerFor(o.db, owner!.email);
    const items = await getCustomerTimeline(o.db, ownerViewer, withDeal.id, 200);
    const kinds = new Set(items.map((i) => i.kind));
    expect(kinds.has("deal")).toBe(true);
    expect(kinds.has("deal_move")).toBe(true);
    expect(kinds.has("stage_change")).toBe(true);
    for (let i = 1; i < items.length; i++) expect(items[i - 1].at.getTime()).toBeGreaterThanOrEqual(items[i].at.getTime());
    const mine = await getCustomerTimeline(o.db, rep1, rep1Customer.id);
    expect(mine.some((i) => i.kind === "communication" && i.topic === "上门演示新品")).toBe(true);
    expect(await getCustomerTimeline(o.db, rep2, rep1Customer.id)).toEqual([]);
    expect(await getCustomerTimeline(o.db, sz2Manager, rep1Customer.id)).toEqual([]);
  });
});

test("communications stay in step with the customer's owner", async () => {
  const rows = await o.db.select({ n: sql<number>`count(*)::int` }).from(communications).where(eq(communications.customerId, rep1Customer.id));
  expect(rows[0].n).toBeGreaterThan(0);
});
