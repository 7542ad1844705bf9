import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OpenedDb } from "@/db/client";
import { createCommunication } from "@/db/queries/communications";
import { reassignCustomers } from "@/db/queries/customer-assignment";
import { createCustomer, deleteCustomer, restoreCustomer, updateCustomer } from "@/db/queries/customers";
import { createDeal, getProcesses, updateDeal } from "@/db/queries/deals";
import { saveReminderSettings } from "@/db/queries/forgetting";
import { countOpenInbox, ensureFresh, ownWork, readInbox, readInboxPage, rollOverInboxes, setReminderDone, snoozeReminder, teamDigest } from "@/db/queries/reminder-inbox";
import { getInbox, getReminderSettings } from "@/db/queries/reminders";
import { createPlan, submitForReview } from "@/db/queries/plans";
import { createTodo } from "@/db/queries/todos";
import { customerDates, customers, deals, plans, reminderItems, reminderOwners, todos } from "@/db/schema";
import { addDays, today as todayIn } from "@/lib/dates";
import { solarToLunar } from "@/lib/lunar";
import { communicationInputSchema } from "@/lib/validation/communication";
import { customerInputSchema } from "@/lib/validation/customer";
import { REMINDER_KINDS } from "@/lib/reminders/kinds";
import { dealEditSchema, dealInputSchema } from "@/lib/validation/deal";
import { planInputSchema } from "@/lib/validation/plans";
import { todoInputSchema } from "@/lib/validation/todos";
import type { Viewer } from "@/lib/viewer";
import { demoViewers, freshDb, viewerFor } from "./helpers";

// The materialised inbox (db/queries/reminder-inbox.ts, migration 0011) must equal what the engine computes
// from the person's own work — after every kind of write, whoever writes, and after the day rolls over.

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, manager: Viewer, gm: Viewer, sz2Rep: Viewer, admin: Viewer;
const today = todayIn();
const input = (v: Record<string, unknown>) => customerInputSchema.parse(v);

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, manager, , gm] = await demoViewers(o.db);
  [sz2Rep, admin] = await Promise.all(["sz2.rep1@demo.cn", "admin@demo.cn"].map((e) => viewerFor(o.db, e)));
});
afterAll(async () => o?.close());

/** Whether the person's inbox is marked stale (the triggers' work), without reading it. */
async function isStale(v: Viewer, day = today) {
  const [r] = await o.db.select().from(reminderOwners).where(eq(reminderOwners.ownerId, v.id));
  return !r || r.computedFor !== day || r.freshSeq !== r.staleSeq;
}

/** Materialised = computed from the person's own work, the badge included. */
async function expectAgrees(v: Viewer, day = today) {
  const materialised = await readInbox(o.db, v, day);
  const computed = await getInbox(o.db, ownWork(v.id), day);
  expect(materialised.reminders).toEqual(computed.reminders);
  expect(materialised.issues).toEqual(computed.issues);
  expect(await countOpenInbox(o.db, v, day)).toBe(computed.reminders.filter((r) => r.status === "open").length);
  expect(await isStale(v, day)).toBe(false);
  return materialised.reminders;
}

/** Runs a write, checks it marked exactly the expected people stale, then that their inboxes agree. */
async function afterWrite(people: Viewer[], write: () => Promise<unknown>, untouched: Viewer[] = []) {
  for (const v of [...people, ...untouched]) await expectAgrees(v);
  await write();
  for (const v of people) expect(await isStale(v), `${v.email} marked stale`).toBe(true);
  for (const v of untouched) expect(await isStale(v), `${v.email} left fresh`).toBe(false);
  for (const v of people) await expectAgrees(v);
}

const keysOf = async (v: Viewer) => (await readInbox(o.db, v, today)).reminders.map((r) => r.dedupeKey);

