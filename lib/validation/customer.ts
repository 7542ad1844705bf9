import { z } from "zod";
import { idCardProblem, normalizeIdCard } from "../id-card";
import { lunarDateProblem } from "../lunar";
import { CUSTOMER_STAGES } from "@/lib/stages";
import { checkbox, filterCursor, filterEnum, filterUuid, optDate, optInt, optText, optUuid, reqText, searchText } from "./common";
import { today as companyToday } from "@/lib/dates";

export const GENDERS = ["male", "female", "unknown"] as const;
export const MARITAL = ["single", "married", "divorced", "widowed", "unknown"] as const;

/** Mobile numbers of mainland China; spaces, dashes and a +86 / 0086 prefix are dropped. */
export function normalizeMobile(s: string) {
  return s.replace(/[\s-]/g, "").replace(/^(\+86|0086)/, "");
}

const mobile = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : normalizeMobile(v)) : v ?? null),
  z.string().regex(/^1[3-9]\d{9}$/, { error: "手机号应为 11 位数字，以 1 开头" }).nullable(),
);
const email = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim().toLowerCase()) : v ?? null),
  z.string().max(100, { error: "最多 100 个字" }).pipe(z.email({ error: "邮箱格式不正确" })).nullable(),
);
const qq = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim()) : v ?? null),
  z.string().regex(/^[1-9]\d{4,11}$/, { error: "QQ 号应为 5–12 位数字" }).nullable(),
);
const wechat = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim()) : v ?? null),
  z.string().regex(/^[A-Za-z0-9_-]{2,40}$/, { error: "微信号只能包含字母、数字、下划线和减号" }).nullable(),
);
const landline = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim()) : v ?? null),
  z.string().regex(/^[0-9+()\- ]{6,20}$/, { error: "座机号码格式不正确" }).nullable(),
);
const website = z.preprocess(
  (v) => {
    if (typeof v !== "string" || v.trim() === "") return null;
    const s = v.trim();
    return /^https?:\/\//i.test(s) ? s : `https://${s}`;
  },
  z.string().max(200, { error: "最多 200 个字" }).pipe(z.url({ protocol: /^https?$/, error: "网址格式不正确" })).nullable(),
);
const idCard = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : normalizeIdCard(v)) : v ?? null),
  z
    .string()
    .max(18, { error: "身份证号应为 18 位" })
    .superRefine((s, ctx) => {
      const p = idCardProblem(s);
      if (p === "format") ctx.addIssue({ code: "custom", message: "身份证号应为 17 位数字加 1 位数字或 X" });
      if (p === "birthdate") ctx.addIssue({ code: "custom", message: "身份证号中的出生日期不存在" });
      if (p === "checksum") ctx.addIssue({ code: "custom", message: "身份证号校验位不正确，请核对" });
    })
    .nullable(),
);

const customDate = z.object({
  label: reqText(30, "事件名称"),
  date: optDate.refine((d) => d !== null, { error: "请填写日期" }),
  notes: optText(200),
});

const contact = z.object({
  name: reqText(50, "联系人姓名"),
  title: optText(50),
  mobile,
  email,
});

/** The fields of the customer form, before the cross-field checks (customerInputSchema). */
const customerFields = z.object({
    kind: z.enum(["individual", "company"], { error: "客户类型无效" }).default("individual"),
    name: reqText(100, "客户名称"),
    companyId: optUuid,
    companyName: optText(100),
    title: optText(50),
    salutation: optText(20),
    mobile,
    email,
    qq,
    wechat,
    landline,
    gender: z.preprocess((v) => (v === "" || v == null ? "unknown" : v), z.enum(GENDERS, { error: "性别无效" })),
    address: optText(200),
    website,
    companySize: optText(50),
    introducerId: optUuid,
    introducerText: optText(50),
    sourceId: optUuid,
    firstImpression: optText(2000),
    metOn: optDate,
    solarBirthday: optDate,
    lunarBirthYear: optInt(1900, 2100, "农历年份应在 1900–2100 之间"),
    lunarBirthMonth: optInt(1, 12, "农历月份应为 1–12"),
    lunarBirthDay: optInt(1, 30, "农历日应为 1–30"),
    lunarBirthLeap: checkbox,
    weddingAnniversary: optDate,
    importantDateNotes: optText(500),
    nativePlace: optText(50),
    maritalStatus: z.preprocess((v) => (v === "" || v == null ? "unknown" : v), z.enum(MARITAL, { error: "婚姻状况无效" })),
    homeAddress: optText(200),
    idCard,
    idCardClear: checkbox,
    industryId: optUuid,
    regionId: optUuid,
    cityId: optUuid,
    circleIds: z.array(z.string().uuid({ error: "人脉圈选择无效" })).max(20, { error: "最多 20 个人脉圈" }).default([]),
    stage: z.preprocess((v) => (v === "" || v == null ? "potential" : v), z.enum(CUSTOMER_STAGES, { error: "客户分类无效" })),
    otherCategory: optText(50),
    valueGradeOverride: optText(10),
    creditGrade: optText(20),
    otherGrade: optText(20),
    personality: optText(2000),
    ownerId: optUuid,
    customDates: z.array(customDate).max(20, { error: "最多 20 个自定义日期" }).default([]),
    contacts: z.array(contact).max(50, { error: "最多 50 位联系人" }).default([]),
    version: optInt(1, 2 ** 31 - 1, "版本无效"),
    confirmDuplicate: checkbox,
  });

