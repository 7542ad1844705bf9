import { and, eq, gte, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appSettings, campaigns, communications, customerDates, customers, deals, plans, reminders, todos } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { DEFAULT_TOUCH_DAYS, REPEAT_EVERY_DAYS } from "@/lib/forgetting-curve";
import { solarToLunar } from "@/lib/lunar";
import { addDays, isLeapYear } from "@/lib/dates";
import {
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
import { alias } from "drizzle-orm/pg-core";
import { andScope, scopeWhere } from "./scope";
import { dateInCompanyTz } from "./dates";

export const ADVANCE_DAYS_KEY = "reminder_advance_days";
export const TOUCH_DAYS_KEY = "forgetting_curve_days";

/** Reminder settings kept in app_settings (admin-editable), with the engine's defaults. */
export async function getReminderSettings(db: Db): Promise<{ advance: AdvanceDays; touchDays: number[] }> {
  const rows = await db.select().from(appSettings).where(sql`${appSettings.key} in (${ADVANCE_DAYS_KEY}, ${TOUCH_DAYS_KEY})`);
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  return { advance: { ...DEFAULT_ADVANCE_DAYS, ...parseAdvanceDays(get(ADVANCE_DAYS_KEY)) }, touchDays: parseTouchDays(get(TOUCH_DAYS_KEY)) ?? DEFAULT_TOUCH_DAYS };
}

const chinaDate = dateInCompanyTz;

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
  const fu = alias(communications, "fu");
  const touches = { n: customers.contactCount, last: chinaDate(customers.lastContactAt) };

  const [cs, ds, dl, ts, ps, st, gs] = await Promise.all([
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
        followUpOn: sql<string | null>`${customers.followUpOn}::text`,
        followUpId: customers.followUpId,
        // the open follow-up's topic, read by primary key only when it falls in the window, and only
        // when that communication is itself in the viewer's scope
        followUpTopic: sql<string | null>`case when ${customers.followUpOn} between ${oldest}::date and ${horizon}::date then
          (select fu.topic from communications fu where fu.id = customers.follow_up_id and fu.deleted_at is null and ${scopeWhere(viewer, fu)}) end`,
      })
      .from(customers)
      .where(andScope(viewer, customers, isNull(customers.deletedAt), opts.prefilter === false ? undefined : candidateFilter(today, advance))),
    db
      .select({ id: customerDates.id, customerId: customerDates.customerId, customerName: customers.name, label: customerDates.label, date: customerDates.date, recurring: customerDates.recurring })
      .from(customerDates)
      .innerJoin(customers, eq(customers.id, customerDates.customerId))
      .where(andScope(viewer, customers, isNull(customers.deletedAt), isNull(customerDates.deletedAt), customDateWindow(today, advance.custom_date))),
    // deals in their window, then their customers by primary key (both under scope): a join here made the
    // planner hash the whole customer table of a 20,000-customer scope for ~1,500 names
    (async () => {
      const rows = await db
        .select({ id: deals.id, customerId: deals.customerId, title: deals.title, expectedDate: sql<string>`${deals.expectedDate}` })
        .from(deals)
        .where(andScope(viewer, deals, isNull(deals.deletedAt), eq(deals.status, "open"), gte(deals.expectedDate, oldest), lte(deals.expectedDate, horizon)));
      const names = await customerNames(db, viewer, rows.map((r) => r.customerId));
      return rows.filter((r) => names.has(r.customerId)).map((r) => ({ ...r, customerName: names.get(r.customerId)! }));
    })(),
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
    // 待确认的问候: the viewer's own automatic greetings held for approval (only the sender may decide)
    db
      .select({ id: campaigns.id, name: campaigns.name, channel: campaigns.channel, total: campaigns.total, preparedOn: sql<string>`${chinaDate(campaigns.createdAt)}` })
      .from(campaigns)
      .where(and(eq(campaigns.ownerId, viewer.id), eq(campaigns.status, "paused")))
      .limit(100),
  ]);
  // follow-ups: the customer row names its open one (customers.follow_up_on / follow_up_id, kept by the
  // communications trigger), with its topic when that communication is visible
  const fs = cs
    .filter((c) => c.followUpTopic !== null && c.followUpId && c.followUpOn)
    .map((c) => ({ id: c.followUpId!, customerId: c.id, customerName: c.name, topic: c.followUpTopic!, nextFollowUp: c.followUpOn! }));
  return { customers: cs, customDates: ds, followUps: fs, deals: dl, todos: ts.map((t) => ({ ...t, done: false })), plans: ps, states: st, greetings: gs };
}

