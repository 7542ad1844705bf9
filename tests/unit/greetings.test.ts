import { describe, expect, it } from "vitest";
import { birthdayOn, holidayOn, lunarCandidates } from "@/lib/marketing/greetings";

describe("greeting days", () => {
  it("finds the holidays, lunar ones included", () => {
    expect(holidayOn("2026-01-01")).toBe("newYear");
    expect(holidayOn("2026-10-01")).toBe("national");
    expect(holidayOn("2026-02-17")).toBe("spring"); // 春节 2026
    expect(holidayOn("2026-06-19")).toBe("dragonBoat"); // 端午 2026
    expect(holidayOn("2026-09-25")).toBe("midAutumn"); // 中秋 2026
    expect(holidayOn("2026-09-24")).toBeNull();
  });
  it("solar birthdays, 29 February on the 28th in other years", () => {
    expect(birthdayOn({ solarBirthday: "1980-03-09" }, "2026-03-09")).toBe(true);
    expect(birthdayOn({ solarBirthday: "1980-03-09" }, "2026-03-10")).toBe(false);
    expect(birthdayOn({ solarBirthday: "1992-02-29" }, "2026-02-28")).toBe(true);
    expect(birthdayOn({ solarBirthday: "1992-02-29" }, "2028-02-28")).toBe(false);
    expect(birthdayOn({ solarBirthday: "1992-02-29" }, "2028-02-29")).toBe(true);
  });
  it("lunar birthdays: leap months in the ordinary month when the year has none, day 30 on a 29-day month's last day", () => {
    // 2025 has a leap sixth month: 闰六月初八 2025 = 2025-08-01; in 2026 (no leap 6th) it falls on 六月初八 = 2026-07-21
    expect(birthdayOn({ lunarBirthMonth: 6, lunarBirthDay: 8, lunarBirthLeap: true }, "2025-08-01")).toBe(true);
    expect(birthdayOn({ lunarBirthMonth: 6, lunarBirthDay: 8, lunarBirthLeap: true }, "2026-07-21")).toBe(true);
    expect(birthdayOn({ lunarBirthMonth: 6, lunarBirthDay: 8, lunarBirthLeap: false }, "2025-08-01")).toBe(false);
    const c = lunarCandidates("2026-07-21");
    expect(c).toEqual({ month: 6, days: [8] });
  });
});