export const customerInputSchema = customerFields.superRefine((c, ctx) => {
    const today = companyToday();
    if (c.solarBirthday && c.solarBirthday > today) ctx.addIssue({ code: "custom", path: ["solarBirthday"], message: "生日不能晚于今天" });
    if (c.metOn && c.metOn > today) ctx.addIssue({ code: "custom", path: ["metOn"], message: "认识时间不能晚于今天" });
    const anyLunar = c.lunarBirthMonth != null || c.lunarBirthDay != null || c.lunarBirthYear != null || c.lunarBirthLeap;
    if (anyLunar) {
      if (c.lunarBirthMonth == null) ctx.addIssue({ code: "custom", path: ["lunarBirthMonth"], message: "请填写农历月份" });
      if (c.lunarBirthDay == null) ctx.addIssue({ code: "custom", path: ["lunarBirthDay"], message: "请填写农历日" });
      if (c.lunarBirthMonth != null && c.lunarBirthDay != null) {
        const p = lunarDateProblem({ year: c.lunarBirthYear, month: c.lunarBirthMonth, day: c.lunarBirthDay, leap: c.lunarBirthLeap });
        if (p === "leap") ctx.addIssue({ code: "custom", path: ["lunarBirthLeap"], message: `农历 ${c.lunarBirthYear} 年没有闰${c.lunarBirthMonth}月` });
        if (p === "day") ctx.addIssue({ code: "custom", path: ["lunarBirthDay"], message: "这个农历月没有这一天（小月只有 29 天）" });
      }
    }
    if (c.kind === "individual" && c.contacts.length) ctx.addIssue({ code: "custom", path: ["contacts"], message: "只有单位客户可以添加联系人" });
  });

export type CustomerInput = z.infer<typeof customerInputSchema>;

/** The card fields a rep may edit offline (the profile's header and contact details); only those sent change. */
export const CARD_FIELDS = ["name", "title", "companyName", "mobile", "landline", "email", "wechat", "qq", "gender", "address", "stage", "personality", "firstImpression"] as const;
export type CardField = (typeof CARD_FIELDS)[number];
export const customerCardSchema = customerFields
  .pick({ name: true, title: true, companyName: true, mobile: true, landline: true, email: true, wechat: true, qq: true, gender: true, address: true, stage: true, personality: true, firstImpression: true })
  .partial();
export type CustomerCard = z.infer<typeof customerCardSchema>;

export const customerListQuerySchema = z.object({
  q: searchText(50),
  stage: filterEnum(CUSTOMER_STAGES),
  grade: searchText(10),
  industry: filterUuid,
  region: filterUuid,
  city: filterUuid,
  circle: filterUuid,
  source: filterUuid,
  owner: filterUuid,
  kind: filterEnum(["individual", "company"]),
  sort: filterEnum(["updated", "created", "name", "contact"]).transform((v) => v ?? "updated"),
  dir: filterEnum(["asc", "desc"]).transform((v) => v ?? "desc"),
  cursor: filterCursor,
  deleted: filterEnum(["1"]),
});
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;

/** The quick search's parameters (/api/customers/search). */
export const customerSearchQuerySchema = z.object({ q: searchText(50), kind: filterEnum(["individual", "company"]) });