describe("materialised = computed after every kind of write", () => {
  let cust: string;

  test("a new customer with a birthday in the window; an edit; a lunar birthday", async () => {
    await afterWrite(
      [rep1],
      async () => {
        cust = (await createCustomer(o.db, rep1, input({ name: "物化寿星", solarBirthday: `1980-${addDays(today, 2).slice(5)}` }))).id;
      },
      [rep2],
    );
    expect((await keysOf(rep1)).some((k) => k.startsWith(`solar_birthday:${cust}:`))).toBe(true);
    const l = solarToLunar(addDays(today, 1));
    await afterWrite([rep1], () =>
      updateCustomer(o.db, rep1, cust, input({ name: "物化寿星改", lunarBirthMonth: String(l.month), lunarBirthDay: String(l.day), lunarBirthLeap: l.leap ? "on" : undefined })),
    );
    const mine = (await readInbox(o.db, rep1, today)).reminders.filter((r) => r.customerId === cust);
    expect(mine.map((r) => r.kind)).toEqual(["lunar_birthday"]);
    expect(mine[0].title).toBe("物化寿星改");
  });

  test("an important date (重要日子), written directly as an import would", async () => {
    await afterWrite([rep1], () =>
      o.db.insert(customerDates).values({ customerId: cust, label: "公司周年", date: addDays(today, 1), recurring: false, createdBy: rep1.id, updatedBy: rep1.id }),
    );
    expect((await readInbox(o.db, rep1, today)).reminders.some((r) => r.kind === "custom_date" && r.customerId === cust)).toBe(true);
    await afterWrite([rep1], () => o.db.update(customerDates).set({ deletedAt: new Date() }).where(eq(customerDates.customerId, cust)));
  });

  test("a communication with a follow-up: the follow-up and the forgetting curve follow", async () => {
    await afterWrite(
      [rep1],
      () =>
        createCommunication(
          o.db,
          rep1,
          communicationInputSchema.parse({ customerId: cust, method: "visit", topic: "物化拜访", contactedAt: `${addDays(today, -3)}T09:00`, nextFollowUp: addDays(today, -1) }),
        ),
      [rep2],
    );
    const fu = (await readInbox(o.db, rep1, today)).reminders.find((r) => r.kind === "follow_up" && r.customerId === cust);
    expect(fu).toMatchObject({ daysUntil: -1, detail: { type: "follow_up", topic: "物化拜访" } });
    // the topic is edited where no app function does it (psql, a sync): still caught
    await afterWrite([rep1], () => o.db.execute(sql`update communications set topic = '改过的主题' where customer_id = ${cust}`));
    expect((await readInbox(o.db, rep1, today)).reminders.find((r) => r.kind === "follow_up" && r.customerId === cust)?.detail).toEqual({ type: "follow_up", topic: "改过的主题" });
  });

  test("a deal expected soon; its date moved; closed", async () => {
    const def = (await getProcesses(o.db)).find((p) => p.isDefault)!;
    let deal = "";
    await afterWrite([rep1], async () => {
      deal = (await createDeal(o.db, rep1, dealInputSchema.parse({ customerId: cust, title: "物化交易", processId: def.id, expectedAmount: "500", expectedDate: addDays(today, 2) }))).id;
    });
    expect((await keysOf(rep1)).includes(`deal_expected:${deal}:${addDays(today, 2)}`)).toBe(true);
    const [d] = await o.db.select().from(deals).where(eq(deals.id, deal));
    await afterWrite([rep1], () =>
      updateDeal(o.db, rep1, dealEditSchema.parse({ dealId: deal, version: d.version, title: "物化交易", expectedAmount: "500", expectedDate: addDays(today, 1) })),
    );
    expect((await keysOf(rep1)).includes(`deal_expected:${deal}:${addDays(today, 1)}`)).toBe(true);
    await afterWrite([rep1], () => o.db.update(deals).set({ status: "won", closedOn: today }).where(eq(deals.id, deal)));
    expect((await keysOf(rep1)).some((k) => k.startsWith(`deal_expected:${deal}:`))).toBe(false);
  });

  test("a to-do due today, then done; a plan, then submitted for review", async () => {
    let todo = "";
    await afterWrite([rep2], async () => {
      todo = (await createTodo(o.db, rep2, todoInputSchema.parse({ title: "物化待办", quadrant: "important_urgent", dueOn: today }))).id;
    }, [rep1]);
    expect((await keysOf(rep2)).includes(`today_task:${todo}:${today}`)).toBe(true);
    await afterWrite([rep2], () => o.db.update(todos).set({ doneAt: new Date() }).where(eq(todos.id, todo)));
    expect((await keysOf(rep2)).includes(`today_task:${todo}:${today}`)).toBe(false);

    let plan = "";
    await afterWrite([rep2], async () => {
      plan = (await createPlan(o.db, rep2, planInputSchema.parse({ subject: "物化计划", period: "week", startDate: addDays(today, 1), endDate: addDays(today, 5) }))).id;
    });
    expect((await keysOf(rep2)).includes(`plan:${plan}:${addDays(today, 1)}`)).toBe(true);
    await afterWrite([rep2], () => submitForReview(o.db, rep2, "plan", plan));
    const row = (await teamDigest(o.db, manager, today)).find((r) => r.userId === rep2.id);
    expect(row?.plansToReview).toBeGreaterThanOrEqual(1);
  });

  test("soft delete and restore of a customer", async () => {
    await afterWrite([rep1], () => deleteCustomer(o.db, rep1, cust));
    expect((await readInbox(o.db, rep1, today)).reminders.some((r) => r.customerId === cust)).toBe(false);
    await afterWrite([rep1], () => restoreCustomer(o.db, rep1, cust));
    expect((await readInbox(o.db, rep1, today)).reminders.some((r) => r.customerId === cust)).toBe(true);
  });

  test("reassignment moves the reminders from the old owner's inbox to the new one's, done state and all", async () => {
    const key = (await readInbox(o.db, rep1, today)).reminders.find((r) => r.customerId === cust)!.dedupeKey;
    await snoozeReminder(o.db, rep1, key, addDays(today, 2), today);
    await afterWrite([rep1, rep2], () => o.db.transaction((tx) => reassignCustomers(tx, manager, [cust], rep2.id)));
    expect((await keysOf(rep1)).includes(key)).toBe(false);
    expect((await keysOf(rep2)).includes(key)).toBe(true);
    // the cascade moves the reminder state with the customer (issue #10): rep2 inherits the snooze
    expect((await readInbox(o.db, rep2, today)).reminders.find((r) => r.dedupeKey === key)?.status).toBe("snoozed");
  });

  test("the reminder settings change everybody's inbox", async () => {
    for (const v of [rep1, rep2, manager, gm]) await expectAgrees(v);
    const s = await getReminderSettings(o.db);
    await saveReminderSettings(o.db, admin.permissions.includes("admin:org") ? admin : gm, { touchDays: s.touchDays, advance: { ...s.advance, solar_birthday: 30, custom_date: 20 } });
    for (const v of [rep1, rep2, manager, gm]) expect(await isStale(v)).toBe(true);
    for (const v of [rep1, rep2, manager, gm, sz2Rep]) await expectAgrees(v);
  });

  test("done and snooze write through to the materialised item and the badge", async () => {
    const open = (await readInbox(o.db, rep2, today)).reminders.filter((r) => r.status === "open");
    expect(open.length).toBeGreaterThan(1);
    const before = await countOpenInbox(o.db, rep2, today);
    await setReminderDone(o.db, rep2, open[0].dedupeKey, today);
    await snoozeReminder(o.db, rep2, open[1].dedupeKey, addDays(today, 1), today);
    expect(await countOpenInbox(o.db, rep2, today)).toBe(before - 2);
    await expectAgrees(rep2);
    const [item] = await o.db
      .select()
      .from(reminderItems)
      .where(and(eq(reminderItems.ownerId, rep2.id), eq(reminderItems.dedupeKey, open[1].dedupeKey)));
    expect(item.snoozedUntil).toBe(addDays(today, 1));
  });
});

