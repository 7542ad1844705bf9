import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { applyAssignmentBatch, assignOne, createHandoverJob, getHandoverPeople, createMatchingJob, createSelectionJob, getAssignmentJob } from "@/db/queries/assignments";
import { createCommunication } from "@/db/queries/communications";
import { createCustomer, getCustomerById } from "@/db/queries/customers";
import { applyPoolRules, claimFromPool, getOwnerHistory, listPool, runPoolRulesForToday, savePoolRule } from "@/db/queries/pool";
import { commentOnItem, getTeamFeed, getTeamSummary, listNotifications } from "@/db/queries/team";
import { auditLog, communications, customers, users } from "@/db/schema";
import { customerListQuerySchema } from "@/lib/validation/customer";
import { communicationInputSchema } from "@/lib/validation/communication";
import { customerInputSchema } from "@/lib/validation/customer";
import { nowLocal } from "@/lib/dates";
import { poolRuleSchema, teamFeedQuerySchema } from "@/lib/validation/team";
import type { Viewer } from "@/lib/viewer";
import { demoViewers, freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, manager: Viewer, sz2Manager: Viewer, gm: Viewer, admin: Viewer, sz2Rep: Viewer;
const feed = (v: Viewer, q: Record<string, string> = {}, limit?: number) => getTeamFeed(o.db, v, teamFeedQuerySchema.parse(q), limit);

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, manager, sz2Manager, gm] = await demoViewers(o.db);
  [admin, sz2Rep] = await Promise.all(["admin@demo.cn", "sz2.rep1@demo.cn"].map((e) => viewerFor(o.db, e)));
});
afterAll(async () => o?.close());

