import { expect, test } from "vitest";
import { loadMessages } from "@/i18n/messages";
import { DEFAULT_ROLES, roleLabel } from "@/lib/permissions";

const tFor = async (locale: "zh-CN" | "en") => {
  const roles = (await loadMessages(locale)).roles as Record<string, string>;
  return (key: string) => roles[key.replace(/^roles\./, "")] ?? key;
};

test("a built-in role is named in the reader's language; a renamed or added role is shown as entered", async () => {
  const [zh, en] = await Promise.all([tFor("zh-CN"), tFor("en")]);
  for (const r of DEFAULT_ROLES) {
    expect(roleLabel(zh, r)).toBe(r.name);
    expect(roleLabel(en, r)).not.toBe(r.name);
    expect(roleLabel(en, r)).not.toMatch(/\p{Script=Han}/u);
  }
  expect(roleLabel(en, { code: "rep", name: "业务员" })).toBe("Sales rep");
  expect(roleLabel(en, { code: "rep", name: "客户经理" })).toBe("客户经理");
  expect(roleLabel(en, { code: "intern", name: "实习生" })).toBe("实习生");
});
