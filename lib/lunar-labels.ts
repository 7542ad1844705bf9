import { DEFAULT_LOCALE, type Locale } from "@/i18n/config";

/**
 * The words of a lunar date, in the reader's language, with no calendar code (the customer form's month
 * and day options use them in the browser): 闰六月 / 初八 in Chinese, "leap 6th month" / "day 8" in English.
 */
const ZH_MONTHS = ["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊"];
const ZH_DAYS = ["初一", "初二", "初三", "初四", "初五", "初六", "初七", "初八", "初九", "初十", "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十", "廿一", "廿二", "廿三", "廿四", "廿五", "廿六", "廿七", "廿八", "廿九", "三十"];

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
export function ordinal(n: number) {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th"}`;
}

/** 正月, 闰六月, 腊月 · "1st month", "leap 6th month", "12th month". */
export function lunarMonthLabel(month: number, leap = false, locale: Locale = DEFAULT_LOCALE) {
  return locale === "en" ? `${leap ? "leap " : ""}${ordinal(month)} month` : `${leap ? "闰" : ""}${ZH_MONTHS[month - 1]}月`;
}

/** 初一, 廿九, 三十 · "day 1", "day 29", "day 30". */
export function lunarDayLabel(day: number, locale: Locale = DEFAULT_LOCALE) {
  return locale === "en" ? `day ${day}` : ZH_DAYS[day - 1];
}

/** 1987年闰六月初八 · "leap 6th month, day 8, 1987"; the year is optional. */
export function lunarDateLabel(d: { year?: number | null; month: number; day: number; leap: boolean }, locale: Locale = DEFAULT_LOCALE) {
  const month = lunarMonthLabel(d.month, d.leap, locale);
  const day = lunarDayLabel(d.day, locale);
  return locale === "en" ? `${month}, ${day}${d.year ? `, ${d.year}` : ""}` : `${d.year ? `${d.year}年` : ""}${month}${day}`;
}

export const LUNAR_MONTH_NUMBERS = Array.from({ length: 12 }, (_, i) => i + 1);
export const LUNAR_DAY_NUMBERS = Array.from({ length: 30 }, (_, i) => i + 1);
