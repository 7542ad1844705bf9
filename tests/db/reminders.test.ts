import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OpenedDb } from "@/db/client";
import { countOpenInbox, readInbox, setReminderDone, snoozeReminder } from "@/db/queries/reminder-inbox";
import { getInbox } from "@/db/queries/reminders";
import { appSettings, communications, customers, reminders } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { solarToLunar } from "@/lib/lunar";
import { addDays, today as companyToday } from "@/lib/dates";
import { reminderKey } from "@/lib/reminders";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, sz1m: Viewer, sz2m: Viewer, sz2rep: Viewer, gm: Viewer, admin: Viewer;
const today = companyToday();
let sz2Customer: string;
let sz1Customer: string;

async function addCustomer(owner: Viewer, name: string, extra: Partial<typeof customers.$inferInsert>) {
  const [c] = await o.db
    .insert(customers)
    .values({ name, ownerId: owner.id, orgUnitId: owner.orgUnitId, ...extra })
    .returning({ id: customers.id });
  return c.id;
}

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, sz1m, sz2m, sz2rep, gm, admin] = await Promise.all(
    ["sz1.rep1@demo.cn", "sz1.rep2@demo.cn", "sz1.manager@demo.cn", "sz2.manager@demo.cn", "sz2.rep1@demo.cn", "gm@demo.cn", "admin@demo.cn"].map((e) => viewerFor(o.db, e)),
  );
  const l = solarToLunar(today);
  // a lunar birthday today in each unit (no birth year, so any lunar date is valid)
  sz2Customer = await addCustomer(sz2rep, "深二农历寿星", { lunarBirthMonth: l.month, lunarBirthDay: l.day, lunarBirthLeap: l.leap });
  sz1Customer = await addCustomer(rep1, "深一农历寿星", { lunarBirthMonth: l.month, lunarBirthDay: l.day, lunarBirthLeap: l.leap });
});
afterAll(async () => o?.close());

/** The refusal a call ends in (a call that succeeds fails the test). */
const refused = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: AppError) => e,
  );

const names = (r: { customerName: string | null; kind: string }[], kind = "lunar_birthday") => r.filter((x) => x.kind === kind).map((x) => x.customerName);

describe("the inbox is scoped like customers", () => {
  test("a rep sees their own customer's lunar birthday today, not a colleague's or another unit's", async () => {
    const { reminders: r } = await getInbox(o.db, rep1, today);
    expect(names(r)).toContain("深一农历寿星");
    expect(names(r)).not.toContain("深二农历寿星");
    const mine = r.find((x) => x.refId === sz1Customer && x.kind === "lunar_birthday")!;
    expect(mine).toMatchObject({ dueOn: today, daysUntil: 0, status: "open", href: `/customers/${sz1Customer}` });
    expect(names((await getInbox(o.db, rep2, today)).reminders)).not.toContain("深一农历寿星");
  });

  test("a manager sees their unit's customers and never another unit's", async () => {
    const sz1 = (await getInbox(o.db, sz1m, today)).reminders;
    expect(names(sz1)).toContain("深一农历寿星");
    expect(names(sz1)).not.toContain("深二农历寿星");
    const sz2 = (await getInbox(o.db, sz2m, today)).reminders;
    expect(names(sz2)).toContain("深二农历寿星");
    expect(names(sz2)).not.toContain("深一农历寿星");
    // every business reminder of the sz1 manager belongs to a customer in the sz1 unit tree
    const ids = [...new Set(sz1.map((x) => x.customerId).filter(Boolean))] as string[];
    const rows = await o.db.select({ id: customers.id, unit: customers.orgUnitId }).from(customers);
    const unitOf = new Map(rows.map((x) => [x.id, x.unit]));
    for (const id of ids) expect(sz1m.unitIds).toContain(unitOf.get(id));
  });

  test("the GM sees both; an admin without sales scope sees nothing", async () => {
    const g = (await getInbox(o.db, gm, today)).reminders;
    expect(names(g)).toEqual(expect.arrayContaining(["深一农历寿星", "深二农历寿星"]));
    expect((await getInbox(o.db, admin, today)).reminders).toEqual([]);
  });

  test("the demo rep's day holds every group", async () => {
    const r = (await getInbox(o.db, rep1, today)).reminders;
    expect(r.length).toBeGreaterThan(0);
    expect(new Set(r.map((x) => x.group))).toContain("business");
  });

  test("advance notice comes from app_settings", async () => {
    const c = await addCustomer(rep1, "十天后生日", { solarBirthday: `1990-${addDays(today, 10).slice(5)}` });
    expect((await getInbox(o.db, rep1, today)).reminders.some((x) => x.refId === c)).toBe(false);
    await o.db.insert(appSettings).values({ key: "reminder_advance_days", value: { solar_birthday: 10 } });
    expect((await getInbox(o.db, rep1, today)).reminders.some((x) => x.refId === c && x.kind === "solar_birthday")).toBe(true);
    await o.db.delete(appSettings).where(eq(appSettings.key, "reminder_advance_days"));
  });
});

