import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { createCustomer } from "@/db/queries/customers";
import { communications, customers } from "@/db/schema";
import { customerInputSchema } from "@/lib/validation/customer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
beforeAll(async () => {
  o = await freshDb();
});
afterAll(async () => o?.close());

const state = async (id: string) => {
  const [c] = await o.db.select({ n: customers.contactCount, last: customers.lastContactAt }).from(customers).where(eq(customers.id, id));
  return { n: c.n, last: c.last?.toISOString() ?? null };
};

test("the demo company's counts equal the communications (backfilled and kept by the trigger)", async () => {
  const bad = await queryRows<{ n: number }>(
    o.db,
    sql`select count(*)::int n from customers c where c.contact_count <> (select count(*) from communications m where m.customer_id = c.id and m.deleted_at is null)`,
  );
  expect(bad[0].n).toBe(0);
});

test("insert, soft delete, restore and move keep contact_count and last_contact_at", async () => {
  const rep = await viewerFor(o.db, "sz1.rep1@demo.cn");
  const a = await createCustomer(o.db, rep, customerInputSchema.parse({ name: "计数甲" }));
  const b = await createCustomer(o.db, rep, customerInputSchema.parse({ name: "计数乙" }));
  const base = { method: "phone" as const, topic: "电话", ownerId: rep.id, orgUnitId: rep.orgUnitId, authorId: rep.id };
  const [m1] = await o.db.insert(communications).values({ ...base, customerId: a.id, contactedAt: new Date("2026-01-01T02:00:00Z") }).returning();
  const [m2] = await o.db.insert(communications).values({ ...base, customerId: a.id, contactedAt: new Date("2026-03-01T02:00:00Z") }).returning();
  expect(await state(a.id)).toEqual({ n: 2, last: "2026-03-01T02:00:00.000Z" });
  await o.db.update(communications).set({ deletedAt: new Date() }).where(eq(communications.id, m2.id));
  expect(await state(a.id)).toEqual({ n: 1, last: "2026-01-01T02:00:00.000Z" });
  await o.db.update(communications).set({ deletedAt: null }).where(eq(communications.id, m2.id));
  expect(await state(a.id)).toEqual({ n: 2, last: "2026-03-01T02:00:00.000Z" });
  await o.db.update(communications).set({ customerId: b.id }).where(eq(communications.id, m1.id));
  expect(await state(a.id)).toEqual({ n: 1, last: "2026-03-01T02:00:00.000Z" });
  expect(await state(b.id)).toEqual({ n: 1, last: "2026-01-01T02:00:00.000Z" });
});

test("the customer's open follow-up is its latest communication's, through insert, edit, soft delete and restore", async () => {
  const rep = await viewerFor(o.db, "sz1.rep1@demo.cn");
  const c = await createCustomer(o.db, rep, customerInputSchema.parse({ name: "跟进甲" }));
  const base = { method: "visit" as const, topic: "拜访", ownerId: rep.id, orgUnitId: rep.orgUnitId, authorId: rep.id, customerId: c.id };
  const fu = async () => {
    const [r] = await o.db.select({ on: customers.followUpOn, id: customers.followUpId }).from(customers).where(eq(customers.id, c.id));
    return r;
  };
  expect(await fu()).toEqual({ on: null, id: null });
  const [m1] = await o.db.insert(communications).values({ ...base, contactedAt: new Date("2026-02-01T02:00:00Z"), nextFollowUp: "2026-02-10" }).returning();
  expect(await fu()).toEqual({ on: "2026-02-10", id: m1.id });
  // an older record written later does not reopen anything
  await o.db.insert(communications).values({ ...base, contactedAt: new Date("2026-01-01T02:00:00Z"), nextFollowUp: "2026-01-05" });
  expect(await fu()).toEqual({ on: "2026-02-10", id: m1.id });
  // a later contact without a follow-up settles it
  const [m3] = await o.db.insert(communications).values({ ...base, contactedAt: new Date("2026-03-01T02:00:00Z") }).returning();
  expect(await fu()).toEqual({ on: null, id: null });
  // deleting that contact reopens the earlier follow-up; restoring it settles it again
  await o.db.update(communications).set({ deletedAt: new Date() }).where(eq(communications.id, m3.id));
  expect(await fu()).toEqual({ on: "2026-02-10", id: m1.id });
  await o.db.update(communications).set({ nextFollowUp: "2026-02-20" }).where(eq(communications.id, m1.id));
  expect(await fu()).toEqual({ on: "2026-02-20", id: m1.id });
  await o.db.update(communications).set({ deletedAt: null }).where(eq(communications.id, m3.id));
  expect(await fu()).toEqual({ on: null, id: null });
});

test("the demo company's open follow-ups equal the latest communications' (backfilled)", async () => {
  const bad = await queryRows<{ n: number }>(
    o.db,
    sql`select count(*)::int n from customers c
         left join lateral (select m.id, m.next_follow_up from communications m where m.customer_id = c.id and m.deleted_at is null
                             order by m.contacted_at desc, m.id desc limit 1) l on true
        where c.follow_up_on is distinct from l.next_follow_up
           or c.follow_up_id is distinct from case when l.next_follow_up is null then null else l.id end`,
  );
  expect(bad[0].n).toBe(0);
});
