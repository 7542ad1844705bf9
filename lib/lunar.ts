import { Lunar, LunarMonth, LunarYear, Solar } from "lunar-javascript";
import { DEFAULT_LOCALE, type Locale } from "@/i18n/config";
import { lunarDateLabel } from "./lunar-labels";

export type LunarDate = { year?: number | null; month: number; day: number; leap: boolean };
export type LunarProblem = "month" | "day" | "leap";

/** 闰六月初八 style label (in English "leap 6th month, day 8"); the year is optional. */
export function formatLunar(d: LunarDate, locale: Locale = DEFAULT_LOCALE) {
  return lunarDateLabel(d, locale);
}

/**
 * Whether a lunar date exists. With a year the month must exist in that year (a leap month only in a
 * year that has it) and the day must be within that month's 29 or 30 days. Without a year any month
 * 1–12 and day 1–30 is accepted (some year has it).
 */
export function lunarDateProblem(d: LunarDate): LunarProblem | null {
  if (!Number.isInteger(d.month) || d.month < 1 || d.month > 12) return "month";
  if (!Number.isInteger(d.day) || d.day < 1 || d.day > 30) return "day";
  if (d.year) {
    if (d.leap && LunarYear.fromYear(d.year).getLeapMonth() !== d.month) return "leap";
    if (d.day > LunarMonth.fromYm(d.year, d.leap ? -d.month : d.month).getDayCount()) return "day";
  }
  return null;
}

/**
 * The solar date of a lunar anniversary in lunar year `lunarYear`, by one written rule:
 * 1. a leap-month date (闰六月初八) in a lunar year without that leap month falls in the ordinary month;
 *    in a year that has it, it falls in the leap month;
 * 2. day 30 in a month that has only 29 days falls on the 29th (the month's last day).
 */
export function lunarToSolar(month: number, day: number, leap: boolean, lunarYear: number) {
  const hasLeap = leap && LunarYear.fromYear(lunarYear).getLeapMonth() === month;
  const m = hasLeap ? -month : month;
  const last = LunarMonth.fromYm(lunarYear, m).getDayCount();
  const s = Lunar.fromYmd(lunarYear, m, Math.min(day, last)).getSolar();
  return toIso(s.getYear(), s.getMonth(), s.getDay());
}

/** The next solar date (on or after `from`, ISO yyyy-mm-dd) of a lunar birthday. */
export function nextLunarOccurrence(month: number, day: number, leap: boolean, from: string) {
  const y = Number(from.slice(0, 4));
  for (const ly of [y - 1, y, y + 1]) {
    const s = lunarToSolar(month, day, leap, ly);
    if (s >= from) return s;
  }
  return lunarToSolar(month, day, leap, y + 1);
}

/** The lunar date of a solar date. */
export function solarToLunar(iso: string): LunarDate {
  const [y, m, d] = iso.split("-").map(Number);
  const l = Solar.fromYmd(y, m, d).getLunar();
  return { year: l.getYear(), month: Math.abs(l.getMonth()), day: l.getDay(), leap: l.getMonth() < 0 };
}

export function toIso(y: number, m: number, d: number) {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
