import { describe, expect, test } from "vitest";
import { buildSearchTokens, namePinyin, queryTokens } from "@/lib/search-tokens";

const matches = (doc: string[], q: string) => {
  const qt = queryTokens(q);
  return qt.length > 0 && qt.every((t) => doc.includes(t));
};

describe("quick-search tokens", () => {
  const zhangwei = buildSearchTokens({ name: "张伟", companyName: "深圳华强电子有限公司", mobile: "138 0013 8000", email: "zhang.wei@huaqiang.cn" });

  test.each([
    ["张伟", true],
    ["张", true],
    ["伟", true],
    ["zw", true],
    ["ZW", true],
    ["zhangwei", true],
    ["zhang", true],
    ["华强", true],
    ["华强电子", true],
    ["深圳 张伟", true],
    ["szhq", true],
    ["13800138000", true],
    ["138001", true],
    ["8000", true],
    ["zhang.wei", true],
    ["李娜", false],
    ["ln", false],
    ["强华", false],
    ["zwx", false],
  ])("张伟 matches %s → %s", (q, expected) => {
    expect(matches(zhangwei, q)).toBe(expected);
  });

  test("a query with nothing searchable yields no tokens", () => {
    expect(queryTokens("  ")).toEqual([]);
    expect(queryTokens("1")).toEqual([]);
  });

  test("names sort by full pinyin", () => {
    expect(namePinyin("张伟")).toBe("zhangwei");
    expect(namePinyin("吕丽")).toBe("lvli");
    expect(["张伟", "李娜", "王芳"].sort((a, b) => namePinyin(a).localeCompare(namePinyin(b)))).toEqual(["李娜", "王芳", "张伟"]);
  });
});
