import clsx from "clsx";
import Link from "next/link";
import type { getTranslations } from "next-intl/server";
import { GreetingDecision } from "@/components/marketing/greeting-decision";
import { ReminderActions } from "@/components/reminders/reminder-actions";
import type { Reminder } from "@/lib/reminders/engine";
import { moduleFor } from "@/lib/modules";
import type { Locale } from "@/i18n/config";
import { lunarDateLabel } from "@/lib/lunar-labels";

type T = Awaited<ReturnType<typeof getTranslations<"reminders">>>;

export function whenLabel(t: T, days: number) {
  if (days === 0) return t("when.today");
  if (days === 1) return t("when.tomorrow");
  if (days > 1) return t("when.inDays", { days });
  return t("when.overdue", { days: -days });
}

function detailLabel(t: T, r: Reminder, locale: Locale) {
  const d = r.detail;
  switch (d.type) {
    case "lunar": {
      // rows written before month/day/leap were kept carry only the Chinese label
      const lunar = d.month && d.day ? lunarDateLabel({ month: d.month, day: d.day, leap: !!d.leap }, locale) : d.lunar;
      return d.age ? t("detail.lunarAge", { lunar, age: d.age }) : t("detail.lunar", { lunar });
    }
    case "birthday":
      return d.age ? t("detail.age", { age: d.age }) : t("kinds.solar_birthday");
    case "anniversary":
      return d.years ? t("detail.years", { years: d.years }) : t("kinds.anniversary");
    case "custom":
      return t("detail.custom", { label: d.label });
    case "follow_up":
      return t("detail.followUp", { topic: d.topic });
    case "deal":
      return r.customerName ?? "";
    case "touch":
      return t("detail.touch", { retention: Math.round(d.retention * 100), touches: d.touches });
    case "todo":
      return t("detail.todo");
    case "greeting":
      return t("detail.greeting", { channel: d.channel === "sms" ? t("detail.greetingSms") : t("detail.greetingEmail"), total: d.total });
    case "plan":
      return d.phase === "starts" ? t("detail.planStarts", { start: d.startDate }) : d.phase === "ends" ? t("detail.planEnds", { end: d.endDate }) : t("detail.planDue", { end: d.endDate });
  }
}

/** The reminder's own page, or its customer's while that module is not built yet. */
function linkFor(r: Reminder) {
  if (moduleFor(r.href.split(/[?#]/)[0])?.built) return r.href;
  return r.customerId ? `/customers/${r.customerId}` : r.href;
}

export function ReminderItem({ r, t, today, locale = "zh-CN" }: { r: Reminder; t: T; today: string; locale?: Locale }) {
  const when = whenLabel(t, r.daysUntil);
  return (
    <li className={clsx("flex flex-col gap-3 py-3 sm:flex-row sm:items-start sm:justify-between", r.status !== "open" && "opacity-60")} data-kind={r.kind}>
      <div className="flex min-w-0 gap-3">
        <span
          className={clsx(
            "chip mt-0.5 shrink-0 tabular-nums",
            r.daysUntil < 0 ? "bg-red-50 text-red-700" : r.daysUntil === 0 ? "bg-amber-50 text-amber-800" : "bg-slate-100 text-slate-600",
          )}
          title={r.dueOn}
        >
          {when}
        </span>
        <div className="min-w-0">
          <Link href={linkFor(r)} prefetch={false} className="font-medium text-brand-700 hover:underline">
            {r.title}
          </Link>
          <p className="text-sm text-slate-600">
            {detailLabel(t, r, locale)}
            <span className="text-slate-400">
              {" · "}
              <time dateTime={r.dueOn}>{r.dueOn}</time>
            </span>
          </p>
          {r.status === "snoozed" && r.snoozedUntil && <p className="text-xs text-slate-500">{t("snoozedUntil", { date: r.snoozedUntil })}</p>}
          {r.status === "done" && <p className="text-xs text-emerald-700">{t("statusDone")}</p>}
        </div>
      </div>
      {r.kind === "greeting_approval" ? (
        <GreetingDecision id={r.refId} label={r.title} />
      ) : (
        <ReminderActions dedupeKey={r.dedupeKey} status={r.status} today={today} label={`${r.title} ${t(`kinds.${r.kind}`)}`} />
      )}
    </li>
  );
}

