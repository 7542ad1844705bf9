import { describe, expect, test } from "vitest";
import { columnCards, columnFigures, compareCards, type PlacedDeal } from "@/lib/pipeline";

const d = (id: string, stageId: string, expectedDate: string | null = null): PlacedDeal => ({ id, stageId, expectedDate });
const ids = (xs: PlacedDeal[]) => xs.map((x) => x.id);

describe("compareCards (the order of db/queries/pipeline.ts)", () => {
  test.each([
    [d("b", "s", "2026-01-01"), d("a", "s", "2026-01-02"), -1],
    [d("a", "s", "2026-01-02"), d("b", "s", null), -1],
    [d("a", "s", null), d("b", "s", null), -1],
    [d("0195f0a0-0000-7000-8000-00000000000a", "s", "2026-01-01"), d("0195f0a0-0000-7000-8000-000000000009", "s", "2026-01-01"), 1],
    [d("a", "s", "2026-01-01"), d("a", "s", "2026-01-01"), 0],
  ])("%j vs %j → %i", (a, b, sign) => {
    expect(Math.sign(compareCards(a, b))).toBe(sign);
  });
});

describe("columnCards", () => {
  const loadedA = [d("a1", "A", "2026-01-01"), d("a2", "A", "2026-02-01"), d("a3", "A", "2026-03-01")];
  const none = new Map<string, PlacedDeal>();

  test("the loaded pages as they are", () => {
    expect(ids(columnCards("A", loadedA, none, new Set()))).toEqual(["a1", "a2", "a3"]);
  });

  test("a deal moved away leaves; moved in, it takes its place in the order; closed, it is gone everywhere", () => {
    const moved = new Map([["a2", d("a2", "B", "2026-02-01")]]);
    const loadedB = [d("b1", "B", "2026-01-15"), d("b2", "B", "2026-03-15")];
    expect(ids(columnCards("A", loadedA, moved, new Set()))).toEqual(["a1", "a3"]);
    expect(ids(columnCards("B", loadedB, moved, new Set()))).toEqual(["b1", "a2", "b2"]);
    expect(ids(columnCards("B", loadedB, moved, new Set(["a2"])))).toEqual(["b1", "b2"]);
    expect(ids(columnCards("A", loadedA, none, new Set(["a1"])))).toEqual(["a2", "a3"]);
  });

  test("moved back, a deal is where it was; moved in beyond the loaded pages, it waits at the end; shown once when its page arrives", () => {
    expect(ids(columnCards("A", loadedA, new Map([["a2", d("a2", "A", "2026-02-01")]]), new Set()))).toEqual(["a1", "a2", "a3"]);
    const late = new Map([["x", d("x", "A", null)]]);
    expect(ids(columnCards("A", loadedA, late, new Set()))).toEqual(["a1", "a2", "a3", "x"]);
    expect(ids(columnCards("A", [...loadedA, d("a4", "A", "2026-04-01"), d("x", "B", null)], late, new Set()))).toEqual(["a1", "a2", "a3", "a4", "x"]);
  });

  test("a deal on two pages (its date changed between them) is shown once", () => {
    expect(ids(columnCards("A", [...loadedA, d("a1", "A", "2026-05-01")], none, new Set()))).toEqual(["a1", "a2", "a3"]);
  });
});

describe("columnFigures", () => {
  const base = new Map([
    ["A", { count: 120, amount: "1000.10" }],
    ["B", { count: 3, amount: "0.00" }],
  ]);
  test("the server's figures while nothing is on its way", () => {
    expect(columnFigures("A", base, [])).toEqual({ count: 120, amount: "1000.10" });
    expect(columnFigures("C", base, [])).toEqual({ count: 0, amount: "0.00" });
  });
  test("pending moves out of and into a column, in exact cents; a deal without an amount counts but adds nothing", () => {
    const pending = [
      { from: "A", to: "B", amount: "0.10" },
      { from: "A", to: "C", amount: null },
      { from: "B", to: "A", amount: "99.99" },
    ];
    expect(columnFigures("A", base, pending)).toEqual({ count: 119, amount: "1099.99" });
    expect(columnFigures("B", base, pending)).toEqual({ count: 3, amount: "-99.89" });
    expect(columnFigures("C", base, pending)).toEqual({ count: 1, amount: "0.00" });
  });
});
