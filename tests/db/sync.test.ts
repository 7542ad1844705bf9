import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { communications, customers, deals, plans, syncMutations, todos } from "@/db/schema";
import { reassignCustomers } from "@/db/queries/customer-assignment";
import { createCustomer, deleteCustomer } from "@/db/queries/customers";
import { applyMutations, listSyncConflicts, pullChanges, type PullCursor, type PullPage } from "@/db/queries/sync";
import { customerInputSchema } from "@/lib/validation/customer";
import { syncPushSchema, type SyncCollection, type SyncMutation } from "@/lib/validation/sync";
import type { Viewer } from "@/lib/viewer";
import { demoViewers, freshDb } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, manager: Viewer, gm: Viewer;
beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, manager, , gm] = await demoViewers(o.db);
});
afterAll(async () => o?.close());

const mutation = (kind: SyncMutation["kind"], entityId: string, data: Record<string, unknown>, baseVersion?: number): SyncMutation => ({ id: uuidv7(), kind, entityId, data, baseVersion });
const comm = (customerId: string, topic: string) =>
  mutation("communication.create", uuidv7(), { customerId, method: "visit", topic, summary: "离线记录", contactedAt: "2026-12-01T10:30" });
const newCustomer = (v: Viewer, name: string, mobile: string) => createCustomer(o.db, v, customerInputSchema.parse({ name, mobile }));

/** Every page of one collection from a cursor, as the phone pulls it. */
async function pullAll(v: Viewer, collection: SyncCollection, from: PullCursor = { since: null, after: null }, limit = 1000) {
  const pages: PullPage[] = [];
  let cursor = from;
  for (;;) {
    const p = await pullChanges(o.db, v, collection, cursor, limit);
    pages.push(p);
    cursor = p.next;
    if (p.done) break;
  }
  return { rows: pages.flatMap((p) => p.rows), removed: pages.flatMap((p) => p.removed), next: cursor, pages: pages.length };
}

describe("lessons", () => {
  test("the lessons' text in the viewer's language, sent again only when it changed", async () => {
    const first = await pullChanges(o.db, rep1, "lessons", { since: null, after: null });
    expect(first).toMatchObject({ replace: true, done: true });
    expect(first.rows.length).toBeGreaterThanOrEqual(18);
    const fab = first.rows.find((r) => r.id === "product-presentation") as { title: string; blocks: unknown[][] };
    expect(fab.title).toMatch(/FAB|产品陈述/);
    expect(fab.blocks.some((b) => b[0] === "fab")).toBe(true);
    expect(fab.blocks.some((b) => b[0] === "h")).toBe(true);
    // nothing of the MDX machinery is left in the text
    expect(JSON.stringify(first.rows)).not.toMatch(/<(Quiz|TryIt|FabExample)|\*\*/);
    const again = await pullChanges(o.db, rep1, "lessons", first.next);
    expect(again.rows).toEqual([]);
    const english = await pullChanges(o.db, rep1, "lessons", first.next, 1000, new Date(), "en");
    expect(english.rows.length).toBe(first.rows.length);
    expect((english.rows.find((r) => r.id === "product-presentation") as { title: string }).title).toMatch(/[A-Za-z]/);
  });
});

