import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { listDeals } from "@/db/queries/analytics";
import { createCommunication, listCommunications } from "@/db/queries/communications";
import { reassignCustomers } from "@/db/queries/customer-assignment";
import { createCustomer, getCustomerById, listCustomers, updateCustomer } from "@/db/queries/customers";
import { addDealFile, listDealFiles } from "@/db/queries/deal-files";
import { createDeal, getProcesses, type ProcessWithStages } from "@/db/queries/deals";
import { listForgetting } from "@/db/queries/forgetting";
import { readInbox, snoozeReminder } from "@/db/queries/reminder-inbox";
import { listTodos } from "@/db/queries/todos";
import { auditLog, customers, todos } from "@/db/schema";
import { addDays, today as todayIn } from "@/lib/dates";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { communicationInputSchema, communicationListQuerySchema } from "@/lib/validation/communication";
import { customerInputSchema } from "@/lib/validation/customer";
import { dealInputSchema } from "@/lib/validation/deal";
import type { Viewer } from "@/lib/viewer";
import { demoViewers, freshDb, viewerFor } from "./helpers";

// Regression: moving a company moved every contact, another branch's included, and left the contacts'
// communications and deals with the old owner.

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, manager: Viewer, gm: Viewer, shRep: Viewer, sz2Rep: Viewer;
let def: ProcessWithStages;
const today = todayIn();
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n${text}\n%%EOF`);
const input = (v: Record<string, unknown>) => customerInputSchema.parse(v);

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, manager, , gm] = await demoViewers(o.db);
  [shRep, sz2Rep] = await Promise.all(["sh.rep1@demo.cn", "sz2.rep1@demo.cn"].map((e) => viewerFor(o.db, e)));
  def = (await getProcesses(o.db)).find((p) => p.isDefault)!;
});
afterAll(async () => o?.close());

type Company = { id: string; name: string; contacts: Record<string, string>; all: string[]; owners: Map<string, Viewer> };

/** A customer's whole history, written by its owner: a visit with a follow-up due today (snoozed), a deal with a contract, a to-do. */
async function history(owner: Viewer, customerId: string, tag: string) {
  await createCommunication(
    o.db,
    owner,
    communicationInputSchema.parse({ customerId, method: "visit", topic: `拜访${tag}`, contactedAt: `${addDays(today, -1)}T09:00`, nextFollowUp: today }),
  );
  const deal = await createDeal(o.db, owner, dealInputSchema.parse({ customerId, title: `合同${tag}`, processId: def.id, expectedAmount: "1000" }));
  await addDealFile(o.db, owner, deal.id, { name: `合同${tag}.pdf`, bytes: pdf(tag) });
  await o.db
    .insert(todos)
    .values({ ownerId: owner.id, orgUnitId: owner.orgUnitId, title: `回访${tag}`, quadrant: "important_urgent", dueOn: today, customerId, createdBy: owner.id, updatedBy: owner.id });
  const { reminders: inbox } = await readInbox(o.db, owner, today);
  const r = inbox.find((x) => x.customerId === customerId && x.kind === "follow_up");
  expect(r, `follow-up of ${tag}`).toBeTruthy();
  await snoozeReminder(o.db, owner, r!.dedupeKey, addDays(today, 3), today);
}

/** A company owned by `owner` whose contacts are owned by the given reps; the link is set directly, as an import or an older reassignment leaves it. */
async function company(name: string, owner: Viewer, contactOwners: Record<string, Viewer>): Promise<Company> {
  const c = await createCustomer(o.db, owner, input({ kind: "company", name }));
  const owners = new Map<string, Viewer>([[c.id, owner]]);
  const contacts: Record<string, string> = {};
  for (const [key, v] of Object.entries(contactOwners)) {
    const p = await createCustomer(o.db, v, input({ name: `${name}${key}`, companyName: name }));
    contacts[key] = p.id;
    owners.set(p.id, v);
  }
  await o.db.update(customers).set({ companyId: c.id }).where(inArray(customers.id, Object.values(contacts)));
  for (const [id, v] of owners) await history(v, id, `${name}-${id.slice(-4)}`);
  return { id: c.id, name, contacts, all: [...owners.keys()], owners };
}

/** Who every row of these customers' history is placed with. */
function placements(ids: string[]) {
  const p = sql`${sql.param(ids)}::uuid[]`;
  return queryRows<{ t: string; id: string; owner: string | null; unit: string | null }>(
    o.db,
    sql`select 'customer' t, id::text, owner_id::text owner, org_unit_id::text unit from customers where id = any(${p})
        union all select 'communication', id::text, owner_id::text, org_unit_id::text from communications where customer_id = any(${p})
        union all select 'deal', id::text, owner_id::text, org_unit_id::text from deals where customer_id = any(${p})
        union all select 'todo', id::text, owner_id::text, org_unit_id::text from todos where customer_id = any(${p})
        union all select 'reminder', id::text, owner_id::text, null from reminders where customer_id = any(${p})
        order by 1, 2`,
  );
}
const auditCount = async (ids: string[]) =>
  (await o.db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(inArray(auditLog.entityId, ids)))[0].n;
const reassignAsEdit = async (v: Viewer, c: Company, ownerId: string) => {
  const row = (await getCustomerById(o.db, v, c.id))!;
  return updateCustomer(o.db, v, c.id, input({ kind: "company", name: c.name, title: "改负责人", ownerId, version: String(row.version) }));
};

describe("a contact outside the actor's scope is never moved", () => {
  let c: Company;
  beforeAll(async () => {
    // (a) the actor's own, (b) another rep of the manager's unit, (c) another branch's rep, and another unit's
    c = await company("三域联系人公司", rep1, { 甲: manager, 乙: rep1, 丙: shRep, 丁: sz2Rep });
  });

  test("the manager's reassignment is refused with the count, and nothing changes anywhere", async () => {
    const before = await placements(c.all);
    const audits = await auditCount(c.all);
    const version = (await getCustomerById(o.db, manager, c.id))!.version;
    await expect(reassignAsEdit(manager, c, rep2.id)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "该单位有 2 位联系人不在您的数据权限内，无法一起转移，请联系其负责人或上级处理",
    });
    expect(await placements(c.all)).toEqual(before);
    expect(await auditCount(c.all)).toBe(audits);
    // the edit that asked for the move is not saved either
    const after = (await getCustomerById(o.db, manager, c.id))!;
    expect(after).toMatchObject({ version, title: null, ownerId: rep1.id });
    // the other branch's rep keeps their contact and its history
    expect(await getCustomerById(o.db, shRep, c.contacts.丙)).toMatchObject({ ownerId: shRep.id });
    expect((await listCommunications(o.db, shRep, communicationListQuerySchema.parse({ customer: c.contacts.丙 }))).rows).toHaveLength(1);
  });

  test("the same refusal through the cascade itself, writing nothing", async () => {
    const before = await placements(c.all);
    await expect(o.db.transaction((tx) => reassignCustomers(tx, manager, [c.id], manager.id))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await placements(c.all)).toEqual(before);
  });

  test("the GM, whose scope holds every contact, may move the whole company", async () => {
    const r = await o.db.transaction((tx) => reassignCustomers(tx, gm, [c.id], rep2.id));
    expect(r.customerIds.sort()).toEqual([...c.all].sort());
    const rows = await placements(c.all);
    expect(rows.every((x) => x.owner === rep2.id)).toBe(true);
  });
});

describe("every contact in scope: each moved customer takes its whole history along", () => {
  let c: Company;
  let managersOwnTodo: string;
  beforeAll(async () => {
    c = await company("整体转移公司", rep1, { 甲: manager, 乙: rep1 });
    // the manager's personal to-do about rep1's contact: the manager's own work, not the customer's owner's
    [{ id: managersOwnTodo }] = await o.db
      .insert(todos)
      .values({ ownerId: manager.id, orgUnitId: manager.orgUnitId, title: "经理自己的待办", quadrant: "neither", customerId: c.contacts.乙, createdBy: manager.id, updatedBy: manager.id })
      .returning({ id: todos.id });
    await reassignAsEdit(manager, c, rep2.id);
  });

  test("the company, every contact and all their communications, deals, to-dos and reminder state belong to the new owner", async () => {
    const rows = (await placements(c.all)).filter((r) => r.id !== managersOwnTodo);
    expect(rows.length).toBe(3 * 5);
    for (const r of rows) {
      expect(r.owner, `${r.t} ${r.id}`).toBe(rep2.id);
      if (r.t !== "reminder") expect(r.unit, `${r.t} ${r.id}`).toBe(rep2.orgUnitId);
    }
    const [own] = await o.db.select({ ownerId: todos.ownerId }).from(todos).where(eq(todos.id, managersOwnTodo));
    expect(own.ownerId).toBe(manager.id);
  });

  test("one assign audit row per moved customer, naming the previous owner and what moved with it", async () => {
    const rows = await o.db.select().from(auditLog).where(and(inArray(auditLog.entityId, c.all), eq(auditLog.action, "assign")));
    expect(rows.map((r) => r.entityId).sort()).toEqual([...c.all].sort());
    const contact = rows.find((r) => r.entityId === c.contacts.甲)!;
    expect(contact.before).toEqual({ ownerId: manager.id, orgUnitId: manager.orgUnitId });
    expect(contact.after).toMatchObject({ ownerId: rep2.id, withCompany: c.id, moved: { communications: 1, deals: 1, todos: 1, reminders: 1 } });
    expect(contact.actorId).toBe(manager.id);
  });

  test("the old rep no longer sees them; the new one sees all of them", async () => {
    const list = async (v: Viewer) => (await listCustomers(o.db, v, { sort: "updated", dir: "desc", q: c.name }, 500)).rows.map((r) => r.id).sort();
    expect(await list(rep1)).toEqual([]);
    expect(await list(rep2)).toEqual([...c.all].sort());
    for (const id of c.all) {
      const comms = (v: Viewer) => listCommunications(o.db, v, communicationListQuerySchema.parse({ customer: id }));
      expect((await comms(rep1)).rows).toEqual([]);
      expect((await comms(rep2)).rows).toHaveLength(1);
      const dealRows = (v: Viewer) => listDeals(o.db, v, analyticsQuerySchema.parse({ customer: id }));
      expect((await dealRows(rep1)).rows).toEqual([]);
      const [d] = (await dealRows(rep2)).rows;
      expect(d).toBeTruthy();
      expect(await listDealFiles(o.db, rep1, d.id)).toEqual([]);
      expect(await listDealFiles(o.db, rep2, d.id)).toHaveLength(1);
    }
  });

  test("to-dos, reminders (with their snoozed state) and the forgetting curve follow", async () => {
    const titles = async (v: Viewer) => (await listTodos(o.db, v)).map((t) => t.title).filter((t) => t.startsWith("回访整体转移公司"));
    expect(await titles(rep1)).toEqual([]);
    expect(await titles(manager)).toEqual([]);
    expect(await titles(rep2)).toHaveLength(3);
    const followUps = async (v: Viewer) =>
      (await readInbox(o.db, v, today)).reminders.filter((r) => r.kind === "follow_up" && c.all.includes(r.customerId ?? ""));
    expect(await followUps(rep1)).toEqual([]);
    const mine = await followUps(rep2);
    expect(mine).toHaveLength(3);
    expect(mine.every((r) => r.status === "snoozed")).toBe(true);
    const curve = async (v: Viewer) => (await listForgetting(o.db, v, today, 10000)).filter((r) => c.all.includes(r.id));
    expect(await curve(rep1)).toEqual([]);
    expect((await curve(rep2)).map((r) => r.touches)).toEqual([1, 1, 1]);
  });
});

describe("the cascade's own checks", () => {
  test("the new owner must be inside the actor's scope", async () => {
    const c = await createCustomer(o.db, rep1, input({ kind: "company", name: "越权目标公司" }));
    await expect(o.db.transaction((tx) => reassignCustomers(tx, manager, [c.id], shRep.id))).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { ownerId: "负责业务员不在您的管理范围内" },
    });
  });

  test("a customer outside the actor's scope is not found; a rep may not assign at all", async () => {
    const c = await createCustomer(o.db, shRep, input({ kind: "company", name: "他部公司" }));
    await expect(o.db.transaction((tx) => reassignCustomers(tx, manager, [c.id], rep2.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const own = await createCustomer(o.db, rep1, input({ kind: "company", name: "业务员公司" }));
    await expect(o.db.transaction((tx) => reassignCustomers(tx, rep1, [own.id], rep1.id))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await o.db.select({ ownerId: customers.ownerId }).from(customers).where(inArray(customers.id, [c.id, own.id]))).map((r) => r.ownerId).sort()).toEqual(
      [rep1.id, shRep.id].sort(),
    );
  });
});
