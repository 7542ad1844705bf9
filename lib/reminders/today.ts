import type { Reminder } from "./engine";
import type { ReminderKind } from "./kinds";

/** The dashboard's groups of today's work (今日任务), in the order a rep works them; each names the reminder kinds it holds. */
export const TASK_GROUPS: { key: "followUps" | "dates" | "touches" | "plans" | "deals"; kinds: ReminderKind[] }[] = [
  { key: "followUps", kinds: ["follow_up"] },
  { key: "dates", kinds: ["solar_birthday", "lunar_birthday", "anniversary", "custom_date"] },
  { key: "touches", kinds: ["forgetting_touch"] },
  { key: "plans", kinds: ["today_task", "plan"] },
  { key: "deals", kinds: ["deal_expected"] },
];

/** What is due today or overdue and still open (the inbox's own order kept). */
export function dueToday(reminders: Reminder[]) {
  return reminders.filter((r) => r.status === "open" && r.daysUntil <= 0);
}
