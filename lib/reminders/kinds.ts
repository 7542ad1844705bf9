/**
 * 提醒种类: the one definition. The database enum (db/schema/time.ts), the settings schema and the engine
 * derive from it; labels are messages reminders.kinds.<kind>. The order is the order shown.
 */
export const REMINDER_KINDS = [
  "today_task",
  "plan",
  "solar_birthday",
  "lunar_birthday",
  "anniversary",
  "custom_date",
  "follow_up",
  "deal_expected",
  "forgetting_touch",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