describe("push", () => {
  test("each mutation is applied once: a batch sent again changes nothing and answers the same", async () => {
    const c = await newCustomer(rep1, "同步测试甲", "13912340001");
    const batch = [comm(c.id, "第一次拜访"), comm(c.id, "电话回访"), mutation("todo.create", uuidv7(), { title: "寄样品", quadrant: "important_urgent" })];
    const first = await applyMutations(o.db, rep1, batch, null);
    expect(first.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);
    const again = await applyMutations(o.db, rep1, batch, null);
    expect(again.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);
    expect(again.every((r) => "replayed" in r && r.replayed)).toBe(true);
    // the records carry the phone's ids, once each
    const ids = [batch[0].entityId, batch[1].entityId];
    expect(await o.db.select({ id: communications.id }).from(communications).where(inArray(communications.id, ids))).toHaveLength(2);
    expect(await o.db.select().from(todos).where(eq(todos.id, batch[2].entityId))).toHaveLength(1);
  });

  test("a refused item is answered alone, the others still apply, and it can be fixed and sent again under its id", async () => {
    const c = await newCustomer(rep1, "同步测试乙", "13912340002");
    const bad = mutation("communication.create", uuidv7(), { customerId: c.id, method: "visit", topic: "", contactedAt: "2026-12-01T09:00" });
    const good = comm(c.id, "上门拜访");
    const r = await applyMutations(o.db, rep1, [bad, good], null);
    expect(r[0]).toMatchObject({ status: "rejected", code: "VALIDATION", fieldErrors: { topic: "请填写交流主题" } });
    expect(r[1]).toMatchObject({ status: "applied", entityId: good.entityId });
    // nothing of the refused one was kept, not even its mutation id
    expect(await o.db.select().from(syncMutations).where(eq(syncMutations.id, bad.id))).toHaveLength(0);
    const fixed = { ...bad, data: { ...bad.data, topic: "补写主题" } };
    expect((await applyMutations(o.db, rep1, [fixed], null))[0]).toMatchObject({ status: "applied", entityId: bad.entityId });
  });

  test("messages follow the request's language", async () => {
    const c = await newCustomer(rep1, "同步测试英", "13912340012");
    const bad = mutation("communication.create", uuidv7(), { customerId: c.id, method: "visit", topic: "", contactedAt: "2026-12-01T09:00" });
    const [r] = await applyMutations(o.db, rep1, [bad], null, "en");
    expect(r.status).toBe("rejected");
    expect(JSON.stringify(r)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  test("scope: another rep's customer, to-do or plan is not found, and nothing is written", async () => {
    const theirs = await newCustomer(rep2, "别人的客户", "13912340003");
    const [theirTodo] = await o.db.insert(todos).values({ title: "刘的待办", quadrant: "neither", ownerId: rep2.id, orgUnitId: rep2.orgUnitId }).returning();
    const ms = [
      comm(theirs.id, "越权记录"),
      mutation("customer.update", theirs.id, { name: "改名" }, theirs.version),
      mutation("todo.move", theirTodo.id, { quadrant: "important_urgent" }),
    ];
    const r = await applyMutations(o.db, rep1, ms, null);
    expect(r.map((x) => x.status === "rejected" && x.code)).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]);
    expect(await o.db.select().from(communications).where(eq(communications.id, ms[0].entityId))).toHaveLength(0);
    expect((await o.db.select().from(customers).where(eq(customers.id, theirs.id)))[0].name).toBe("别人的客户");
    // the manager over both may write on rep2's customer
    expect((await applyMutations(o.db, manager, [comm(theirs.id, "经理拜访")], null))[0].status).toBe("applied");
  });

  test("a mutation id is its sender's: another person replaying it learns nothing", async () => {
    const c = await newCustomer(rep1, "同步测试丙", "13912340004");
    const m = comm(c.id, "拜访");
    await applyMutations(o.db, rep1, [m], null);
    const [r] = await applyMutations(o.db, gm, [m], null);
    expect(r).toMatchObject({ status: "rejected", code: "VALIDATION" });
    expect(JSON.stringify(r)).not.toContain(m.entityId);
  });

  test("conflict: two phones edit the same card; the second sees both versions and resolves it", async () => {
    const c = await newCustomer(rep1, "冲突客户", "13912340005");
    const phoneA = mutation("customer.update", c.id, { title: "总经理", address: "深圳南山" }, c.version);
    const phoneB = mutation("customer.update", c.id, { title: "董事长" }, c.version);
    expect((await applyMutations(o.db, rep1, [phoneA], null))[0]).toMatchObject({ status: "applied", version: c.version + 1 });
    const [conflict] = await applyMutations(o.db, rep1, [phoneB], null);
    expect(conflict).toMatchObject({ status: "conflict", serverVersion: c.version + 1, server: { title: "总经理", address: "深圳南山", name: "冲突客户" } });
    // never overwritten
    expect((await o.db.select().from(customers).where(eq(customers.id, c.id)))[0].title).toBe("总经理");
    // keep mine: the same change on the server's version, as a new mutation
    const keepMine = mutation("customer.update", c.id, { title: "董事长" }, c.version + 2 - 1);
    expect((await applyMutations(o.db, rep1, [keepMine], null))[0]).toMatchObject({ status: "applied" });
    const [row] = await o.db.select().from(customers).where(eq(customers.id, c.id));
    expect([row.title, row.address, row.version]).toEqual(["董事长", "深圳南山", c.version + 2]);
  });

  test("a conflict is kept on the server once however often it is sent, and the rep's manager sees it until settled", async () => {
    const c = await newCustomer(rep1, "经理看冲突", "13912340015");
    await applyMutations(o.db, rep1, [mutation("customer.update", c.id, { title: "总监" }, c.version)], null);
    const stale = mutation("customer.update", c.id, { title: "副总", address: "福田" }, c.version);
    for (let i = 0; i < 3; i++) expect((await applyMutations(o.db, rep1, [stale], null))[0].status).toBe("conflict");
    const mine = (await listSyncConflicts(o.db, manager)).filter((r) => r.customerId === c.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ customerName: "经理看冲突", baseVersion: c.version, serverVersion: c.version + 1, settled: false });
    expect(mine[0].fields).toEqual([
      { field: "title", mine: "副总", server: "总监" },
      { field: "address", mine: "福田", server: null },
    ]);
    // the rep keeps theirs on the server's version, under the same id: settled
    expect((await applyMutations(o.db, rep1, [{ ...stale, baseVersion: c.version + 1 }], null))[0].status).toBe("applied");
    expect((await listSyncConflicts(o.db, manager)).find((r) => r.customerId === c.id)).toMatchObject({ settled: true });
    // the GM sees it too; a rep may not open the list (scope per role: tests/db/scope-matrix.test.ts)
    expect((await listSyncConflicts(o.db, gm)).some((r) => r.customerId === c.id)).toBe(true);
    await expect(listSyncConflicts(o.db, rep2)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("a card edit names card fields only, checked by the form's rules; search follows a new name", async () => {
    const c = await newCustomer(rep1, "卡片客户", "13912340006");
    const [r1] = await applyMutations(o.db, rep1, [mutation("customer.update", c.id, { ownerId: rep2.id }, c.version)], null);
    expect(r1).toMatchObject({ status: "rejected", code: "VALIDATION", fieldErrors: { ownerId: "该字段不能离线修改" } });
    const [r2] = await applyMutations(o.db, rep1, [mutation("customer.update", c.id, { mobile: "12345" }, c.version)], null);
    expect(r2).toMatchObject({ status: "rejected", fieldErrors: { mobile: "手机号应为 11 位数字，以 1 开头" } });
    const [r3] = await applyMutations(o.db, rep1, [mutation("customer.update", c.id, { name: "欧阳锋", stage: "target" }, c.version)], null);
    expect(r3.status).toBe("applied");
    const [row] = await o.db.select().from(customers).where(eq(customers.id, c.id));
    expect([row.name, row.namePinyin?.startsWith("ouyang"), row.stage, row.ownerId]).toEqual(["欧阳锋", true, "target", rep1.id]);
    expect(row.searchTokens).toContain("oyf");
  });

  test("a new customer keeps the phone's id; a likely duplicate waits for the rep to confirm", async () => {
    const id = uuidv7();
    const [r] = await applyMutations(o.db, rep1, [mutation("customer.create", id, { name: "离线新客户", mobile: "13912340007" })], null);
    expect(r).toMatchObject({ status: "applied", entityId: id });
    const [row] = await o.db.select().from(customers).where(eq(customers.id, id));
    expect([row.ownerId, row.orgUnitId]).toEqual([rep1.id, rep1.orgUnitId]);
    const dupId = uuidv7();
    const m = mutation("customer.create", dupId, { name: "离线新客户", mobile: "13912340007" });
    expect((await applyMutations(o.db, rep1, [m], null))[0]).toMatchObject({ status: "duplicates" });
    expect(await o.db.select().from(customers).where(eq(customers.id, dupId))).toHaveLength(0);
    expect((await applyMutations(o.db, rep1, [{ ...m, data: { ...m.data, confirmDuplicate: "on" } }], null))[0]).toMatchObject({ status: "applied", entityId: dupId });
    // an id already taken is refused, not a server error
    const [taken] = await applyMutations(o.db, rep1, [mutation("customer.create", id, { name: "撞号客户" })], null);
    expect(taken).toMatchObject({ status: "rejected", code: "VALIDATION" });
  });

  test("plan completion and to-do moves", async () => {
    const [plan] = await queryRows<{ id: string; start_date: string }>(o.db, sql`select id, start_date from plans where owner_id = ${rep1.id} and deleted_at is null limit 1`);
    const [r] = await applyMutations(o.db, rep1, [mutation("plan.complete", plan.id, { completedOn: plan.start_date, completion: "已完成 8 家拜访" })], null);
    expect(r.status).toBe("applied");
    const [early] = await applyMutations(o.db, rep1, [mutation("plan.complete", plan.id, { completedOn: "2000-01-01" })], null);
    expect(early).toMatchObject({ status: "rejected", fieldErrors: { completedOn: "完成日期不能早于开始日期" } });
    const t = mutation("todo.create", uuidv7(), { title: "约见王总", quadrant: "neither" });
    const rs = await applyMutations(o.db, rep1, [t, mutation("todo.move", t.entityId, { quadrant: "important_urgent" }), mutation("todo.done", t.entityId, { done: true })], null);
    expect(rs.map((x) => x.status)).toEqual(["applied", "applied", "applied"]);
    const [row] = await o.db.select().from(todos).where(and(eq(todos.id, t.entityId)));
    expect([row.quadrant, row.doneAt != null]).toEqual(["important_urgent", true]);
  });

  test("the envelope: at most 50 per push, known kinds, uuids", () => {
    expect(syncPushSchema.safeParse({ mutations: Array.from({ length: 51 }, () => comm(uuidv7(), "x")) }).success).toBe(false);
    expect(syncPushSchema.safeParse({ mutations: [{ ...comm(uuidv7(), "x"), kind: "customer.delete" }] }).success).toBe(false);
    expect(syncPushSchema.safeParse({ mutations: [{ ...comm(uuidv7(), "x"), entityId: "1" }] }).success).toBe(false);
    expect(syncPushSchema.safeParse({ mutations: [comm(uuidv7(), "x")] }).success).toBe(true);
  });
});

describe("pull", () => {
  test("the working set is the viewer's own rows, within scope; paging by (updated_at, id) misses and repeats nothing", async () => {
    const all = await pullAll(rep1, "customers");
    const [{ n }] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from customers where owner_id = ${rep1.id} and deleted_at is null`);
    expect(all.rows).toHaveLength(n);
    expect(new Set(all.rows.map((r) => r.id)).size).toBe(n);
    const paged = await pullAll(rep1, "customers", { since: null, after: null }, 7);
    expect(paged.pages).toBeGreaterThan(2);
    expect(paged.rows.map((r) => r.id).sort()).toEqual(all.rows.map((r) => r.id).sort());
    // the manager's phone carries the manager's own customers, not the unit's
    const m = await pullAll(manager, "customers");
    const [{ own }] = await queryRows<{ own: number }>(o.db, sql`select count(*)::int as own from customers where owner_id = ${manager.id} and deleted_at is null`);
    expect(m.rows).toHaveLength(own);
    for (const coll of ["communications", "deals", "todos", "plans"] as const) {
      const got = await pullAll(rep1, coll);
      expect(got.rows.length, coll).toBeGreaterThan(0);
      const t = { communications, deals, todos, plans }[coll];
      const foreign = await o.db.select({ id: t.id }).from(t).where(and(inArray(t.id, got.rows.map((r) => r.id as string)), ne(t.ownerId, rep1.id)));
      expect(foreign, coll).toHaveLength(0);
    }
  });

  test("a delta after changes carries them, deletions and customers moved away; the new owner gets them with their history", async () => {
    const c = await newCustomer(rep1, "转出客户", "13912340008");
    const gone = await newCustomer(rep1, "删除客户", "13912340009");
    await applyMutations(o.db, rep1, [comm(c.id, "转出前的拜访")], null);
    const base = await pullAll(rep1, "customers");
    const baseComms = await pullAll(rep1, "communications");
    expect(base.rows.map((r) => r.id)).toContain(c.id);
    // the cursor looks back a minute: wait out the overlap by pulling "later"
    await o.db.transaction((tx) => reassignCustomers(tx, manager, [c.id], rep2.id));
    await deleteCustomer(o.db, rep1, gone.id);
    const d = await pullAll(rep1, "customers", base.next);
    expect(d.removed).toEqual(expect.arrayContaining([c.id, gone.id]));
    expect(d.rows.map((r) => r.id)).not.toContain(c.id);
    const dc = await pullAll(rep1, "communications", baseComms.next);
    expect(dc.rows.filter((r) => r.customerId === c.id)).toHaveLength(0);
    // rep2's phone: the customer and its communication arrive in rep2's delta
    const r2 = await pullAll(rep2, "customers", { since: new Date(Date.now() - 5_000).toISOString(), after: null });
    expect(r2.rows.map((r) => r.id)).toContain(c.id);
    const r2c = await pullAll(rep2, "communications", { since: new Date(Date.now() - 5_000).toISOString(), after: null });
    expect(r2c.rows.filter((r) => r.customerId === c.id).map((r) => r.topic)).toEqual(["转出前的拜访"]);
    // nobody else's phone hears of the move
    const other = await pullAll(gm, "customers", base.next);
    expect(other.removed).not.toContain(c.id);
  });

  test("communications older than 90 days are not on the phone, and an edited old one is removed", async () => {
    const c = await newCustomer(rep1, "老客户", "13912340010");
    const [old] = await o.db
      .insert(communications)
      .values({ customerId: c.id, method: "phone", topic: "半年前", contactedAt: new Date(Date.now() - 200 * 86_400_000), ownerId: rep1.id, orgUnitId: rep1.orgUnitId, authorId: rep1.id })
      .returning();
    const got = await pullAll(rep1, "communications", { since: new Date(Date.now() - 10_000).toISOString(), after: null });
    expect(got.rows.map((r) => r.id)).not.toContain(old.id);
    expect(got.removed).toContain(old.id);
  });

  test("products come whole with their FAB chains, and only when something changed", async () => {
    const first = await pullChanges(o.db, rep1, "products", { since: null, after: null });
    expect(first.replace).toBe(true);
    expect(first.rows.length).toBeGreaterThan(0);
    expect((first.rows as { fab: unknown[] }[]).some((p) => p.fab.length > 0)).toBe(true);
    const later = await pullChanges(o.db, rep1, "products", { since: new Date(Date.now() + 60_000).toISOString(), after: null });
    expect(later.rows).toHaveLength(0);
  });

  test("reminders: the inbox's first items, the viewer's own", async () => {
    const p = await pullChanges(o.db, rep1, "reminders", { since: null, after: null });
    expect(p.replace).toBe(true);
    for (const r of p.rows as { customerId?: string | null }[]) {
      if (!r.customerId) continue;
      const [c] = await o.db.select({ ownerId: customers.ownerId }).from(customers).where(eq(customers.id, r.customerId));
      expect(c.ownerId).toBe(rep1.id);
    }
  });
});

test("the phone builds the same search tokens as the server from the syllables it is sent", async () => {
  const { buildSearchTokens } = await import("@/lib/search-tokens");
  const { tokensFromRuns } = await import("@/lib/search-query");
  const page = await pullChanges(o.db, rep1, "customers", { since: null, after: null });
  expect(page.rows.length).toBeGreaterThan(5);
  for (const r of page.rows as unknown as (import("@/lib/search-query").SearchableFields & { py: string[] })[]) {
    expect(new Set(tokensFromRuns(r, r.py))).toEqual(new Set(buildSearchTokens(r)));
  }
});

test("reminders are sent again only when they changed", async () => {
  const first = await pullChanges(o.db, rep1, "reminders", { since: null, after: null });
  const again = await pullChanges(o.db, rep1, "reminders", first.next);
  expect(again.rows).toHaveLength(0);
  expect(again.replace).toBeUndefined();
  expect(again.next.after?.id).toBe(first.next.after?.id);
});