describe("follow-ups", () => {
  test("a next follow-up shows until the customer is contacted again", async () => {
    const c = await addCustomer(rep1, "跟进测试", {});
    const [comm] = await o.db
      .insert(communications)
      .values({ customerId: c, method: "phone", topic: "报价", contactedAt: new Date(Date.now() - 3 * 86_400_000), nextFollowUp: today, ownerId: rep1.id, orgUnitId: rep1.orgUnitId, authorId: rep1.id })
      .returning();
    const has = async () => (await getInbox(o.db, rep1, today)).reminders.some((x) => x.kind === "follow_up" && x.refId === comm.id);
    expect(await has()).toBe(true);
    expect((await getInbox(o.db, rep2, today)).reminders.some((x) => x.refId === comm.id)).toBe(false);
    await o.db.insert(communications).values({ customerId: c, method: "visit", topic: "拜访", contactedAt: new Date(), ownerId: rep1.id, orgUnitId: rep1.orgUnitId });
    expect(await has()).toBe(false);
  });
});

describe("done and snooze", () => {
  const key = () => reminderKey("lunar_birthday", sz1Customer, today);

  test("done hides it for that viewer only and lowers the badge", async () => {
    const before = await countOpenInbox(o.db, rep1, today);
    const managerBefore = await countOpenInbox(o.db, sz1m, today);
    await setReminderDone(o.db, rep1, key(), today);
    expect(await countOpenInbox(o.db, rep1, today)).toBe(before - 1);
    expect((await readInbox(o.db, rep1, today)).reminders.find((x) => x.dedupeKey === key())!.status).toBe("done");
    expect(await countOpenInbox(o.db, sz1m, today)).toBe(managerBefore);
    // undo
    await setReminderDone(o.db, rep1, key(), today, false);
    expect(await countOpenInbox(o.db, rep1, today)).toBe(before);
  });

  test("snooze until tomorrow; it comes back tomorrow", async () => {
    await snoozeReminder(o.db, rep1, key(), addDays(today, 1), today);
    const r = (await readInbox(o.db, rep1, today)).reminders.find((x) => x.dedupeKey === key())!;
    expect(r).toMatchObject({ status: "snoozed", snoozedUntil: addDays(today, 1) });
    // the computed inbox agrees, and tomorrow it is open again
    expect((await getInbox(o.db, rep1, today)).reminders.find((x) => x.dedupeKey === key())!.status).toBe("snoozed");
    const [row] = await o.db.select().from(reminders).where(and(eq(reminders.ownerId, rep1.id), eq(reminders.dedupeKey, key())));
    expect(row).toMatchObject({ kind: "lunar_birthday", customerId: sz1Customer, refType: "customer", doneAt: null });
  });

  test.each([
    ["today", 0],
    ["the past", -3],
  ])("a snooze into %s is a field error and writes nothing", async (_l, d) => {
    const k = reminderKey("lunar_birthday", sz1Customer, today);
    const before = await o.db.select().from(reminders).where(eq(reminders.ownerId, rep2.id));
    const err = await refused(snoozeReminder(o.db, rep1, k, addDays(today, d), today));
    expect(err).toBeInstanceOf(AppError);
    expect(err.fieldErrors).toEqual({ until: "推迟到的日期必须晚于今天" });
    expect(await o.db.select().from(reminders).where(eq(reminders.ownerId, rep2.id))).toEqual(before);
  });

  test("a reminder outside the viewer's own inbox does not exist: not found, nothing written", async () => {
    const k = reminderKey("lunar_birthday", sz2Customer, today);
    const e1 = await refused(setReminderDone(o.db, sz1m, k, today));
    expect(e1).toBeInstanceOf(AppError);
    expect(e1.code).toBe("NOT_FOUND");
    const e2 = await refused(snoozeReminder(o.db, rep1, k, addDays(today, 2), today));
    expect(e2.code).toBe("NOT_FOUND");
    expect(await o.db.select().from(reminders).where(eq(reminders.dedupeKey, k))).toEqual([]);
    // the inbox holds a person's own work (issue #17): the owner's manager sees the team digest, not the
    // team's birthdays, so the key is not theirs either; the owner may
    const e3 = await refused(setReminderDone(o.db, sz2m, k, today));
    expect(e3.code).toBe("NOT_FOUND");
    await setReminderDone(o.db, sz2rep, k, today);
    expect((await o.db.select().from(reminders).where(eq(reminders.dedupeKey, k))).map((x) => x.ownerId)).toEqual([sz2rep.id]);
  });
});

describe("the SQL prefilter drops no reminder", () => {
  test.each([0, 3, 37, 100, 160, 200, 290, 345])("today + %i days: same reminders with and without it", async (shift) => {
    const { getReminderInputs, getReminderSettings } = await import("@/db/queries/reminders");
    const { computeReminders } = await import("@/lib/reminders");
    const day = addDays(today, shift);
    const s = await getReminderSettings(o.db);
    for (const v of [rep1, sz1m, gm]) {
      const fast = computeReminders(await getReminderInputs(o.db, v, day, s.advance, { touchDays: s.touchDays }), day, s);
      const full = computeReminders(await getReminderInputs(o.db, v, day, s.advance, { touchDays: s.touchDays, prefilter: false }), day, s);
      expect(fast.reminders.map((r) => r.dedupeKey)).toEqual(full.reminders.map((r) => r.dedupeKey));
    }
  });
});
