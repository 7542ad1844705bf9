import { expect, test } from "vitest";
import { auditDiff, auditIds, showValue } from "@/lib/audit-diff";

test("an audit entry's diff lists the changed fields only; a create or delete lists every field of its side", () => {
  expect(auditDiff({ name: "甲", active: true, tags: [1] }, { name: "乙", active: true, tags: [1, 2] })).toEqual([
    { field: "name", before: "甲", after: "乙" },
    { field: "tags", before: [1], after: [1, 2] },
  ]);
  expect(auditDiff(null, { name: "新" })).toEqual([{ field: "name", before: undefined, after: "新" }]);
  expect(auditDiff({ name: "旧" }, null)).toEqual([{ field: "name", before: "旧", after: undefined }]);
  expect(auditDiff(null, null)).toEqual([]);
  expect(auditDiff(1, 2)).toEqual([{ field: "value", before: 1, after: 2 }]);
  expect([showValue(null), showValue(""), showValue("x"), showValue({ a: 1 })]).toEqual(["-", "-", "x", '{"a":1}']);
});

test("the ids of an audit page are its top-level uuid values", () => {
  const id = "01921f9c-7400-7831-9b07-9bf03ac477a4";
  expect(auditIds([{ before: { roleId: id, name: "x" }, after: { roleId: "not-an-id", n: 3 } }, { before: null, after: [id] }])).toEqual([id]);
});
