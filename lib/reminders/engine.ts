import { formatLunar } from "@/lib/lunar";
import { DEFAULT_TOUCH_DAYS } from "@/lib/forgetting-curve";
import { addDays, daysBetween } from "@/lib/dates";
import { nextSolarOccurrence } from "./dates";
import { ADVANCE_KINDS, REMINDER_KINDS, type ReminderKind } from "./kinds";
import { forgettingState } from "./forgetting";
import { LunarDateError, nextLunarBirthday } from "./lunar-birthday";


/** 今日任务 / 计划提醒 / 商务提醒. */
export type ReminderGroup = "today" | "plan" | "business";
export const REMINDER_GROUPS: ReminderGroup[] = ["today", "plan", "business"];

export function groupOf(kind: ReminderKind): ReminderGroup {
  return kind === "today_task" ? "today" : kind === "plan" ? "plan" : "business";
}

/** Days of notice before the event, per kind (提前提醒天数). */
export type AdvanceDays = Record<ReminderKind, number>;
export const DEFAULT_ADVANCE_DAYS: AdvanceDays = {
  today_task: 0,
  plan: 1,
  greeting_approval: 0,
  solar_birthday: 7,
  lunar_birthday: 7,
  anniversary: 7,
  custom_date: 3,
  follow_up: 1,
  deal_expected: 3,
  forgetting_touch: 0,
};
/** How long a missed follow-up / deal date / touch stays in the inbox before it is only in the lists. */
export const OVERDUE_WINDOW_DAYS = 30;

// ---------------------------------------------------------------- inputs (already scoped by the caller)

export type CustomerInput = {
  id: string;
  name: string;
  solarBirthday: string | null;
  lunarBirthYear: number | null;
  lunarBirthMonth: number | null;
  lunarBirthDay: number | null;
  lunarBirthLeap: boolean;
  weddingAnniversary: string | null;
  /** First meeting; the forgetting curve starts here (null: no curve). */
  metOn: string | null;
  touches: number;
  lastTouchOn: string | null;
};
export type CustomDateInput = { id: string; customerId: string; customerName: string; label: string; date: string; recurring: boolean };
export type FollowUpInput = { id: string; customerId: string; customerName: string; topic: string; nextFollowUp: string };
export type DealInput = { id: string; customerId: string; customerName: string; title: string; expectedDate: string };
export type TodoInput = { id: string; title: string; dueOn: string | null; customerId: string | null; done: boolean };
export type PlanInput = { id: string; subject: string; startDate: string; endDate: string; completedOn: string | null };
/** 待确认的问候: an automatic greeting held for its sender's approval (a paused campaign of their own). */
export type GreetingApprovalInput = { id: string; name: string; channel: "sms" | "email"; total: number; preparedOn: string };
export type ReminderStateInput = { dedupeKey: string; doneAt: Date | string | null; snoozedUntil: string | null };

export type ReminderInputs = {
  customers: CustomerInput[];
  customDates: CustomDateInput[];
  followUps: FollowUpInput[];
  deals: DealInput[];
  todos: TodoInput[];
  plans: PlanInput[];
  states: ReminderStateInput[];
  greetings?: GreetingApprovalInput[];
};

export type ReminderOptions = { advance?: Partial<AdvanceDays>; touchDays?: number[] };

// ---------------------------------------------------------------- output

export type Reminder = {
  kind: ReminderKind;
  group: ReminderGroup;
  /** Stable per occurrence: `${kind}:${refId}:${date}`; done/snooze state is stored under it. */
  dedupeKey: string;
  title: string;
  /** Extra words for the line: the lunar date, the age, the retention… (language-neutral data). */
  detail: ReminderDetail;
  dueOn: string;
  /** dueOn − today: negative when overdue. */
  daysUntil: number;
  customerId: string | null;
  customerName: string | null;
  refType: "customer" | "customer_date" | "communication" | "deal" | "todo" | "plan" | "campaign";
  refId: string;
  href: string;
  status: "open" | "done" | "snoozed";
  snoozedUntil: string | null;
};

