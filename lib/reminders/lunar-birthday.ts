import { formatLunar, lunarDateProblem, nextLunarOccurrence, type LunarDate } from "@/lib/lunar";

/** A lunar date that does not exist (e.g. 二月三十 in a year whose 二月 has 29 days). */
export class LunarDateError extends Error {
  constructor(
    readonly date: LunarDate,
    readonly problem: "month" | "day" | "leap",
  ) {
    super(lunarProblemMessage(date, problem));
    this.name = "LunarDateError";
  }
}

function lunarProblemMessage(d: LunarDate, p: "month" | "day" | "leap") {
  if (p === "month") return "农历月份应为 1–12";
  if (p === "leap") return `农历${d.year}年没有闰${formatLunar({ month: d.month, day: 1, leap: false }).replace(/初一$/, "")}`;
  if (d.day < 1 || d.day > 30) return "农历日期应为初一到三十";
  return `农历${formatLunar(d)}不存在（该月只有 29 天）`;
}

/** Throws LunarDateError unless the lunar date exists. */
export function assertLunarDate(d: LunarDate) {
  const p = lunarDateProblem(d);
  if (p) throw new LunarDateError(d, p);
}

/**
 * The next solar date (on or after `from`) of a lunar birthday. The birth date itself must exist
 * (checked against its birth year when known); its anniversaries follow lib/lunar.ts's rule:
 * 闰月 → the leap month when the year has it, else the ordinary month; 三十 → the month's last day.
 */
export function nextLunarBirthday(d: LunarDate, from: string) {
  assertLunarDate(d);
  return nextLunarOccurrence(d.month, d.day, d.leap, from);
}
