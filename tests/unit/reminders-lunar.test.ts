import { LunarMonth, LunarYear } from "lunar-javascript";
import { describe, expect, test } from "vitest";
import { lunarDateProblem, lunarToSolar, nextLunarOccurrence, solarToLunar } from "@/lib/lunar";
import { addDays } from "@/lib/dates";
import { assertLunarDate, fastLunarToSolar, LunarDateError, nextLunarBirthday } from "@/lib/reminders";

// Reference dates from the published calendar (春节, 端午, 中秋, 除夕), not from the library under test.
const FESTIVALS: [number, string, string, string, string][] = [
  // year, 正月初一, 五月初五, 八月十五, 除夕 (the last day of 腊月, which falls in the next solar year)
  [2024, "2024-02-10", "2024-06-10", "2024-09-17", "2025-01-28"],
  [2025, "2025-01-29", "2025-05-31", "2025-10-06", "2026-02-16"],
  [2026, "2026-02-17", "2026-06-19", "2026-09-25", "2027-02-05"],
  [2027, "2027-02-06", "2027-06-09", "2027-09-15", "2028-01-25"],
  [2028, "2028-01-26", "2028-05-28", "2028-10-03", "2029-02-12"],
  [2029, "2029-02-13", "2029-06-16", "2029-09-22", "2030-02-02"],
  [2030, "2030-02-03", "2030-06-05", "2030-09-12", "2031-01-22"],
  [2031, "2031-01-23", "2031-06-24", "2031-10-01", "2032-02-10"],
  [2032, "2032-02-11", "2032-06-12", "2032-09-19", "2033-01-30"],
];

// Leap months (闰月) of 2024–2032: 2025 闰六月, 2028 闰五月, 2031 闰三月.
const LEAP: Record<number, number> = { 2024: 0, 2025: 6, 2026: 0, 2027: 0, 2028: 5, 2029: 0, 2030: 0, 2031: 3, 2032: 0 };

describe("lunar → solar over 2024–2032", () => {
  test.each(FESTIVALS)("%i: 春节 %s, 端午 %s, 中秋 %s, 除夕 %s", (y, spring, dragon, moon, eve) => {
    expect(lunarToSolar(1, 1, false, y)).toBe(spring);
    expect(lunarToSolar(5, 5, false, y)).toBe(dragon);
    expect(lunarToSolar(8, 15, false, y)).toBe(moon);
    // 腊月三十 falls on 除夕 whether 腊月 has 29 or 30 days (rule 2)
    expect(lunarToSolar(12, 30, false, y)).toBe(eve);
    // and the next 春节 is the day after
    expect(addDays(eve, 1)).toBe(FESTIVALS.find((f) => f[0] === y + 1)?.[1] ?? addDays(eve, 1));
  });

  test.each(Object.entries(LEAP).map(([y, m]) => [Number(y), m] as const))("%i has leap month %i", (y, m) => {
    expect(LunarYear.fromYear(y).getLeapMonth()).toBe(m);
  });

  test("闰六月初八 2025 → 2025-08-01; 六月初八 2025 → 2025-07-02", () => {
    expect(lunarToSolar(6, 8, true, 2025)).toBe("2025-08-01");
    expect(lunarToSolar(6, 8, false, 2025)).toBe("2025-07-02");
  });

  // in a year that has the leap month, a 闰月 birthday falls in it: right after the ordinary month
  test.each([[2025, 6], [2028, 5], [2031, 3]] as const)("%i 闰%i月: each day falls one ordinary month later", (y, m) => {
    const len = LunarMonth.fromYm(y, m).getDayCount();
    for (const d of [1, 8, 15, 29]) {
      const leapSolar = lunarToSolar(m, d, true, y);
      expect(leapSolar).toBe(addDays(lunarToSolar(m, d, false, y), len));
      expect(solarToLunar(leapSolar)).toEqual({ year: y, month: m, day: d, leap: true });
    }
  });

  // rule 1: in every year without that leap month, a 闰月 birthday falls in the ordinary month
  const leapCases = [3, 5, 6].flatMap((m) => Object.keys(LEAP).map(Number).filter((y) => LEAP[y] !== m).map((y) => [m, y] as const));
  test.each(leapCases)("闰%i月初八 in %i (no such leap month) = the ordinary month", (m, y) => {
    expect(lunarToSolar(m, 8, true, y)).toBe(lunarToSolar(m, 8, false, y));
  });

  // rule 2: in every month of every year, 三十 is the 30th day or, in a 29-day month, the 29th
  const months = Object.keys(LEAP).map(Number).flatMap((y) => Array.from({ length: 12 }, (_, i) => [y, i + 1] as const));
  test.each(months)("%i年 %i月 三十", (y, m) => {
    const len = LunarMonth.fromYm(y, m).getDayCount();
    const d29 = lunarToSolar(m, 29, false, y);
    expect(lunarToSolar(m, 30, false, y)).toBe(len === 30 ? addDays(d29, 1) : d29);
    // the day after the month's last day is the next month's 初一
    if (m < 12 && LEAP[y] !== m) expect(addDays(lunarToSolar(m, 30, false, y), 1)).toBe(lunarToSolar(m + 1, 1, false, y));
  });

  test("a leap-month 三十 in a 29-day leap month falls on its 29th (闰六月 2025 has 29 days)", () => {
    expect(LunarMonth.fromYm(2025, -6).getDayCount()).toBe(29);
    expect(lunarToSolar(6, 30, true, 2025)).toBe(lunarToSolar(6, 29, true, 2025));
    expect(addDays(lunarToSolar(6, 30, true, 2025), 1)).toBe(lunarToSolar(7, 1, false, 2025));
  });

  test("the next occurrence of every lunar birthday lies within a year and a month and never before `from`", () => {
    for (let y = 2024; y <= 2032; y++)
      for (const from of [`${y}-01-01`, `${y}-02-15`, `${y}-07-01`, `${y}-12-31`])
        for (const [m, d, leap] of [[1, 1, false], [6, 30, true], [12, 30, false], [2, 30, false]] as const) {
          const next = nextLunarOccurrence(m, d, leap, from);
          expect(next >= from).toBe(true);
          expect(next <= addDays(from, 385)).toBe(true);
        }
  });
});

