import { describe, expect, test } from "vitest";
import { msUntilNextRollOver } from "@/lib/jobs/daily";

describe("the daily roll-over runs a minute past the company's midnight (Asia/Shanghai)", () => {
  test.each([
    ["23:30 Beijing", "2026-12-02T15:30:00Z", 31 * 60_000],
    ["00:30 Beijing, already the new day", "2026-12-02T16:30:00Z", (23 * 60 + 31) * 60_000],
    ["noon Beijing", "2026-12-03T04:00:00Z", (12 * 60 + 1) * 60_000],
  ])("%s", (_l, now, ms) => {
    expect(msUntilNextRollOver(new Date(now))).toBe(ms);
  });
});
