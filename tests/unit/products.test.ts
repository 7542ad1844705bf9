import { describe, expect, test } from "vitest";
import {
  canEditAnalysis,
  canEditFab,
  canWriteSellingTools,
  customerTypesOf,
  groupByCompetitor,
  orderRows,
  sameName,
  stepIndex,
  summarizeAnalysis,
  swapWithNeighbour,
  swipeStep,
  verdict,
  weightedScore,
} from "@/lib/products";
import type { Permission } from "@/lib/permissions";
import type { Viewer } from "@/lib/viewer";

const viewer = (id: string, permissions: Permission[]): Viewer => ({
  id,
  name: id,
  email: `${id}@x.cn`,
  roleCode: "x",
  roleName: "x",
  orgUnitId: "u",
  orgUnitName: "u",
  dataScope: "self",
  unitIds: [],
  permissions,
});
const rep = viewer("rep", ["product:fab"]);
const manager = viewer("mgr", ["product:fab", "product:manage"]);
const admin = viewer("admin", ["product:manage"]);
const none = viewer("nobody", ["customer:view"]);

describe("who may change selling tools", () => {
  test.each([
    ["a writer, own chain", rep, "rep", true],
    ["a writer, someone else's chain", rep, "mgr", false],
    ["a writer, a chain without author", rep, null, false],
    ["a keeper, anyone's chain", manager, "rep", true],
    ["an admin keeper", admin, null, true],
    ["no permission, even own", none, "nobody", false],
  ] as const)("FAB: %s", (_name, v, author, ok) => {
    expect(canEditFab(v, author)).toBe(ok);
  });

  test.each([
    ["every row the writer's", rep, ["rep", "rep"], true],
    ["one row scored by someone else", rep, ["rep", "mgr"], false],
    ["no rows", rep, [], false],
    ["a keeper", manager, ["rep", null], true],
    ["no permission", none, ["nobody"], false],
  ] as const)("analysis: %s", (_name, v, authors, ok) => {
    expect(canEditAnalysis(v, [...authors])).toBe(ok);
  });

  test("writing needs one of the two permissions", () => {
    expect([rep, manager, admin, none].map(canWriteSellingTools)).toEqual([true, true, true, false]);
  });
});

describe("names", () => {
  test.each([
    ["某品牌 A", " 某品牌  a ", true],
    ["ＡＢＣ", "abc", true],
    ["白牌工厂", "白牌", false],
  ])("%s ~ %s: %s", (a, b, same) => expect(sameName(a, b)).toBe(same));
});

describe("reading an analysis", () => {
  const rows = [
    { dimension: "价格", weight: 2, ownScore: 8, competitorScore: 4, note: null },
    { dimension: "舒适与健康", weight: 3, ownScore: 8, competitorScore: 9, note: null },
    { dimension: "耐用与保修", weight: 3, ownScore: 8, competitorScore: 9, note: null },
    { dimension: "交期", weight: 2, ownScore: 9, competitorScore: 4, note: null },
    { dimension: "售后", weight: 2, ownScore: 9, competitorScore: 5, note: null },
  ];

  test.each([
    [8, 4, "strength"],
    [8, 9, "weakness"],
    [7, 7, "par"],
  ] as const)("%i vs %i is %s", (own, comp, v) => expect(verdict({ ownScore: own, competitorScore: comp })).toBe(v));

  test("weighted scores (the lesson's 雅座 vs the imported brand)", () => {
    // (8·2 + 8·3 + 8·3 + 9·2 + 9·2) / 12 = 100 / 12 = 8.33…; (4·2 + 9·3 + 9·3 + 4·2 + 5·2) / 12 = 80 / 12 = 6.67
    expect(weightedScore(rows, "own")).toBe(8.3);
    expect(weightedScore(rows, "competitor")).toBe(6.7);
    expect(weightedScore([], "own")).toBeNull();
  });

  test("strengths by how much they matter; key points are strengths weighted at least the average", () => {
    const s = summarizeAnalysis(rows);
    expect(s.lead).toBe(1.6);
    // weight × gap: 交期 2·5 = 10, 价格 2·4 = 8, 售后 2·4 = 8 (then by name)
    expect(s.strengths.map((r) => r.dimension)).toEqual(["交期", "价格", "售后"]);
    expect(s.weaknesses.map((r) => r.dimension)).toEqual(["耐用与保修", "舒适与健康"]);
    // mean weight 2.4: none of the strengths (weight 2) is a key point here
    expect(s.keyPoints).toEqual([]);
    const heavier = summarizeAnalysis([...rows.slice(0, 1).map((r) => ({ ...r, weight: 3 })), ...rows.slice(1)]);
    expect(heavier.keyPoints.map((r) => r.dimension)).toEqual(["价格"]);
  });

  test("rows read heaviest first, then by name; competitors keep their first-seen order", () => {
    expect(orderRows(rows).map((r) => r.dimension)).toEqual(["耐用与保修", "舒适与健康", "价格", "交期", "售后"]);
    expect(groupByCompetitor([{ competitor: "B" }, { competitor: "A" }, { competitor: "B" }]).map((g) => [g.competitor, g.rows.length])).toEqual([
      ["B", 2],
      ["A", 1],
    ]);
  });
});

describe("presentation", () => {
  test("customer types in the order their first chain appears", () => {
    expect(customerTypesOf([{ customerType: "工厂" }, { customerType: "写字楼" }, { customerType: "工厂" }])).toEqual(["工厂", "写字楼"]);
  });

  test.each([
    [0, 1, 3, 1],
    [2, 1, 3, 2],
    [0, -1, 3, 0],
    [1, -Infinity, 3, 0],
    [0, Infinity, 3, 2],
    [0, 1, 0, 0],
  ])("step from %i by %i of %i → %i (no wrap-round)", (i, d, n, want) => expect(stepIndex(i, d, n)).toBe(want));

  test.each([
    [-120, 10, 1],
    [120, -5, -1],
    [30, 0, 0],
    [-80, 200, 0],
    [-60, 30, 1],
  ] as const)("swipe dx %i dy %i → %i", (dx, dy, want) => expect(swipeStep(dx, dy)).toBe(want));
});

describe("moving one place", () => {
  const items = [
    { id: "a", sort: 0 },
    { id: "b", sort: 1 },
    { id: "c", sort: 5 },
  ];
  test("swaps sort values with the neighbour, gaps and all", () => {
    expect(swapWithNeighbour(items, "c", "up")).toEqual([
      { id: "c", sort: 1 },
      { id: "b", sort: 5 },
    ]);
    expect(swapWithNeighbour(items, "a", "down")).toEqual([
      { id: "a", sort: 1 },
      { id: "b", sort: 0 },
    ]);
  });
  test("nothing past either end or for an unknown id", () => {
    expect(swapWithNeighbour(items, "a", "up")).toBeNull();
    expect(swapWithNeighbour(items, "c", "down")).toBeNull();
    expect(swapWithNeighbour(items, "x", "up")).toBeNull();
  });
});
