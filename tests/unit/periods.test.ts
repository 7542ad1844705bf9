import { expect, test } from "vitest";
import { monthPeriods } from "@/lib/periods";

test("whole-month periods, across year ends and leap Februaries", () => {
  expect(monthPeriods("2026-11-27")).toEqual({
    thisMonth: { from: "2026-11-01", to: "2026-11-30" },
    lastMonth: { from: "2026-10-01", to: "2026-10-31" },
    thisQuarter: { from: "2026-10-01", to: "2026-12-31" },
    thisYear: { from: "2026-01-01", to: "2026-12-31" },
  });
  expect(monthPeriods("2028-01-05").lastMonth).toEqual({ from: "2027-12-01", to: "2027-12-31" });
  expect(monthPeriods("2028-03-01").lastMonth).toEqual({ from: "2028-02-01", to: "2028-02-29" });
  expect(monthPeriods("2027-02-14").thisQuarter).toEqual({ from: "2027-01-01", to: "2027-03-31" });
});
