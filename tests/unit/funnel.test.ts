import { expect, test } from "vitest";
import { buildFunnel, conversion, funnelTotals, reachedCounts, weightCents } from "@/lib/funnel";
import { suggestStage } from "@/lib/stages";

const stages = [
  { id: "a", name: "初次接触", sort: 0, probability: 10 },
  { id: "b", name: "确定需求", sort: 1, probability: 40 },
  { id: "c", name: "签约", sort: 2, probability: 100 },
];

test("reached counts accumulate from the end", () => {
  expect(reachedCounts([0, 1, 2], [{ sort: 0, count: 5 }, { sort: 1, count: 3 }, { sort: 2, count: 2 }])).toEqual([10, 5, 2]);
  expect(reachedCounts([0, 1, 2], [])).toEqual([0, 0, 0]);
});

test("weighted amounts are exact and rounded half up", () => {
  expect(weightCents(12345n, 10)).toBe(1235n); // 123.45 × 10% = 12.345 → 12.35
  expect(weightCents(10n ** 13n, 33)).toBe(33n * 10n ** 11n);
  expect(weightCents(100n, 150)).toBe(100n);
});

test("conversion and average time per stage", () => {
  const f = buildFunnel({
    stages,
    current: [
      { stageId: "a", count: 2, amount: "1000.10" },
      { stageId: "b", count: 1, amount: "0.30" },
    ],
    furthest: [
      { sort: 0, count: 6 },
      { sort: 1, count: 2 },
      { sort: 2, count: 2 },
    ],
    dwell: [{ stageId: "a", seconds: 3 * 86400, stays: 2 }],
  });
  expect(f.map((s) => s.reached)).toEqual([10, 4, 2]);
  expect(f.map((s) => s.conversion)).toEqual([0.4, 0.5, null]);
  expect(f[0]).toMatchObject({ count: 2, amount: "1000.10", weighted: "100.01", avgDays: 1.5 });
  expect(f[1]).toMatchObject({ weighted: "0.12", avgDays: null });
  expect(f[2]).toMatchObject({ count: 0, amount: "0.00", weighted: "0.00" });
  expect(funnelTotals(f)).toEqual({ count: 3, amount: "1000.40", weighted: "100.13", overallConversion: 0.2 });
});

test("empty funnel and zero division", () => {
  expect(conversion(0, 0)).toBeNull();
  const f = buildFunnel({ stages, current: [], furthest: [], dwell: [] });
  expect(f.every((s) => s.count === 0 && s.conversion === null)).toBe(true);
});

test("stage suggestion: one won deal → 成交, two → 忠诚, never a downgrade", () => {
  expect(suggestStage("prospect", 0)).toBeNull();
  expect(suggestStage("prospect", 1)).toBe("closed");
  expect(suggestStage("target", 2)).toBe("loyal");
  expect(suggestStage("closed", 1)).toBeNull();
  expect(suggestStage("closed", 3)).toBe("loyal");
  expect(suggestStage("loyal", 1)).toBeNull();
});
