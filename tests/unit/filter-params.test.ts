import { describe, expect, test } from "vitest";
import { z } from "zod";
import { decodeCursor, encodeCursor, isCursorTimestamp } from "@/lib/cursor";
import { filterDate, hasControlChars, optDate } from "@/lib/validation/common";

const U = "0195f0a0-0000-7000-8000-000000000001";
const b64 = (s: string) => Buffer.from(s).toString("base64url");

describe("control characters", () => {
  test.each([
    ["plain 张三", false, false],
    ["a\u0000b", true, true],
    ["\u0007", true, true],
    ["\u007f", true, true],
    ["line\nbreak", true, false],
    ["crlf\r\n", true, false],
    ["tab\t", true, false],
    ["\u000b", true, true],
    ["\u0085 \u2028", false, false],
  ])("%j: single-line %s, multi-line %s", (s, single, multi) => {
    expect(hasControlChars(s)).toBe(single);
    expect(hasControlChars(s, { multiline: true })).toBe(multi);
  });
});

describe("dates: one calendar check for forms and filters", () => {
  test.each(["2026-02-30", "0000-01-01", "1899-12-31", "2101-01-01", "2026-02-29"])("%s is a form error and an ignored filter", (d) => {
    expect(optDate.safeParse(d).success).toBe(false);
    expect(filterDate.parse(d)).toBeUndefined();
  });
  test("a real date passes both", () => {
    expect(optDate.parse("2028-02-29")).toBe("2028-02-29");
    expect(filterDate.parse("2028-02-29")).toBe("2028-02-29");
  });
});

describe("cursors", () => {
  test("what the lists make round-trips", () => {
    for (const k of ["2026-03-01 16:30:00.123456+08", "2026-03-01 16:30:00+05:30", "2026-03-01T16:30:00Z", "-infinity"])
      expect(decodeCursor(encodeCursor([k, U]), "timestamp")).toEqual([k, U]);
    expect(decodeCursor(encodeCursor(["zhangsan", U]), "text")).toEqual(["zhangsan", U]);
    for (const k of ["2026-03-01", "2028-02-29", "infinity"]) expect(decodeCursor(encodeCursor([k, U]), "date")).toEqual([k, U]);
  });

  test.each([
    ["garbage", "timestamp"],
    ["2026-02-30 10:00:00+08", "timestamp"],
    ["0000-01-01 00:00:00+00", "timestamp"],
    ["2026-03-01 24:00:00+08", "timestamp"],
    ["2026-03-01 10:00:00+99", "timestamp"],
    ["a\u0000b", "text"],
    ["2026-02-30", "date"],
    ["2026-03-01 10:00:00+08", "date"],
    ["-infinity", "date"],
    ["0000-01-01", "date"],
  ] as const)("a forged key %j is the first page", (k, kind) => {
    expect(decodeCursor(encodeCursor([k, U]), kind)).toBeNull();
  });

  test.each(["", "!!!", b64("not json"), b64("[]"), b64(`[null,"${U}"]`), b64(`[1,"${U}"]`), b64('["2026-03-01 10:00:00+08","------------------------------------"]'), "A".repeat(600)])(
    "garbage %j is the first page",
    (c) => {
      expect(decodeCursor(c, "timestamp")).toBeNull();
      expect(decodeCursor(c, "text")).toBeNull();
      expect(decodeCursor(c, "date")).toBeNull();
    },
  );

  test("timestamp shapes", () => {
    expect(isCursorTimestamp("2026-03-01 10:00:00")).toBe(true);
    expect(isCursorTimestamp("2026-03-01")).toBe(false);
    expect(isCursorTimestamp("infinity")).toBe(true);
  });
});
