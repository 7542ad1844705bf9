import { describe, expect, test } from "vitest";
import { packRows, unpackRows } from "@/lib/offline/codec";

describe("the pull's rows as columns", () => {
  test("rows of one shape round-trip to what JSON would have given, instants included", () => {
    const rows = [
      { id: "a", version: 1, at: new Date("2026-12-01T02:03:04.567Z"), due: "2026-12-05", py: ["wang"], gone: null },
      { id: "b", version: 3, at: null, due: null, py: [], gone: null },
    ];
    const packed = packRows(rows);
    expect(packed).toEqual({ k: ["id", "version", "at", "due", "py", "gone"], c: [["a", "b"], [1, 3], [Date.parse("2026-12-01T02:03:04.567Z"), null], ["2026-12-05", null], [["wang"], []], [null, null]], t: [2] });
    expect(unpackRows(JSON.parse(JSON.stringify(packed)))).toEqual(JSON.parse(JSON.stringify(rows)));
  });

  test("a column of repeated strings goes as a dictionary and an index per row", () => {
    const rows = ["c1", "c2", "c1", "c1", "c2", "c3"].map((customerId, i) => ({ id: `m${i}`, customerId, method: "visit" }));
    const packed = packRows(rows);
    expect(packed).toMatchObject({ c: [["m0", "m1", "m2", "m3", "m4", "m5"], [0, 1, 0, 0, 1, 2], [0, 0, 0, 0, 0, 0]], d: [[1, ["c1", "c2", "c3"]], [2, ["visit"]]] });
    expect(unpackRows(JSON.parse(JSON.stringify(packed)))).toEqual(rows);
  });

  test("rows of different shapes, and no rows, stay as they are", () => {
    const mixed = [{ id: "a", fab: [] }, { id: "b" }];
    expect(packRows(mixed)).toBe(mixed);
    expect(unpackRows(packRows([]))).toEqual([]);
    expect(unpackRows(mixed)).toBe(mixed);
  });
});
