import { and, eq, gte, isNotNull, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appSettings, communications, customerDates, customers, deals, plans, reminders, todos } from "@/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { DEFAULT_TOUCH_DAYS, REPEAT_EVERY_DAYS } from "@/lib/forgetting-curve";
import { solarToLunar } from "@/lib/lunar";
import {
  addDays,
  isLeapYear,
  computeReminders,
  DEFAULT_ADVANCE_DAYS,
  OVERDUE_WINDOW_DAYS,
  parseAdvanceDays,
  parseTouchDays,
  type AdvanceDays,
  type Reminder,
  type ReminderInputs,
} from "@/lib/reminders";
import type { Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { andScope, scopeWhere } from "./scope";

export const ADVANCE_DAYS_KEY = "reminder_advance_days";
export const TOUCH_DAYS_KEY = "forgetting_curve_days";

/** Reminder settings kept in app_settings (admin-editable), with the engine's defaults. */
export async function getReminderSettings(db: Db): Promise<{ advance: AdvanceDays; touchDays: number[] }> {
  const rows = await db.select().from(appSettings).where(sql`${appSettings.key} in (${ADVANCE_DAYS_KEY}, ${TOUCH_DAYS_KEY})`);
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  return { advance: { ...DEFAULT_ADVANCE_DAYS, ...parseAdvanceDays(get(ADVANCE_DAYS_KEY)) }, touchDays: parseTouchDays(get(TOUCH_DAYS_KEY)) ?? DEFAULT_TOUCH_DAYS };
}

const chinaDate = (col: unknown) => sql<string>`((${col}) at time zone 'Asia/Shanghai')::date::text`;

/**
 * Everything the engine needs for one viewer, read under the viewer's data scope: business reminders
 * come from the customers, follow-ups and deals the viewer may see; today's tasks and plan reminders
 * from the viewer's own to-dos and plans; done/snooze state from the viewer's own reminder rows.
 */
export async function getReminderInputs(
  db: Db,
  viewer: Viewer,
  today: string,
  advance: AdvanceDays,
  opts: { touchDays?: number[]; prefilter?: boolean } = {},
): Promise<ReminderInputs> {
  const touchDays = opts.touchDays ?? DEFAULT_TOUCH_DAYS;
  const maxAdv = Math.max(...Object.values(advance));
  const horizon = addDays(today, maxAdv);
  const oldest = addDays(today, -OVERDUE_WINDOW_DAYS);
  // touches on the forgetting curve: kept on the customer row by the communications trigger (migration 0003)
  const touches = { n: customers.contactCount, last: chinaDate(customers.lastContactAt) };

  const [cs, ds, fs, dl, ts, ps, st] = await Promise.all([
    db
      .select({
        id: customers.id,
        name: customers.name,
        solarBirthday: customers.solarBirthday,
        lunarBirthYear: customers.lunarBirthYear,
        lunarBirthMonth: customers.lunarBirthMonth,
        lunarBirthDay: customers.lunarBirthDay,
        lunarBirthLeap: customers.lunarBirthLeap,
        weddingAnniversary: customers.weddingAnniversary,
        // the curve starts at 认识日期, or the day the profile was created when that is blank
        metOn: sql<string>`coalesce(${customers.metOn}::text, ${chinaDate(customers.createdAt)})`,
        touches: sql<number>`${touches.n}`.mapWith(Number),
        lastTouchOn: sql<string | null>`${touches.last}`,
      })
      .from(customers)
      .where(andScope(viewer, customers, isNull(customers.deletedAt), opts.prefilter === false ? undefined : candidateFilter(today, advance, touchDays, touches))),
    db
      .select({ id: customerDates.id, customerId: customerDates.customerId, customerName: customers.name, label: customerDates.label, date: customerDates.date, recurring: customerDates.recurring })
      .from(customerDates)
      .innerJoin(customers, eq(customers.id, customerDates.customerId))
      .where(andScope(viewer, customers, isNull(customers.deletedAt), isNull(customerDates.deletedAt))),
    db
      .select({ id: communications.id, customerId: communications.customerId, customerName: customers.name, topic: communications.topic, nextFollowUp: sql<string>`${communications.nextFollowUp}` })
      .from(communications)
      .innerJoin(customers, eq(customers.id, communications.customerId))
      .where(
        andScope(
          viewer,
          communications,
          scopeWhere(viewer, customers),
          isNull(communications.deletedAt),
          isNull(customers.deletedAt),
          gte(communications.nextFollowUp, oldest),
          lte(communications.nextFollowUp, horizon),
          // a follow-up is settled once the customer was contacted again after it was written
          sql`not exists (select 1 from communications later where later.customer_id = ${communications.customerId} and later.contacted_at > ${communications.contactedAt} and later.deleted_at is null)`,
        ),
      ),
    db
      .select({ id: deals.id, customerId: deals.customerId, customerName: customers.name, title: deals.title, expectedDate: sql<string>`${deals.expectedDate}` })
      .from(deals)
      .innerJoin(customers, eq(customers.id, deals.customerId))
      .where(
        andScope(viewer, deals, scopeWhere(viewer, customers), isNull(deals.deletedAt), isNull(customers.deletedAt), eq(deals.status, "open"), gte(deals.expectedDate, oldest), lte(deals.expectedDate, horizon)),
      ),
    db
      .select({ id: todos.id, title: todos.title, dueOn: todos.dueOn, customerId: todos.customerId })
      .from(todos)
      .where(andScope(viewer, todos, eq(todos.ownerId, viewer.id), isNull(todos.deletedAt), isNull(todos.doneAt), isNotNull(todos.dueOn), lte(todos.dueOn, horizon))),
    db
      .select({ id: plans.id, subject: plans.subject, startDate: plans.startDate, endDate: plans.endDate, completedOn: plans.completedOn })
      .from(plans)
      .where(andScope(viewer, plans, eq(plans.ownerId, viewer.id), isNull(plans.deletedAt), isNull(plans.completedOn), lte(plans.startDate, horizon), gte(plans.endDate, addDays(today, -365)))),
    db
      .select({ dedupeKey: reminders.dedupeKey, doneAt: reminders.doneAt, snoozedUntil: reminders.snoozedUntil })
      .from(reminders)
      .where(and(eq(reminders.ownerId, viewer.id), gte(reminders.dueOn, addDays(oldest, -1)), isNull(reminders.deletedAt))),
  ]);
  return { customers: cs, customDates: ds, followUps: fs, deals: dl, todos: ts.map((t) => ({ ...t, done: false })), plans: ps, states: st };
}

/**
 * Which customers can yield a reminder in the window, decided in SQL so a 20,000-customer scope does not
 * travel to the engine: birthday/anniversary month-days in the window, lunar (month, day) pairs of the
 * window's days (plus 三十 where the 29th is the month's last day; leap flag left to the engine), and the
 * forgetting curve's next touch computed as lib/reminders/forgetting.ts does, a day wider on each side.
 * Over-inclusion is harmless (the engine decides exactly); a test compares it with no prefilter.
 */
function candidateFilter(today: string, advance: AdvanceDays, touchDays: number[], touches: { n: unknown; last: unknown }) {
  const monthDays = (adv: number) => {
    const out = new Set<string>();
    for (let i = 0; i <= adv; i++) {
      const d = addDays(today, i);
      out.add(d.slice(5));
      if (d.slice(5) === "02-28" && !isLeapYear(Number(d.slice(0, 4)))) out.add("02-29");
    }
    return [...out];
  };
  const lunarKeys = new Set<number>();
  for (let i = 0; i <= advance.lunar_birthday; i++) {
    const l = solarToLunar(addDays(today, i));
    lunarKeys.add(l.month * 100 + l.day);
    if (l.day === 29) lunarKeys.add(l.month * 100 + 30);
  }
  const L = touchDays.length;
  const last = touchDays[L - 1];
  const days = sql`${sql.param(touchDays)}::int[]`;
  const n = sql`coalesce(${touches.n}, 0)`;
  const sched = (k: SQL) => sql`(case when ${k} < ${L} then (${days})[${k} + 1] else ${last} + (${k} - ${L} + 1) * ${REPEAT_EVERY_DAYS} end)`;
  const met = sql`coalesce(${customers.metOn}, (${customers.createdAt} at time zone 'Asia/Shanghai')::date)`;
  const lastTouch = sql`greatest(${met}, coalesce((${touches.last})::date, ${met}))`;
  const prev = sql`(case when ${n} = 0 then 0 else ${sched(sql`(${n} - 1)`)} end)`;
  const next = sql`greatest(${met} + ${sched(n)}, ${lastTouch} + (${sched(n)} - ${prev}))`;
  return sql`(
    to_char(${customers.solarBirthday}, 'MM-DD') = any(${sql.param(monthDays(advance.solar_birthday))}::text[])
    or to_char(${customers.weddingAnniversary}, 'MM-DD') = any(${sql.param(monthDays(advance.anniversary))}::text[])
    or (${customers.lunarBirthMonth} * 100 + ${customers.lunarBirthDay}) = any(${sql.param([...lunarKeys])}::int[])
    or ${next} between ${addDays(today, -OVERDUE_WINDOW_DAYS - 1)}::date and ${addDays(today, advance.forgetting_touch + 1)}::date
  )`;
}

/** The viewer's reminders for `today` (open, snoozed and done), plus data problems found on the way. */
export async function getInbox(db: Db, viewer: Viewer, today: string) {
  if (viewer.dataScope === "none") return { reminders: [] as Reminder[], issues: [] };
  const settings = await getReminderSettings(db);
  const inputs = await getReminderInputs(db, viewer, today, settings.advance, { touchDays: settings.touchDays });
  return computeReminders(inputs, today, settings);
}

/** The badge: open reminders due today or earlier, plus those whose advance notice has begun. */
export async function countOpenReminders(db: Db, viewer: Viewer, today: string) {
  const { reminders: r } = await getInbox(db, viewer, today);
  return r.filter((x) => x.status === "open").length;
}

async function findReminder(db: Db, viewer: Viewer, key: string, today: string) {
  // recomputing under scope is the permission check: a key the viewer cannot see does not exist
  const { reminders: r } = await getInbox(db, viewer, today);
  const found = r.find((x) => x.dedupeKey === key);
  if (!found) throw notFound();
  return found;
}

async function upsertState(db: Db, viewer: Viewer, r: Reminder, set: { doneAt: Date | null; snoozedUntil: string | null }) {
  const [row] = await db
    .insert(reminders)
    .values({
      ownerId: viewer.id,
      kind: r.kind,
      dedupeKey: r.dedupeKey,
      title: r.title,
      dueOn: r.dueOn,
      customerId: r.customerId,
      refType: r.refType,
      refId: r.refId,
      createdBy: viewer.id,
      updatedBy: viewer.id,
      ...set,
    })
    .onConflictDoUpdate({
      target: [reminders.ownerId, reminders.dedupeKey],
      set: { ...set, updatedBy: viewer.id, updatedAt: new Date(), version: sql`${reminders.version} + 1`, deletedAt: null },
    })
    .returning();
  return row;
}

/** 完成: marks one occurrence done for this viewer (or undoes it). */
export async function setReminderDone(db: Db, viewer: Viewer, key: string, today: string, done = true) {
  const r = await findReminder(db, viewer, key, today);
  return db.transaction(async (tx) => {
    const row = await upsertState(tx, viewer, r, { doneAt: done ? new Date() : null, snoozedUntil: null });
    await writeAudit(tx, viewer, { action: done ? "reminder_done" : "reminder_reopen", entityType: "reminder", entityId: row.id, after: { key } });
    return row;
  });
}

/** 推迟: hides one occurrence until `until` (a later day than today). */
export async function snoozeReminder(db: Db, viewer: Viewer, key: string, until: string, today: string) {
  if (until <= today) throw new AppError("VALIDATION", "请修正标出的字段", { until: "推迟到的日期必须晚于今天" });
  if (until > addDays(today, 366)) throw new AppError("VALIDATION", "请修正标出的字段", { until: "最多推迟一年" });
  const r = await findReminder(db, viewer, key, today);
  return db.transaction(async (tx) => {
    const row = await upsertState(tx, viewer, r, { doneAt: null, snoozedUntil: until });
    await writeAudit(tx, viewer, { action: "reminder_snooze", entityType: "reminder", entityId: row.id, after: { key, until } });
    return row;
  });
}
