import { LunarYear, Solar } from "lunar-javascript";
import { formatLunar, lunarDateProblem, type LunarDate } from "@/lib/lunar";
import { addDays } from "@/lib/dates";

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

// lunar-javascript builds a whole year's calendar per lookup (~0.3 ms); an inbox over 20,000 customers
// asks thousands of times. So each lunar year's months are read once (first solar day + length) and
// conversions become a table lookup, following exactly lib/lunar.ts's rule (tested against it).
type MonthInfo = { first: string; days: number };
const years = new Map<number, Map<number, MonthInfo>>();
function monthsOf(y: number) {
  let m = years.get(y);
  if (!m) {
    m = new Map();
    for (const lm of LunarYear.fromYear(y).getMonths()) {
      if (lm.getYear() !== y) continue;
      m.set(lm.getMonth(), { first: Solar.fromJulianDay(lm.getFirstJulianDay()).toYmd(), days: lm.getDayCount() });
    }
    if (years.size > 400) years.clear();
    years.set(y, m);
  }
  return m;
}

/**
 * Same rule as lib/lunar.ts lunarToSolar: 闰月 → the leap month when the year has it, else the ordinary
 * month; day 30 in a 29-day month → the 29th.
 */
export function fastLunarToSolar(month: number, day: number, leap: boolean, lunarYear: number) {
  const months = monthsOf(lunarYear);
  const m = (leap && months.get(-month)) || months.get(month)!;
  return addDays(m.first, Math.min(day, m.days) - 1);
}

/** Throws LunarDateError unless the lunar date exists. */
export function assertLunarDate(d: LunarDate) {
  if (d.year && Number.isInteger(d.month) && Number.isInteger(d.day) && d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 30) {
    // fast path for a known birth year: the month must exist in that year and hold the day
    const m = monthsOf(d.year).get(d.leap ? -d.month : d.month);
    if (!m) throw new LunarDateError(d, "leap");
    if (d.day > m.days) throw new LunarDateError(d, "day");
    return;
  }
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
  const y = Number(from.slice(0, 4));
  for (const ly of [y - 1, y, y + 1]) {
    const s = fastLunarToSolar(d.month, d.day, d.leap, ly);
    if (s >= from) return s;
  }
  return fastLunarToSolar(d.month, d.day, d.leap, y + 1);
}
