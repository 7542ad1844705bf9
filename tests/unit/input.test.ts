import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { CONTROL_CHARS_MESSAGE as CONTROL_CHAR_MESSAGE, hasControlChars } from "@/lib/validation/common";
import { parseFormData, sanitizeInput, UnsafeInputError, valuesForClient } from "@/lib/validation/input";

/** Everything a polluted prototype would show: own keys of the built-in prototypes. */
const prototypeSnapshot = () => [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Reflect.ownKeys(p).map(String).sort().join(","));

const form = (entries: [string, string | Blob][]) => {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
};

/** Keys an attacker would try, alone and as segments of the paths the parser understands. */
const nastySegment = fc.constantFrom("__proto__", "constructor", "prototype", "0", "x", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "length");
const formKey = fc.oneof(
  fc.string({ maxLength: 30 }),
  nastySegment,
  fc.tuple(nastySegment, fc.oneof(nastySegment, fc.nat(300).map(String)), nastySegment).map((p) => p.join(".")),
  nastySegment.map((s) => `${s}[]`),
  fc.tuple(fc.string({ maxLength: 8 }), nastySegment).map(([a, b]) => `${a}[${b}]`),
);
const formValue = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 20 }), fc.constantFrom("\u0000", "a\u0000b", "2026-02-30", "0000-01-01", ""));

describe("parseFormData", () => {
  // Regression: a field named `__proto__.0.x` wrote Object.prototype[0] for the whole server process.
  test.each(["__proto__.0.x", "__proto__[]", "constructor.prototype.x", "a.__proto__.b", "prototype", "x[__proto__]", "constructor"])("refuses %s and leaves the prototypes alone", (key) => {
    const before = prototypeSnapshot();
    expect(() => parseFormData(form([[key, "1"]]))).toThrow(UnsafeInputError);
    expect(prototypeSnapshot()).toEqual(before);
    expect(({} as Record<string, unknown>)[0]).toBeUndefined();
  });

  test("builds null-prototype records, arrays and dense repeated groups", () => {
    const { values } = parseFormData(
      form([
        ["name", "张伟"],
        ["circleIds[]", "a"],
        ["circleIds[]", "b"],
        ["contacts.3.name", "李四"],
        ["contacts.1.name", "王五"],
        ["contacts.1.mobile", "13800000000"],
        ["$ACTION_ID_abc", ""],
      ]),
    );
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(values).toEqual({ name: "张伟", circleIds: ["a", "b"], contacts: [{ name: "王五", mobile: "13800000000" }, { name: "李四" }] });
    expect(Object.getPrototypeOf((values.contacts as object[])[0])).toBeNull();
  });

  test("control characters are field errors, by path; tab and new lines are text", () => {
    const r = parseFormData(form([["name", "张\u0000伟"], ["contacts.0.name", "a\u001bb"], ["tags[]", "\u007f"], ["notes", "第一行\r\n\t第二行"]]));
    expect(r.fieldErrors).toEqual({ name: CONTROL_CHAR_MESSAGE, "contacts.0.name": CONTROL_CHAR_MESSAGE, tags: CONTROL_CHAR_MESSAGE });
    expect(hasControlChars("第一行\r\n\t第二行", { multiline: true })).toBe(false);
  });

  test("too many fields or a huge key are refused, not parsed", () => {
    expect(() => parseFormData(form(Array.from({ length: 2_001 }, (_, i) => [`f${i}`, "x"] as [string, string])))).toThrow("提交的字段过多");
    expect(() => parseFormData(form([["k".repeat(201), "x"]]))).toThrow("字段名过长");
  });

  test("what goes back to the browser is plain objects without files", () => {
    const { values } = parseFormData(form([["name", "张伟"], ["file", new File(["x"], "a.pdf")], ["contacts.0.name", "李四"]]));
    const back = valuesForClient(values);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getPrototypeOf((back.contacts as object[])[0])).toBe(Object.prototype);
    expect(back).toEqual({ name: "张伟", contacts: [{ name: "李四" }] });
  });

  test("property: any keys and values → parsed or refused with UnsafeInputError, prototypes unchanged", () => {
    const before = prototypeSnapshot();
    fc.assert(
      fc.property(fc.array(fc.tuple(formKey, formValue), { maxLength: 30 }), (entries) => {
        try {
          const { values } = parseFormData(form(entries));
          expect(Object.getPrototypeOf(values)).toBeNull();
          valuesForClient(values);
        } catch (e) {
          expect(e).toBeInstanceOf(UnsafeInputError);
        }
        expect(prototypeSnapshot()).toEqual(before);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("sanitizeInput (server action arguments, JSON bodies)", () => {
  test("copies into null-prototype records and refuses prototype keys at any depth", () => {
    const parsed = sanitizeInput([{ a: { b: [1, "x"] } }, "s", null]);
    expect(parsed.values).toEqual([{ a: { b: [1, "x"] } }, "s", null]);
    expect(Object.getPrototypeOf((parsed.values as object[])[0])).toBeNull();
    expect(() => sanitizeInput(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toThrow(UnsafeInputError);
    expect(() => sanitizeInput({ constructor: { prototype: { x: 1 } } })).toThrow(UnsafeInputError);
    expect(() => sanitizeInput(new Map())).toThrow(UnsafeInputError);
  });

  test("deep or huge inputs are refused", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 50; i++) deep = [deep];
    expect(() => sanitizeInput(deep)).toThrow("提交的数据层级过深");
    expect(() => sanitizeInput(Array.from({ length: 5_000 }, () => 1))).toThrow(UnsafeInputError);
  });

  test("control characters anywhere are field errors by path", () => {
    expect(sanitizeInput(["ok", { rows: [{ note: "a\u0000" }] }]).fieldErrors).toEqual({ "1.rows.0.note": CONTROL_CHAR_MESSAGE });
  });

  test("property: anything → sanitized or refused, prototypes unchanged", () => {
    const before = prototypeSnapshot();
    const key = fc.oneof(fc.string({ maxLength: 10 }), nastySegment);
    fc.assert(
      fc.property(fc.anything({ key, maxDepth: 4, withNullPrototype: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withBigInt: true }), (v) => {
        try {
          sanitizeInput(v);
        } catch (e) {
          expect(e).toBeInstanceOf(UnsafeInputError);
        }
        expect(prototypeSnapshot()).toEqual(before);
      }),
      { numRuns: 2_000 },
    );
  });
});
