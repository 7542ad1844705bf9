import { describe, expect, test } from "vitest";
import { formatLunar, lunarDateProblem, lunarToSolar, nextLunarOccurrence, solarToLunar } from "@/lib/lunar";
import { LUNAR_DAY_NUMBERS, LUNAR_MONTH_NUMBERS, lunarDayLabel, lunarMonthLabel, ordinal } from "@/lib/lunar-labels";

describe("lunar dates", () => {
  test.each([
    // Spring Festival (正月初一) of each year
    [1, 1, false, 2024, "2024-02-10"],
    [1, 1, false, 2025, "2025-01-29"],
    [1, 1, false, 2026, "2026-02-17"],
    [8, 15, false, 2026, "2026-09-25"],
    // 2025 has 闰六月: the leap birthday falls in it
    [6, 8, true, 2025, "2025-08-01"],
    [6, 8, false, 2025, "2025-07-02"],
    // 2026 has no 闰六月: a 闰六月 birthday falls in the ordinary 六月
    [6, 8, true, 2026, lunarToSolar(6, 8, false, 2026)],
  ])("%i月%i日 leap=%s in %i → %s", (m, d, leap, y, solar) => {
    expect(lunarToSolar(m, d, leap, y)).toBe(solar);
  });

  test("a 三十 in a 29-day month falls on the 29th", () => {
    // 2026 二月 has 29 days
    expect(lunarDateProblem({ year: 2026, month: 2, day: 30, leap: false })).toBe("day");
    expect(lunarToSolar(2, 30, false, 2026)).toBe(lunarToSolar(2, 29, false, 2026));
  });

  test("validates existence", () => {
    expect(lunarDateProblem({ month: 13, day: 1, leap: false })).toBe("month");
    expect(lunarDateProblem({ month: 1, day: 31, leap: false })).toBe("day");
    expect(lunarDateProblem({ year: 2026, month: 6, day: 1, leap: true })).toBe("leap");
    expect(lunarDateProblem({ year: 2025, month: 6, day: 1, leap: true })).toBeNull();
    expect(lunarDateProblem({ month: 6, day: 30, leap: true })).toBeNull();
  });

  test("next occurrence is on or after the given day", () => {
    expect(nextLunarOccurrence(1, 1, false, "2026-02-17")).toBe("2026-02-17");
    expect(nextLunarOccurrence(1, 1, false, "2026-02-18")).toBe("2027-02-06");
    // 腊月 birthdays of lunar year 2025 fall in January 2026
    expect(nextLunarOccurrence(12, 1, false, "2026-01-01")).toBe(lunarToSolar(12, 1, false, 2025));
  });

  test("round trip and labels", () => {
    expect(solarToLunar("2025-08-01")).toEqual({ year: 2025, month: 6, day: 8, leap: true });
    expect(formatLunar({ month: 6, day: 8, leap: true })).toBe("闰六月初八");
    expect(formatLunar({ year: 1990, month: 12, day: 30, leap: false })).toBe("1990年腊月三十");
  });
});

describe("lunar dates in each language", () => {
  test("Chinese keeps its names: 正月 … 冬月 腊月, 初一 … 廿九 三十", () => {
    expect(LUNAR_MONTH_NUMBERS.map((m) => lunarMonthLabel(m))).toEqual(["正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月", "腊月"]);
    expect([1, 10, 11, 20, 21, 29, 30].map((d) => lunarDayLabel(d))).toEqual(["初一", "初十", "十一", "二十", "廿一", "廿九", "三十"]);
    expect(formatLunar({ month: 6, day: 8, leap: true }, "zh-CN")).toBe("闰六月初八");
    expect(formatLunar({ year: 1990, month: 12, day: 30, leap: false }, "zh-CN")).toBe("1990年腊月三十");
  });

  test("English: 1st month … 12th month, day 1 … day 30, a leap month says so", () => {
    expect(LUNAR_MONTH_NUMBERS.map((m) => lunarMonthLabel(m, false, "en"))).toEqual([
      "1st month", "2nd month", "3rd month", "4th month", "5th month", "6th month", "7th month", "8th month", "9th month", "10th month", "11th month", "12th month",
    ]);
    expect(LUNAR_DAY_NUMBERS.map((d) => lunarDayLabel(d, "en"))).toEqual(LUNAR_DAY_NUMBERS.map((d) => `day ${d}`));
    expect(formatLunar({ month: 6, day: 8, leap: true }, "en")).toBe("leap 6th month, day 8");
    expect(formatLunar({ year: 1990, month: 12, day: 30, leap: false }, "en")).toBe("12th month, day 30, 1990");
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual(["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"]);
  });

  test("no English lunar label has a Chinese character", () => {
    const all = [...LUNAR_MONTH_NUMBERS.flatMap((m) => [lunarMonthLabel(m, false, "en"), lunarMonthLabel(m, true, "en")]), ...LUNAR_DAY_NUMBERS.map((d) => lunarDayLabel(d, "en"))];
    for (const s of all) expect(s).not.toMatch(/\p{Script=Han}/u);
  });
});