async function newCustomer(owner: Viewer, name: string, extra: Record<string, unknown> = {}) {
  return createCustomer(o.db, owner, customerInputSchema.parse({ name, mobile: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`, ...extra }));
}
async function visit(owner: Viewer, customerId: string, topic: string) {
  return createCommunication(o.db, owner, communicationInputSchema.parse({ customerId, method: "visit", topic, summary: `${topic}的内容`, contactedAt: nowLocal(new Date(Date.now() - 60_000)) }));
}

describe("工作浏览 the team feed", () => {
  test("a manager sees the new customer and the communication with its content; another branch and reps do not", async () => {
    const c = await newCustomer(rep1, "浏览测试甲");
    const comm = await visit(rep1, c.id, "浏览拜访");
    const { items } = await feed(manager);
    const mine = items.filter((i) => i.customerId === c.id);
    expect(mine.map((i) => i.kind).sort()).toEqual(["communication", "customer"]);
    expect(mine.find((i) => i.kind === "communication")).toMatchObject({ id: comm.id, title: "浏览拜访", body: "浏览拜访的内容", ownerName: rep1.name });
    expect((await feed(sz2Manager)).items.some((i) => i.customerId === c.id)).toBe(false);
    expect((await feed(rep1)).items).toEqual([]); // no plan:review: no team feed
    expect((await feed(gm)).items.some((i) => i.id === comm.id)).toBe(true);
  });

  test("filters: person, unit, kind, period; a person outside scope is nothing", async () => {
    const c = await newCustomer(rep2, "浏览测试乙");
    const byPerson = await feed(manager, { person: rep2.id });
    expect(byPerson.items.length).toBeGreaterThan(0);
    expect(byPerson.items.every((i) => i.ownerId === rep2.id)).toBe(true);
    expect((await feed(manager, { kind: "customer" })).items.every((i) => i.kind === "customer")).toBe(true);
    expect((await feed(manager, { person: sz2Rep.id })).items).toEqual([]);
    expect((await feed(gm, { unit: rep2.orgUnitId, kind: "customer" })).items.some((i) => i.id === c.id)).toBe(true);
    expect((await feed(gm, { unit: sz2Rep.orgUnitId, kind: "customer" })).items.some((i) => i.id === c.id)).toBe(false);
    expect((await feed(gm, { kind: "customer", to: "2000-01-01" })).items).toEqual([]);
  });

  test("keyset pages: every item once, in order", async () => {
    const all = (await feed(gm, {}, 60)).items;
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 500 && seen.length < 60; i++) {
      const p = await feed(gm, cursor ? { cursor } : {}, 7);
      seen.push(...p.items.map((x) => x.id));
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    expect(seen.slice(0, 60)).toEqual(all.map((x) => x.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  test("a manager's comment reaches the rep's notifications; out of scope is not found", async () => {
    const c = await newCustomer(rep1, "点评测试");
    const comm = await visit(rep1, c.id, "点评拜访");
    await commentOnItem(o.db, manager, "communication", comm.id, "跟进得好，下周带上方案");
    const n = await listNotifications(o.db, rep1);
    expect(n[0]).toMatchObject({ kind: "comment", body: "跟进得好，下周带上方案", href: `/customers/${c.id}` });
    const item = (await feed(manager, { kind: "communication" })).items.find((i) => i.id === comm.id)!;
    expect(item.comments.map((x) => x.comment)).toEqual(["跟进得好，下周带上方案"]);
    await expect(commentOnItem(o.db, sz2Manager, "communication", comm.id, "越权")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(commentOnItem(o.db, rep2, "customer", c.id, "越权")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("per-person summary: counts of the last 7 and 30 days, scope only", async () => {
    const rows = await getTeamSummary(o.db, manager);
    const r1 = rows.find((r) => r.id === rep1.id)!;
    expect(r1.customers7).toBeGreaterThanOrEqual(2);
    expect(r1.customers30).toBeGreaterThanOrEqual(r1.customers7);
    expect(r1.communications7).toBeGreaterThanOrEqual(2);
    expect(rows.some((r) => r.id === sz2Rep.id)).toBe(false);
  });
});

describe("客户分配 assignment", () => {
  test("one customer with its history: owner history, both notified, audited; the old rep loses it", async () => {
    const c = await newCustomer(rep1, "分配测试");
    const comm = await visit(rep1, c.id, "分配前拜访");
    await assignOne(o.db, manager, c.id, rep2.id, "区域调整");
    expect(await getCustomerById(o.db, rep1, c.id)).toBeNull();
    expect(await getCustomerById(o.db, rep2, c.id)).not.toBeNull();
    const [moved] = await o.db.select({ ownerId: communications.ownerId }).from(communications).where(eq(communications.id, comm.id));
    expect(moved.ownerId).toBe(rep2.id);
    const h = await getOwnerHistory(o.db, rep2, c.id);
    expect(await getOwnerHistory(o.db, rep1, c.id)).toEqual([]);
    expect(h[0]).toMatchObject({ reason: "assign", note: "区域调整", fromName: rep1.name, toName: rep2.name, byName: manager.name });
    expect((await listNotifications(o.db, rep2))[0]).toMatchObject({ kind: "assigned_in" });
    expect((await listNotifications(o.db, rep1))[0]).toMatchObject({ kind: "assigned_out" });
    const audits = await o.db.select().from(auditLog).where(and(eq(auditLog.entityId, c.id), eq(auditLog.action, "assign")));
    expect(audits.length).toBe(1);
    await expect(assignOne(o.db, sz2Manager, c.id, sz2Rep.id, null)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(assignOne(o.db, manager, c.id, sz2Rep.id, null)).rejects.toMatchObject({ code: "VALIDATION" });
  });

  test("a selection job runs in resumable batches; an out-of-scope customer fails alone", async () => {
    const mine = await Promise.all([1, 2, 3, 4, 5].map((i) => newCustomer(rep1, `批量${i}`)));
    const other = await newCustomer(sz2Rep, "别部客户");
    const job = await createSelectionJob(o.db, manager, [...mine.map((c) => c.id), other.id], rep2.id, "批量调整");
    for (let i = 0; i < 10 && !(await applyAssignmentBatch(o.db, job, 2)).done; i++);
    const p = await getAssignmentJob(o.db, manager, job);
    expect(p).toMatchObject({ status: "done", total: 6, processed: 6, moved: 5, failed: 1 });
    for (const c of mine) expect((await getCustomerById(o.db, rep2, c.id))?.ownerId).toBe(rep2.id);
    expect(await getAssignmentJob(o.db, rep2, job)).toBeNull();
    expect((await listNotifications(o.db, rep2))[0].title).toContain("5");
  });

  test("everything matching the list's filters, and a leaver's hand-over to two reps", async () => {
    const a = await newCustomer(rep2, "筛选分配甲");
    const job = await createMatchingJob(o.db, manager, customerListQuerySchema.parse({ q: "筛选分配甲" }), rep1.id, null);
    while (!(await applyAssignmentBatch(o.db, job)).done);
    expect((await getCustomerById(o.db, rep1, a.id))?.ownerId).toBe(rep1.id);

    const before = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from customers where owner_id = ${rep2.id} and deleted_at is null`);
    expect(Number(before[0].n)).toBeGreaterThan(1);
    const h = await createHandoverJob(o.db, manager, rep2.id, [rep1.id, manager.id], "离职交接");
    while (!(await applyAssignmentBatch(o.db, h)).done);
    const after = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from customers where owner_id = ${rep2.id} and deleted_at is null`);
    expect(Number(after[0].n)).toBe(0);
    const reasons = await queryRows<{ to: string; n: number }>(o.db, sql`select to_owner_id as to, count(*)::int as n from customer_owner_history where job_id = ${h} group by 1`);
    expect(reasons.length).toBe(2);
  });
});

test("a deactivated leaver's customers are handed over; they are offered in the hand-over list", async () => {
  const leaver = await viewerFor(o.db, "sz1.rep1@demo.cn");
  const mine = await newCustomer(leaver, "离职者客户");
  await o.db.update(users).set({ active: false }).where(eq(users.id, leaver.id));
  try {
    const people = await getHandoverPeople(o.db, manager);
    expect(people.find((p) => p.id === leaver.id)).toMatchObject({ active: false });
    const job = await createHandoverJob(o.db, manager, leaver.id, [rep2.id], "离职");
    while (!(await applyAssignmentBatch(o.db, job)).done);
    expect((await getCustomerById(o.db, rep2, mine.id))?.ownerId).toBe(rep2.id);
    expect(await getHandoverPeople(o.db, rep2)).toEqual([]);
  } finally {
    await o.db.update(users).set({ active: true }).where(eq(users.id, leaver.id));
  }
});

describe("公海 the shared pool", () => {
  test("rules are for admins; the daily job moves neglected customers in, once a day", async () => {
    await expect(savePoolRule(o.db, manager, poolRuleSchema.parse({ orgUnitId: rep1.orgUnitId, notContactedDays: "30", claimLimit: "1" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await savePoolRule(o.db, admin, poolRuleSchema.parse({ orgUnitId: rep1.orgUnitId, notContactedDays: "30", claimLimit: "1" }));
    const c = await newCustomer(rep1, "公海测试");
    await visit(rep1, c.id, "很久以前");
    await o.db.update(customers).set({ lastContactAt: new Date(Date.now() - 40 * 86_400_000), createdAt: new Date(Date.now() - 60 * 86_400_000) }).where(eq(customers.id, c.id));
    const fresh = await newCustomer(rep1, "刚认识");
    const n = await applyPoolRules(o.db);
    expect(n).toBeGreaterThan(0);
    const [row] = await o.db.select().from(customers).where(eq(customers.id, c.id));
    expect(row.ownerId).toBeNull();
    expect(row.pooledAt).not.toBeNull();
    expect((await o.db.select().from(customers).where(eq(customers.id, fresh.id)))[0].ownerId).toBe(rep1.id);
    expect((await getOwnerHistory(o.db, gm, c.id))[0]).toMatchObject({ reason: "pool", fromName: rep1.name, toName: null, byName: null });
    expect(await getCustomerById(o.db, rep1, c.id)).toBeNull();
    expect(await getCustomerById(o.db, manager, c.id)).not.toBeNull();
    const first = await runPoolRulesForToday(o.db);
    expect(first).not.toBeNull();
    expect(await runPoolRulesForToday(o.db)).toBeNull();
  });

  test("reps see the pool masked, managers unmasked; two reps claim at once: one wins; the daily limit holds", async () => {
    const pool = await listPool(o.db, rep1, {});
    const c = pool.rows.find((r) => r.name === "公海测试")!;
    expect(c.masked).toBe(true);
    expect(c.mobile).toMatch(/^139\*\*\*\*\d{4}$/);
    expect((await listPool(o.db, manager, {})).rows.find((r) => r.id === c.id)!.mobile).toMatch(/^139\d{8}$/);
    expect((await listPool(o.db, sz2Rep, {})).rows.some((r) => r.id === c.id)).toBe(false);

    const results = await Promise.allSettled([claimFromPool(o.db, rep1, c.id), claimFromPool(o.db, rep2, c.id)]);
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won.length).toBe(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(["CONFLICT", "NOT_FOUND"]).toContain(lost.reason.code);
    const [row] = await o.db.select().from(customers).where(eq(customers.id, c.id));
    expect(row.pooledAt).toBeNull();
    expect(row.claimedAt).not.toBeNull();
    const winner = results[0].status === "fulfilled" ? rep1 : rep2;
    expect(row.ownerId).toBe(winner.id);
    expect((await getOwnerHistory(o.db, gm, c.id))[0]).toMatchObject({ reason: "claim", toName: winner.name });

    // the winner's limit (1 a day) is used up
    const again = await newCustomer(winner, "再入公海");
    await o.db.update(customers).set({ lastContactAt: new Date(Date.now() - 40 * 86_400_000), createdAt: new Date(Date.now() - 60 * 86_400_000) }).where(eq(customers.id, again.id));
    await applyPoolRules(o.db);
    await expect(claimFromPool(o.db, winner, again.id)).rejects.toMatchObject({ code: "CONFLICT" });
    // a manager assigns from the pool
    await assignOne(o.db, manager, again.id, winner.id, null);
    expect((await getOwnerHistory(o.db, gm, again.id))[0]).toMatchObject({ reason: "pool_assign" });
    await expect(claimFromPool(o.db, sz2Rep, again.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
