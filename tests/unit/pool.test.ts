import { expect, test } from "vitest";
import { maskEmail, maskMobile } from "@/lib/pool";
import { localizeMessage } from "@/lib/validation/messages-en";

test.each([
  ["13912345678", "139****5678"],
  ["139 1234 5678", "139****5678"],
  ["+86 139-1234-5678", "861****5678"],
  ["12345", "****"],
  [null, null],
  ["", null],
])("a pool customer's mobile %s is shown as %s", (v, out) => {
  expect(maskMobile(v)).toBe(out);
});

test.each([
  ["wang.li@example.com", "w***@example.com"],
  ["x@y.cn", "x***@y.cn"],
  ["not-an-email", "****"],
  [null, null],
])("a pool customer's e-mail %s is shown as %s", (v, out) => {
  expect(maskEmail(v)).toBe(out);
});

test("notifications, stored in Chinese, read in English", () => {
  expect(localizeMessage("林海涛 点评了：首次拜访", "en")).toBe("林海涛 commented on: 首次拜访");
  expect(localizeMessage("林海涛 分配给您 12 位客户", "en")).toBe("林海涛 assigned 12 customers to you");
  expect(localizeMessage("客户 王芳 已由 林海涛 转给 公海", "en")).toBe("林海涛 gave 王芳 to the shared pool");
  expect(localizeMessage("3 位客户按公海规则转入了公海", "en")).toBe("3 customers moved into the shared pool by its rules");
});