/** Names of the live customers among `ids` that the viewer may see. */
async function customerNames(db: Db, viewer: Viewer, ids: string[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map<string, string>();
  const rows = await db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(andScope(viewer, customers, sql`${customers.id} = any(${sql.param(unique)}::uuid[])`, isNull(customers.deletedAt)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Month-day as MMDD, the expression the customers_*_md_idx indexes (migration 0005) are built on. */
const monthDay = (col: unknown) => sql`((extract(month from ${col}))::int * 100 + (extract(day from ${col}))::int)`;

/** MMDD of each day from today to today + adv; 29 Feb joins 28 Feb in common years (nextSolarOccurrence's rule). */
function monthDaysAhead(today: string, adv: number) {
  const out = new Set<number>();
  for (let i = 0; i <= adv; i++) {
    const d = addDays(today, i);
    const md = Number(d.slice(5, 7)) * 100 + Number(d.slice(8, 10));
    out.add(md);
    if (md === 228 && !isLeapYear(Number(d.slice(0, 4)))) out.add(229);
  }
  return [...out];
}

/** Custom dates that can fall in their advance window: yearly ones by month-day, one-off ones by date. */
function customDateWindow(today: string, adv: number) {
  return sql`((${customerDates.recurring} and ${monthDay(customerDates.date)} = any(${sql.param(monthDaysAhead(today, adv))}::int[]))
    or (not ${customerDates.recurring} and ${customerDates.date} between ${today}::date and ${addDays(today, adv)}::date))`;
}

/**
 * Which customers can yield a reminder in the window, decided in SQL on indexed expressions (migration
 * 0005) so a 20,000-customer scope does not travel to the engine: birthday/anniversary month-days in the
 * window, lunar (month, day) pairs of the window's days (plus 三十 where the 29th is the month's last day;
 * leap flag left to the engine), and the forgetting curve's next touch (customers.next_touch_on, kept by
 * trigger with the same rule as lib/reminders/forgetting.ts), a day wider on each side.
 * Over-inclusion is harmless (the engine decides exactly); a test compares it with no prefilter.
 */
function candidateFilter(today: string, advance: AdvanceDays) {
  const lunarKeys = new Set<number>();
  for (let i = 0; i <= advance.lunar_birthday; i++) {
    const l = solarToLunar(addDays(today, i));
    lunarKeys.add(l.month * 100 + l.day);
    if (l.day === 29) lunarKeys.add(l.month * 100 + 30);
  }
  return sql`(
    (${customers.solarBirthday} is not null and ${monthDay(customers.solarBirthday)} = any(${sql.param(monthDaysAhead(today, advance.solar_birthday))}::int[]))
    or (${customers.weddingAnniversary} is not null and ${monthDay(customers.weddingAnniversary)} = any(${sql.param(monthDaysAhead(today, advance.anniversary))}::int[]))
    or (${customers.lunarBirthMonth} is not null and (${customers.lunarBirthMonth} * 100 + ${customers.lunarBirthDay}) = any(${sql.param([...lunarKeys])}::int[]))
    or ${customers.followUpOn} between ${addDays(today, -OVERDUE_WINDOW_DAYS)}::date and ${addDays(today, advance.follow_up)}::date
    or ${customers.nextTouchOn} between ${addDays(today, -OVERDUE_WINDOW_DAYS - 1)}::date and ${addDays(today, advance.forgetting_touch + 1)}::date
  )`;
}

/**
 * The reminders the engine computes for `today` from everything in the viewer's data scope (open, snoozed
 * and done), plus data problems found on the way. The inbox people see is this computed over their own
 * work and materialised (db/queries/reminder-inbox.ts); this is its definition, and what tests compare
 * the materialised inbox with.
 */
export async function getInbox(db: Db, viewer: Viewer, today: string) {
  if (viewer.dataScope === "none") return { reminders: [] as Reminder[], issues: [] };
  const settings = await getReminderSettings(db);
  const inputs = await getReminderInputs(db, viewer, today, settings.advance, { touchDays: settings.touchDays });
  return computeReminders(inputs, today, settings);
}
