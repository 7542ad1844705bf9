import { expect, test } from "vitest";
import { maskDuplicateQuery } from "@/lib/duplicates";

test.each([
  [{ mobile: "13700001111" }, { mobile: "*******1111" }],
  [{ email: "zhang.wei@example.cn" }, { email: "z**@example.cn" }],
  [{ email: "noatsign" }, { email: "n**" }],
  [{ kind: "company", name: "深圳华强电子有限公司" }, { companyName: "深**" }],
  // a person's name is not part of the look-up, so it is not kept either
  [{ kind: "individual", name: "欧阳晓东", mobile: "13800138000" }, { mobile: "*******8000" }],
  [{ idCard: "11010519491231002X" }, { idCard: "1101**********002X" }],
  [{}, {}],
])("%j is kept as %j", (q, masked) => {
  expect(maskDuplicateQuery(q)).toEqual(masked);
});

test("no masked field holds the value asked", () => {
  const q = { mobile: "13700001111", email: "dup@example.cn", kind: "company", name: "恒信贸易", idCard: "11010519491231002X" };
  const kept = JSON.stringify(maskDuplicateQuery(q));
  for (const v of ["13700001111", "dup@example.cn", "恒信贸易", "11010519491231002X"]) expect(kept).not.toContain(v);
});
