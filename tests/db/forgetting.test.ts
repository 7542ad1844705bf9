import { afterAll, beforeAll, expect, test } from "vitest";
import type { OpenedDb } from "@/db/client";
import { getCustomerForgetting, listForgetting, saveReminderSettings } from "@/db/queries/forgetting";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { getReminderSettings, TOUCH_DAYS_KEY } from "@/db/queries/reminders";
import { appSettings, communications, customers } from "@/db/schema";
import { DEFAULT_TOUCH_DAYS } from "@/lib/forgetting-curve";
import { addDays, today as companyToday } from "@/lib/dates";
import { DEFAULT_ADVANCE_DAYS, forgettingState } from "@/lib/reminders";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, sz2m: Viewer, admin: Viewer;
const today = companyToday();
beforeAll(async () => {
  o = await freshDb();
  [rep1, sz2m, admin] = await Promise.all(["sz1.rep1@demo.cn", "sz2.manager@demo.cn", "admin@demo.cn"].map((e) => viewerFor(o.db, e)));
});
afterAll(async () => o?.close());

test("about to forget you: lowest retention first, scoped", async () => {
  const rows = await listForgetting(o.db, rep1, today, 1000);
  expect(rows.length).toBeGreaterThan(0);
  for (let i = 1; i < rows.length; i++) expect(rows[i - 1].retention).toBeLessThanOrEqual(rows[i].retention);
  const own = await o.db.select({ id: customers.id, owner: customers.ownerId }).from(customers);
  const ownerOf = new Map(own.map((r) => [r.id, r.owner]));
  for (const r of rows) expect(ownerOf.get(r.id)).toBe(rep1.id);
  expect(await getCustomerForgetting(o.db, sz2m, rows[0].id, today)).toBeNull();
  const one = await getCustomerForgetting(o.db, rep1, rows[0].id, today);
  expect(one!.retention).toBeCloseTo(rows[0].retention, 12);
});

test("intervals and advance days are admin settings; a new customer met today is due tomorrow, then per the new intervals", async () => {
  const [c] = await o.db.insert(customers).values({ name: "新认识", ownerId: rep1.id, orgUnitId: rep1.orgUnitId, metOn: today }).returning();
  expect((await getCustomerForgetting(o.db, rep1, c.id, today))!.nextTouchOn).toBe(addDays(today, 1));
  expect((await saveReminderSettings(o.db, rep1, { touchDays: [3], advance: DEFAULT_ADVANCE_DAYS }).catch((e) => e)).code).toBe("FORBIDDEN");
  await saveReminderSettings(o.db, admin, { touchDays: [3, 10], advance: { ...DEFAULT_ADVANCE_DAYS, plan: 5 } });
  expect(await getReminderSettings(o.db)).toEqual({ touchDays: [3, 10], advance: { ...DEFAULT_ADVANCE_DAYS, plan: 5 } });
  expect((await getCustomerForgetting(o.db, rep1, c.id, today))!.nextTouchOn).toBe(addDays(today, 3));
});

test("a short list holds exactly the lowest retentions of the whole scope (ordered in SQL)", async () => {
  const all = await listForgetting(o.db, rep1, today, 100_000);
  const top = await listForgetting(o.db, rep1, today, 5);
  expect(top.map((r) => r.retention)).toEqual(all.slice(0, 5).map((r) => r.retention));
});

test("customers.next_touch_on (kept by trigger) agrees with lib/reminders forgettingState for every customer", async () => {
  const check = async () => {
    const { touchDays } = await getReminderSettings(o.db);
    const rows = await o.db
      .select({
        id: customers.id,
        stored: customers.nextTouchOn,
        metOn: sql<string>`coalesce(${customers.metOn}::text, ((${customers.createdAt} at time zone 'Asia/Shanghai')::date)::text)`,
        touches: customers.contactCount,
        lastTouchOn: sql<string | null>`((${customers.lastContactAt} at time zone 'Asia/Shanghai')::date)::text`,
      })
      .from(customers);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect([r.id, r.stored]).toEqual([r.id, forgettingState(r, today, touchDays).nextTouchOn]);
  };
  // the SQL default intervals are lib/forgetting-curve.ts's
  await o.db.delete(appSettings).where(eq(appSettings.key, TOUCH_DAYS_KEY));
  const [d] = await queryRows<{ days: number[] }>(o.db, sql`select zhike_touch_days() as days`);
  expect(d.days).toEqual(DEFAULT_TOUCH_DAYS);
  await o.db.execute(sql`update customers set next_touch_on = zhike_customer_next_touch(met_on, created_at, contact_count, last_contact_at, zhike_touch_days())`);
  await check();
  // a new contact moves the customer along the curve
  const [c] = await o.db.select().from(customers).where(eq(customers.ownerId, rep1.id)).limit(1);
  await o.db.insert(communications).values({ customerId: c.id, ownerId: rep1.id, orgUnitId: rep1.orgUnitId, contactedAt: new Date(), method: "phone", topic: "回访" });
  await check();
  // so does a change of the intervals, for every customer
  await saveReminderSettings(o.db, admin, { touchDays: [2, 5, 9, 40], advance: DEFAULT_ADVANCE_DAYS });
  await check();
});

test("the trigger reads the intervals once per transaction, and a change of them inside that transaction is seen at once", async () => {
  const [c] = await o.db.select().from(customers).where(eq(customers.ownerId, rep1.id)).limit(1);
  const met = addDays(today, -1);
  const next = async (tx: typeof o.db) => {
    await tx.update(customers).set({ metOn: met, contactCount: 0, lastContactAt: null }).where(eq(customers.id, c.id));
    const [r] = await tx.select({ next: customers.nextTouchOn }).from(customers).where(eq(customers.id, c.id));
    return r.next;
  };
  await o.db.transaction(async (tx) => {
    await saveReminderSettings(tx, admin, { touchDays: [4, 8], advance: DEFAULT_ADVANCE_DAYS });
    expect(await next(tx)).toBe(addDays(met, 4)); // read and kept for the transaction
    await tx.update(customers).set({ metOn: addDays(met, -1) }).where(eq(customers.id, c.id)); // a second row write uses the kept value
    await tx.insert(appSettings).values({ key: TOUCH_DAYS_KEY, value: [6, 12] }).onConflictDoUpdate({ target: appSettings.key, set: { value: [6, 12] } });
    expect(await next(tx)).toBe(addDays(met, 6)); // the write to app_settings let the new intervals in
  });
  // a later transaction reads them afresh
  await o.db.update(appSettings).set({ value: [9] }).where(eq(appSettings.key, TOUCH_DAYS_KEY));
  expect(await next(o.db)).toBe(addDays(met, 9));
});
