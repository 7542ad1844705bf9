import { afterAll, beforeAll, expect, test } from "vitest";
import type { OpenedDb } from "@/db/client";
import { getCustomerForgetting, listForgetting, saveReminderSettings } from "@/db/queries/forgetting";
import { getReminderSettings } from "@/db/queries/reminders";
import { customers } from "@/db/schema";
import { addDays, DEFAULT_ADVANCE_DAYS, todayIn } from "@/lib/reminders";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, sz2m: Viewer, admin: Viewer;
const today = todayIn();
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