describe("bad lunar input", () => {
  test("二月三十 of a year whose 二月 has 29 days is a clear error", () => {
    expect(LunarMonth.fromYm(2026, 2).getDayCount()).toBe(29);
    expect(() => assertLunarDate({ year: 2026, month: 2, day: 30, leap: false })).toThrow(LunarDateError);
    expect(() => assertLunarDate({ year: 2026, month: 2, day: 30, leap: false })).toThrow("农历2026年二月三十不存在（该月只有 29 天）");
    expect(() => nextLunarBirthday({ year: 2026, month: 2, day: 30, leap: false }, "2026-11-26")).toThrow(LunarDateError);
  });
  test("a leap month the birth year does not have", () => {
    expect(() => assertLunarDate({ year: 2026, month: 6, day: 1, leap: true })).toThrow("农历2026年没有闰六月");
  });
  test.each([
    [{ month: 13, day: 1, leap: false }, "农历月份应为 1–12"],
    [{ month: 0, day: 1, leap: false }, "农历月份应为 1–12"],
    [{ month: 1, day: 31, leap: false }, "农历日期应为初一到三十"],
    [{ month: 1, day: 0, leap: false }, "农历日期应为初一到三十"],
  ])("%o → %s", (d, msg) => {
    expect(() => assertLunarDate(d)).toThrow(msg);
  });
  test("without a birth year, 二月三十 is valid and falls on the month's last day", () => {
    expect(nextLunarBirthday({ year: null, month: 2, day: 30, leap: false }, "2026-01-01")).toBe(lunarToSolar(2, 29, false, 2026));
  });
});

describe("the engine's table lookup follows lib/lunar.ts exactly", () => {
  const years = Array.from({ length: 11 }, (_, i) => 2023 + i);
  test.each(years)("every month, day and leap flag of %i", (y) => {
    for (let m = 1; m <= 12; m++)
      for (let d = 1; d <= 30; d++)
        for (const leap of [false, true]) expect(fastLunarToSolar(m, d, leap, y), `${y} ${leap ? "闰" : ""}${m}/${d}`).toBe(lunarToSolar(m, d, leap, y));
  });
  test("next birthday = lib/lunar nextLunarOccurrence for every day of 2024–2032", () => {
    for (let from = "2024-01-01"; from <= "2032-12-31"; from = addDays(from, 13))
      for (const [m, d, leap] of [[1, 1, false], [6, 30, true], [12, 30, false], [3, 15, true], [11, 29, false]] as const)
        expect(nextLunarBirthday({ month: m, day: d, leap }, from)).toBe(nextLunarOccurrence(m, d, leap, from));
    // ~1,300 slow reference conversions: about a second alone, several on a loaded 2-core CI machine
  }, 30_000);
  test("existence with a birth year agrees with lunarDateProblem", () => {
    for (const y of [1984, 1990, 2025, 2026, 2028])
      for (let m = 1; m <= 12; m++)
        for (const d of [1, 29, 30])
          for (const leap of [false, true]) {
            let thrown: string | null = null;
            try {
              assertLunarDate({ year: y, month: m, day: d, leap });
            } catch (e) {
              thrown = (e as LunarDateError).problem;
            }
            expect(thrown).toBe(lunarDateProblem({ year: y, month: m, day: d, leap }));
          }
  });
});