describe("the day rolls over", () => {
  test("tomorrow's inbox is recomputed on its first read and equals tomorrow's computation", async () => {
    const tomorrow = addDays(today, 1);
    for (const v of [rep1, rep2, manager, gm]) expect(await isStale(v, tomorrow)).toBe(true);
    for (const v of [rep1, rep2, manager, gm]) await expectAgrees(v, tomorrow);
  });

  test("the roll-over job recomputes every active person once; a second run does nothing", async () => {
    const day = addDays(today, 2);
    const n = await rollOverInboxes(o.db, day);
    expect(n).toBeGreaterThan(5);
    expect(await rollOverInboxes(o.db, day)).toBe(0);
    for (const v of [rep1, rep2, sz2Rep]) {
      expect(await isStale(v, day)).toBe(false);
      await expectAgrees(v, day);
    }
  });

  test("a snooze that ends comes back as open on its day", async () => {
    const r = (await readInbox(o.db, rep2, today)).reminders.find((x) => x.status === "snoozed")!;
    const back = (await readInbox(o.db, rep2, r.snoozedUntil!)).reminders.find((x) => x.dedupeKey === r.dedupeKey);
    if (back) expect(back.status).toBe("open");
    await expectAgrees(rep2, r.snoozedUntil!);
  });
});

