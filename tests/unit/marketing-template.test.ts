import { describe, expect, it } from "vitest";
import { brokenGreeting, checkTemplate, fieldValues, flagRendered, parseTemplate, render, salutationOf, smsLength, surname } from "@/lib/marketing/template";

const wang = { name: "王建国", gender: "male" as const, companyName: "深圳华强", title: "采购经理", solarBirthday: "1980-03-09", lunarBirthMonth: 6, lunarBirthDay: 8, lunarBirthLeap: true, ownerName: "李明", ownerMobile: "13800000001" };

describe("merge fields", () => {
  it("fills every field from the record", () => {
    expect(fieldValues(wang)).toEqual({ 姓名: "王建国", 称呼: "王先生", 公司: "深圳华强", 职务: "采购经理", 生日: "3月9日", 农历生日: "闰六月初八", 业务员: "李明", 业务员手机: "13800000001" });
  });
  it("称呼 from gender, compound surnames, a custom form of address, and nothing for unknown gender", () => {
    expect(salutationOf({ name: "李娜", gender: "female" })).toBe("李女士");
    expect(salutationOf({ name: "欧阳明", gender: "male" })).toBe("欧阳先生");
    expect(salutationOf({ name: "王建国", gender: "male", salutation: "王总" })).toBe("王总");
    expect(salutationOf({ name: "王建国", gender: "unknown" })).toBe("");
    expect(salutationOf({ name: "Tom Lee", gender: "male" })).toBe("");
    expect(salutationOf({ name: "华强电子", kind: "company", gender: "male" })).toBe("");
    expect(surname("欧阳")).toBe("欧");
  });
  it("renders with fallbacks and reports empty fields without one", () => {
    expect(render("尊敬的{称呼|客户}：{业务员}祝您生日快乐", wang).text).toBe("尊敬的王先生：李明祝您生日快乐");
    const anon = { name: "张三", gender: "unknown" as const };
    expect(render("尊敬的{称呼|客户}：您好", anon)).toEqual({ text: "尊敬的客户：您好", empty: [] });
    expect(render("尊敬的{称呼}：您好", anon)).toEqual({ text: "尊敬的：您好", empty: ["称呼"] });
    expect(render("{姓名|}你好", { name: "" })).toEqual({ text: "你好", empty: [] });
    expect(flagRendered(render("尊敬的{称呼}：您好", anon))).toBe(true);
    expect(flagRendered(render("{姓名}，您好", anon))).toBe(false);
  });
});

describe("template check", () => {
  it("flags unknown fields, unpaired braces, empty bodies and fields without fallback", () => {
    expect(checkTemplate("{姓名}您好")).toEqual([]);
    expect(checkTemplate("{名字}您好")).toEqual([{ kind: "unknown_field", field: "名字" }]);
    expect(checkTemplate("{姓名您好").map((p) => p.kind)).toEqual(["unclosed_brace"]);
    expect(checkTemplate("姓名}您好").map((p) => p.kind)).toEqual(["stray_brace"]);
    expect(checkTemplate("  ").map((p) => p.kind)).toEqual(["empty_body"]);
    expect(checkTemplate("尊敬的{称呼}，{公司|贵公司}")).toEqual([{ kind: "no_fallback", field: "称呼" }]);
    expect(parseTemplate("a{姓名|朋友}b").tokens).toEqual([{ text: "a" }, { field: "姓名", fallback: "朋友", raw: "{姓名|朋友}" }, { text: "b" }]);
  });
  it("recognises broken greetings", () => {
    for (const s of ["尊敬的：您好", "亲爱的，生日快乐", "Dear , hello", "，您好", "您好，，祝好", "{姓名}"]) expect(brokenGreeting(s), s).toBe(true);
    for (const s of ["尊敬的王先生：您好", "王建国，生日快乐", "Dear Tom, hello"]) expect(brokenGreeting(s), s).toBe(false);
  });
});

describe("SMS length", () => {
  it("counts the signature and the opt-out; 70 per single segment, 67 when split", () => {
    const sign = "知客"; // 【知客】 = 4, " 回T退订" = 5
    expect(smsLength("", sign).length).toBe(9);
    const fits = "好".repeat(61);
    expect(smsLength(fits, sign)).toMatchObject({ length: 70, segments: 1 });
    expect(smsLength(fits + "好", sign)).toMatchObject({ length: 71, segments: 2, perSegment: 67 });
    expect(smsLength("好".repeat(67 * 2 - 9), sign).segments).toBe(2);
    expect(smsLength("好".repeat(67 * 2 - 8), sign).segments).toBe(3);
  });
});
