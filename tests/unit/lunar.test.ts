import { describe, expect, test } from "vitest";
import { formatLunar, lunarDateProblem, lunarToSolar, nextLunarOccurrence, solarToLunar } from "@/lib/lunar";

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