describe("a person's inbox is their own work; a manager gets the team digest", () => {
  test("the manager's inbox holds none of the team's customers; the GM's none of the company's", async () => {
    const teamCustomers = new Set((await o.db.select({ id: customers.id }).from(customers).where(sql`${customers.ownerId} <> ${manager.id}`)).map((c) => c.id));
    for (const v of [manager, gm]) {
      const { reminders } = await readInbox(o.db, v, today);
      expect(reminders.filter((r) => r.customerId && teamCustomers.has(r.customerId) && !(r.kind === "deal_expected"))).toEqual([]);
    }
  });

  test("the digest counts each team member's overdue follow-ups and plans to review, inside the manager's scope only", async () => {
    await createCommunication(
      o.db,
      sz2Rep,
      communicationInputSchema.parse({
        customerId: (await createCustomer(o.db, sz2Rep, input({ name: "深二逾期" }))).id,
        method: "phone",
        topic: "逾期跟进",
        contactedAt: `${addDays(today, -5)}T10:00`,
        nextFollowUp: addDays(today, -2),
      }),
    );
    const sz1 = await teamDigest(o.db, manager, today);
    expect(sz1.some((r) => r.userId === sz2Rep.id)).toBe(false);
    expect(sz1.every((r) => r.userId !== manager.id)).toBe(true);
    const all = await teamDigest(o.db, gm, today);
    const row = all.find((r) => r.userId === sz2Rep.id)!;
    const computed = (await getInbox(o.db, ownWork(sz2Rep.id), today)).reminders.filter((r) => r.kind === "follow_up" && r.daysUntil < 0 && r.status === "open");
    expect(row.overdueFollowUps).toBe(computed.length);
    expect(row.overdueFollowUps).toBeGreaterThanOrEqual(1);
    const submitted = await o.db.select().from(plans).where(and(eq(plans.ownerId, rep2.id), eq(plans.reviewStatus, "submitted")));
    expect(all.find((r) => r.userId === rep2.id)?.plansToReview).toBe(submitted.length);
    // a rep has no team
    expect(await teamDigest(o.db, rep1, today)).toEqual([]);
  });

  test("ensureFresh only recomputes what is stale", async () => {
    await readInbox(o.db, rep1, today);
    expect(await ensureFresh(o.db, [rep1.id], today)).toBe(0);
    await o.db.update(customers).set({ name: "只改名" }).where(eq(customers.ownerId, rep1.id));
    expect(await ensureFresh(o.db, [rep1.id, rep2.id], today)).toBe(1);
  });
});

describe("the inbox page reads a bounded part of the inbox", () => {
  test("the overview holds the first items of each kind; the pages of a kind, joined, are all of it; the counts are exact", async () => {
    // enough follow-ups (one per customer: the latest communication's) to need several pages of 3
    for (let i = 0; i < 7; i++)
      await createCommunication(
        o.db,
        rep2,
        communicationInputSchema.parse({ customerId: (await createCustomer(o.db, rep2, input({ name: `分页跟进客户${i}` }))).id, method: "phone", topic: `分页跟进${i}`, contactedAt: `${addDays(today, -1)}T10:0${i}`, nextFollowUp: addDays(today, i % 3) }),
      );
    for (const handled of [false, true]) {
      const all = (await readInbox(o.db, rep2, today)).reminders.filter((r) => handled || r.status === "open");
      const overview = await readInboxPage(o.db, rep2, today, { limit: 3, handled });
      for (const k of REMINDER_KINDS) {
        const ofKind = all.filter((r) => r.kind === k);
        expect(overview.reminders.filter((r) => r.kind === k), k).toEqual(ofKind.slice(0, 3));
        const open = ofKind.filter((r) => r.status === "open").length;
        expect(overview.counts[k]?.open ?? 0, k).toBe(open);
        if (handled) expect((overview.counts[k]?.open ?? 0) + (overview.counts[k]?.handled ?? 0), k).toBe(ofKind.length);
        const paged = [];
        let after: number | undefined;
        for (let guard = 0; guard < 100; guard++) {
          const p = await readInboxPage(o.db, rep2, today, { kind: k, limit: 3, after, handled });
          expect(p.reminders.length).toBeLessThanOrEqual(3);
          expect(p.reminders.every((r) => r.kind === k)).toBe(true);
          paged.push(...p.reminders);
          if (p.nextAfter === null) break;
          after = p.nextAfter;
        }
        expect(paged, k).toEqual(ofKind);
      }
      // the overview keeps the engine's order across kinds
      expect(overview.reminders).toEqual(all.filter((r) => overview.reminders.some((x) => x.dedupeKey === r.dedupeKey)));
    }
    expect((await readInboxPage(o.db, rep2, today, { kind: "follow_up", limit: 3 })).nextAfter).not.toBeNull();
  });
});
