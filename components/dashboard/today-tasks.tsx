import { CalendarCheck } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ReminderItem } from "@/components/reminders/reminder-item";
import type { Reminder } from "@/lib/reminders/engine";
import { dueToday, TASK_GROUPS } from "@/lib/reminders/today";

/** Shown per group on the dashboard; the rest are one tap away in 提醒. */
const PER_GROUP = 5;

/**
 * 今日任务: the viewer's open reminders due today or overdue, read from the materialised inbox (nothing is
 * recomputed here), grouped — follow-ups, birthdays and anniversaries (lunar included), forgetting-curve
 * touches, plans and to-dos, deals expected — each item done or snoozed in one tap.
 */
export async function TodayTasks({ reminders, today }: { reminders: Reminder[]; today: string }) {
  const [t, tr] = await Promise.all([getTranslations("home"), getTranslations("reminders")]);
  const due = dueToday(reminders);
  const overdue = due.filter((r) => r.daysUntil < 0).length;
  return (
    <section className="card p-4" aria-labelledby="today-title" data-testid="today-tasks">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="today-title" className="flex items-center gap-2 text-lg font-semibold">
          <CalendarCheck aria-hidden className="size-5 text-brand-600" />
          {t("todayTitle", { count: due.length })}
        </h2>
        <Link href="/reminders" className="text-sm text-brand-700 hover:underline">
          {t("allReminders")}
        </Link>
      </div>
      {overdue > 0 && <p className="mb-2 text-sm font-medium text-red-700">{t("overdue", { count: overdue })}</p>}
      {due.length === 0 ? (
        <p className="py-4 text-center text-sm text-slate-600">{t("nothingToday")}</p>
      ) : (
        <div className="space-y-3">
          {TASK_GROUPS.map((g) => {
            const items = due.filter((r) => g.kinds.includes(r.kind));
            if (!items.length) return null;
            const late = items.filter((r) => r.daysUntil < 0).length;
            return (
              <section key={g.key} aria-labelledby={`today-${g.key}`} data-group={g.key}>
                <h3 id={`today-${g.key}`} className="text-sm font-semibold text-slate-700">
                  {t(`groups.${g.key}`)} <span className="tabular-nums">{items.length}</span>
                  {late > 0 && <span className="ml-2 text-red-700">{t("lateCount", { count: late })}</span>}
                </h3>
                <ul className="divide-y divide-slate-100">
                  {items.slice(0, PER_GROUP).map((r) => (
                    <ReminderItem key={r.dedupeKey} r={r} t={tr} today={today} />
                  ))}
                </ul>
                {items.length > PER_GROUP && (
                  <Link href="/reminders" className="text-sm text-brand-700 hover:underline">
                    {t("more", { count: items.length - PER_GROUP })}
                  </Link>
                )}
              </section>
            );
          })}
        </div>
      )}
    </section>
  );
}
