/**
 * 提醒种类: the one definition. The database enum (db/schema/time.ts), the settings schema and the engine
 * derive from it; labels are messages reminders.kinds.<kind>. The order is the order shown.
 */
export const REMINDER_KINDS = [
  "today_task",
  "plan",
  "greeting_approval",
  "solar_birthday",
  "lunar_birthday",
  "anniversary",
  "custom_date",
  "follow_up",
  "deal_expected",
  "forgetting_touch",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * The kinds with an advance notice (提前提醒天数, set by an admin). A greeting waiting for approval is not an
 * event ahead: it is in the inbox from the day it was prepared until its sender sends or skips it.
 */
export const ADVANCE_KINDS = REMINDER_KINDS.filter((k) => k !== "greeting_approval");