export type ReminderDetail =
  // lunar: the Chinese label (the e-mail digest is Chinese); month/day/leap let a page word it in its language
  | { type: "lunar"; lunar: string; age: number | null; month?: number; day?: number; leap?: boolean }
  | { type: "birthday"; age: number | null }
  | { type: "anniversary"; years: number | null }
  | { type: "custom"; label: string }
  | { type: "follow_up"; topic: string }
  | { type: "deal"; title: string }
  | { type: "touch"; retention: number; touches: number }
  | { type: "todo" }
  | { type: "plan"; phase: "starts" | "ends" | "due"; startDate: string; endDate: string }
  | { type: "greeting"; channel: "sms" | "email"; total: number };

export type ReminderIssue = { customerId: string; customerName: string; message: string };

export type ReminderResult = { reminders: Reminder[]; issues: ReminderIssue[] };

const KIND_ORDER = Object.fromEntries(REMINDER_KINDS.map((k, i) => [k, i])) as Record<ReminderKind, number>;

/**
 * The reminder engine (pure): from the viewer's already-scoped data and today's date, every reminder
 * that is due within its kind's advance notice (or overdue within OVERDUE_WINDOW_DAYS for the kinds that
 * can be missed), with its done/snooze state. Nothing here reads the database or the clock.
 *
 * A customer whose stored lunar birthday does not exist is reported in `issues`, not thrown, so one bad
 * row never empties a rep's inbox.
 */
