/**
 * Which greetings fall on a company day: birthdays (solar, and lunar by lib/reminders' rule for leap
 * months and day 30) and the holidays 春节, 端午, 中秋 (lunar) and 元旦, 国庆 (solar). Pure.
 */
import { solarToLunar } from "@/lib/lunar";
import { nextLunarBirthday } from "@/lib/reminders/lunar-birthday";
import { isLeapYear } from "@/lib/dates";

export const HOLIDAYS = ["spring", "dragonBoat", "midAutumn", "newYear", "national"] as const;
export type Holiday = (typeof HOLIDAYS)[number];
export const HOLIDAY_NAMES: Record<Holiday, string> = { spring: "春节", dragonBoat: "端午节", midAutumn: "中秋节", newYear: "元旦", national: "国庆节" };

/** The holiday on `day` (yyyy-mm-dd), if any. */
export function holidayOn(day: string): Holiday | null {
  const md = day.slice(5);
  if (md === "01-01") return "newYear";
  if (md === "10-01") return "national";
  const l = solarToLunar(day);
  if (l.leap) return null;
  if (l.month === 1 && l.day === 1) return "spring";
  if (l.month === 5 && l.day === 5) return "dragonBoat";
  if (l.month === 8 && l.day === 15) return "midAutumn";
  return null;
}

type Birthdays = { solarBirthday?: string | null; lunarBirthMonth?: number | null; lunarBirthDay?: number | null; lunarBirthLeap?: boolean | null };

/**
 * Whether a customer's birthday is on `day`: the solar one (29 February celebrated on 28 February in other
 * years), or the lunar one's solar date this year.
 */
export function birthdayOn(c: Birthdays, day: string) {
  if (c.solarBirthday) {
    const md = c.solarBirthday.slice(5);
    if (md === day.slice(5)) return true;
    if (md === "02-29" && day.slice(5) === "02-28" && !isLeapYear(Number(day.slice(0, 4)))) return true;
  }
  if (c.lunarBirthMonth && c.lunarBirthDay) {
    try {
      return nextLunarBirthday({ month: c.lunarBirthMonth, day: c.lunarBirthDay, leap: !!c.lunarBirthLeap }, day) === day;
    } catch {
      return false;
    }
  }
  return false;
}

/** The lunar (month, day) pairs whose birthdays can fall on `day`: today's, and day 30 on a 29-day month's last day. */
export function lunarCandidates(day: string) {
  const l = solarToLunar(day);
  const next = solarToLunar(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
  const days = [l.day];
  if (l.day === 29 && next.day === 1) days.push(30);
  return { month: l.month, days };
}

export type GreetingSettings = {
  birthday: { templateId: string | null; mode: "auto" | "approve" };
  holiday: { templateId: string | null; mode: "auto" | "approve" };
};
export const NO_GREETINGS: GreetingSettings = { birthday: { templateId: null, mode: "approve" }, holiday: { templateId: null, mode: "approve" } };
