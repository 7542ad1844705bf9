import { describe, expect, test } from "vitest";
import { fieldErrors } from "@/lib/validation/common";
import { parseFormData } from "@/lib/validation/input";
import { customerInputSchema } from "@/lib/validation/customer";

const base = { kind: "individual", name: "张伟" };
const errorsOf = (input: Record<string, unknown>) => {
  const r = customerInputSchema.safeParse({ ...base, ...input });
  return r.success ? {} : fieldErrors(r.error);
};

describe("customer input", () => {
  test("a minimal customer is valid and normalised", () => {
    const r = customerInputSchema.parse({ ...base, mobile: "+86 138-0013-8000", email: " Zhang@Example.COM ", website: "example.cn" });
    expect(r.mobile).toBe("13800138000");
    expect(r.email).toBe("zhang@example.com");
    expect(r.website).toBe("https://example.cn");
    expect(r.stage).toBe("potential");
    expect(r.companyName).toBeNull();
  });

  test.each([
    [{ name: "" }, "name", "请填写客户名称"],
    [{ name: "张".repeat(101) }, "name", "最多 100 个字"],
    [{ mobile: "12345" }, "mobile", "手机号应为 11 位数字，以 1 开头"],
    [{ email: "not-an-email" }, "email", "邮箱格式不正确"],
    [{ qq: "012" }, "qq", "QQ 号应为 5–12 位数字"],
    [{ idCard: "110105194912310021" }, "idCard", "身份证号校验位不正确，请核对"],
    [{ idCard: "abc" }, "idCard", "身份证号应为 17 位数字加 1 位数字或 X"],
    [{ solarBirthday: "2023-02-30" }, "solarBirthday", "日期不存在"],
    [{ solarBirthday: "2999-01-01" }, "solarBirthday", "日期不存在"],
    [{ lunarBirthMonth: "2", lunarBirthDay: "30", lunarBirthYear: "2026" }, "lunarBirthDay", "这个农历月没有这一天（小月只有 29 天）"],
    [{ lunarBirthMonth: "6", lunarBirthDay: "8", lunarBirthYear: "2026", lunarBirthLeap: "on" }, "lunarBirthLeap", "农历 2026 年没有闰6月"],
    [{ lunarBirthDay: "8" }, "lunarBirthMonth", "请填写农历月份"],
    [{ lunarBirthMonth: "13", lunarBirthDay: "8" }, "lunarBirthMonth", "农历月份应为 1–12"],
    [{ stage: "vip" }, "stage", "客户分类无效"],
    [{ sourceId: "not-a-uuid" }, "sourceId", "选择无效"],
    [{ website: "javascript:alert(1)" }, "website", "网址格式不正确"],
    [{ customDates: [{ label: "", date: "2024-01-01" }] }, "customDates.0.label", "请填写事件名称"],
    [{ contacts: [{ name: "王五" }] }, "contacts", "只有单位客户可以添加联系人"],
  ])("%o → %s: %s", (input, field, message) => {
    expect(errorsOf(input)[field]).toBe(message);
  });

  test("form data with repeatable groups and arrays", () => {
    const fd = new FormData();
    fd.append("name", "张伟");
    fd.append("circleIds[]", "a");
    fd.append("circleIds[]", "b");
    fd.append("customDates.1.label", "公司周年");
    fd.append("customDates.1.date", "2020-05-01");
    fd.append("customDates.0.label", "孩子生日");
    fd.append("$ACTION_ID_abc", "");
    expect(parseFormData(fd).values).toEqual({
      name: "张伟",
      circleIds: ["a", "b"],
      customDates: [{ label: "孩子生日" }, { label: "公司周年", date: "2020-05-01" }],
    });
  });
});