export function computeReminders(input: ReminderInputs, today: string, opts: ReminderOptions = {}): ReminderResult {
  const adv: AdvanceDays = { ...DEFAULT_ADVANCE_DAYS, ...opts.advance };
  const touchDays = opts.touchDays ?? DEFAULT_TOUCH_DAYS;
  const states = new Map(input.states.map((s) => [s.dedupeKey, s]));
  const reminders: Reminder[] = [];
  const rank: number[] = [];
  const issues: ReminderIssue[] = [];
  const within = (kind: ReminderKind, due: string, overdueDays = 0) => {
    const d = daysBetween(today, due);
    return d <= adv[kind] && d >= -overdueDays;
  };
  // A manager's inbox can hold thousands of reminders: each is built once, with one shape and no
  // object spreads, its done/snooze state looked up as it is made.
  const add = (
    kind: ReminderKind,
    title: string,
    dueOn: string,
    customerId: string | null,
    customerName: string | null,
    refType: Reminder["refType"],
    refId: string,
    href: string,
    detail: ReminderDetail,
  ) => {
    const dedupeKey = reminderKey(kind, refId, dueOn);
    const s = states.get(dedupeKey);
    const status = s?.doneAt ? "done" : s?.snoozedUntil && s.snoozedUntil > today ? "snoozed" : "open";
    const daysUntil = daysBetween(today, dueOn);
    reminders.push({ kind, group: groupOf(kind), dedupeKey, title, detail, dueOn, daysUntil, customerId, customerName, refType, refId, href, status, snoozedUntil: status === "snoozed" ? s!.snoozedUntil : null });
    rank.push(daysUntil * 16 + KIND_ORDER[kind]);
  };

  for (const c of input.customers) {
    const href = `/customers/${c.id}`;
    if (c.solarBirthday) {
      const due = nextSolarOccurrence(c.solarBirthday, today);
      if (within("solar_birthday", due)) add("solar_birthday", c.name, due, c.id, c.name, "customer", c.id, href, { type: "birthday", age: Number(due.slice(0, 4)) - Number(c.solarBirthday.slice(0, 4)) });
    }
    if (c.lunarBirthMonth && c.lunarBirthDay) {
      const lunar = { year: c.lunarBirthYear, month: c.lunarBirthMonth, day: c.lunarBirthDay, leap: c.lunarBirthLeap };
      try {
        const due = nextLunarBirthday(lunar, today);
        if (within("lunar_birthday", due))
          add("lunar_birthday", c.name, due, c.id, c.name, "customer", c.id, href, {
            type: "lunar",
            lunar: formatLunar({ month: lunar.month, day: lunar.day, leap: lunar.leap }),
            month: lunar.month,
            day: lunar.day,
            leap: lunar.leap,
            // age in lunar years (虚岁 would add one); only when the birth year is known
            age: c.lunarBirthYear ? lunarYearOf(due, lunar.month) - c.lunarBirthYear : null,
          });
      } catch (e) {
        if (!(e instanceof LunarDateError)) throw e;
        issues.push({ customerId: c.id, customerName: c.name, message: e.message });
      }
    }
    if (c.weddingAnniversary) {
      const due = nextSolarOccurrence(c.weddingAnniversary, today);
      if (within("anniversary", due)) add("anniversary", c.name, due, c.id, c.name, "customer", c.id, href, { type: "anniversary", years: Number(due.slice(0, 4)) - Number(c.weddingAnniversary.slice(0, 4)) });
    }
    if (c.metOn) {
      const f = forgettingState({ metOn: c.metOn, touches: c.touches, lastTouchOn: c.lastTouchOn }, today, touchDays);
      if (within("forgetting_touch", f.nextTouchOn, OVERDUE_WINDOW_DAYS))
        add("forgetting_touch", c.name, f.nextTouchOn, c.id, c.name, "customer", c.id, href, { type: "touch", retention: f.retention, touches: c.touches });
    }
  }

  for (const d of input.customDates) {
    const due = d.recurring ? nextSolarOccurrence(d.date, today) : d.date;
    if (within("custom_date", due)) add("custom_date", d.customerName, due, d.customerId, d.customerName, "customer_date", d.id, `/customers/${d.customerId}`, { type: "custom", label: d.label });
  }
  for (const f of input.followUps) {
    if (within("follow_up", f.nextFollowUp, OVERDUE_WINDOW_DAYS))
      add("follow_up", f.customerName, f.nextFollowUp, f.customerId, f.customerName, "communication", f.id, `/customers/${f.customerId}`, { type: "follow_up", topic: f.topic });
  }
  for (const d of input.deals) {
    if (within("deal_expected", d.expectedDate, OVERDUE_WINDOW_DAYS)) add("deal_expected", d.title, d.expectedDate, d.customerId, d.customerName, "deal", d.id, `/deals/${d.id}`, { type: "deal", title: d.title });
  }
  for (const t of input.todos) {
    // a to-do due today or earlier is today's task until it is done; undated ones live on /todos only
    if (t.done || !t.dueOn || t.dueOn > addDays(today, adv.today_task)) continue;
    add("today_task", t.title, t.dueOn, t.customerId, null, "todo", t.id, `/todos#todo-${t.id}`, { type: "todo" });
  }
  for (const p of input.plans) {
    if (p.completedOn) continue;
    const plan = (kind: ReminderKind, dueOn: string, phase: "starts" | "ends" | "due") =>
      add(kind, p.subject, dueOn, null, null, "plan", p.id, `/plans/${p.id}`, { type: "plan", phase, startDate: p.startDate, endDate: p.endDate });
    if (p.endDate <= addDays(today, adv.today_task)) plan("today_task", p.endDate, "due");
    else if (p.startDate >= today && within("plan", p.startDate)) plan("plan", p.startDate, "starts");
    else if (within("plan", p.endDate)) plan("plan", p.endDate, "ends");
  }

  // a held greeting stays until its sender sends or skips it (the campaign leaves 'paused')
  for (const g of input.greetings ?? [])
    add("greeting_approval", g.name, g.preparedOn, null, null, "campaign", g.id, `/marketing/campaigns/${g.id}`, { type: "greeting", channel: g.channel, total: g.total });

  // sort positions on the precomputed number (due day, kind); strings are compared only on ties
  const order = reminders.map((_, i) => i);
  order.sort((i, j) => {
    const a = reminders[i];
    const b = reminders[j];
    return rank[i] - rank[j] || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) || (a.refId < b.refId ? -1 : 1);
  });
  return { reminders: order.map((i) => reminders[i]), issues };
}

export function reminderKey(kind: ReminderKind, refId: string, dueOn: string) {
  return `${kind}:${refId}:${dueOn}`;
}

/** The open reminders only (what the inbox lists and the badge counts). */
export const openReminders = (r: Reminder[]) => r.filter((x) => x.status === "open");

/** Lunar year of a solar date's anniversary: 腊月/冬月 anniversaries in Jan–Feb belong to the previous lunar year. */
function lunarYearOf(solar: string, lunarMonth: number) {
  const y = Number(solar.slice(0, 4));
  return lunarMonth >= 11 && Number(solar.slice(5, 7)) <= 2 ? y - 1 : y;
}

export function parseAdvanceDays(v: unknown): Partial<AdvanceDays> {
  const out: Partial<AdvanceDays> = {};
  if (!v || typeof v !== "object") return out;
  for (const k of ADVANCE_KINDS) {
    const n = (v as Record<string, unknown>)[k];
    if (Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 60) out[k] = n as number;
  }
  return out;
}
