import { createHash } from "node:crypto";
import zhCustomer from "@/messages/zh-CN/customer.json";
import { looksLunar, parseLunarText } from "@/lib/lunar";
import { CUSTOMER_STAGES } from "@/lib/stages";
import { fieldErrors } from "@/lib/validation/common";
import { customerInputSchema, type CustomerInput } from "@/lib/validation/customer";
import { DICTIONARY_FIELDS, type ImportDictionaryKind, type ImportField } from "./fields";

/**
 * What a dictionary value of the file resolves to: an item's id; null = leave empty (the user chose to ignore
 * it, or it will be created when applying); undefined = not in the dictionary and no choice made yet.
 */
export type DictionaryResolver = (kind: ImportDictionaryKind, value: string) => string | null | undefined;

export type RowResult = {
  input: CustomerInput | null;
  /** Import field → message, for a row the form would refuse. */
  errors: Record<string, string> | null;
  /** Dictionary values the dictionaries do not have. */
  unknown: { kind: ImportDictionaryKind; value: string }[];
  /** Identity of the row's customer, for finding it again when the same file is imported twice. */
  key: string | null;
};

/** A date as spreadsheets write it (2026-1-2, 2026/01/02, 2026.1.2, 2026年1月2日, 20260102) → yyyy-mm-dd; else as is (the schema says why). */
export function parseDateText(s: string) {
  const t = s.normalize("NFKC").trim();
  const pad = (n: string) => n.padStart(2, "0");
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t);
  if (m) return `${m[1]}-${pad(m[2])}-${pad(m[3])}`;
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  return t;
}

const norm = (s: string) => s.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, "");
const STAGE_BY_LABEL = new Map<string, string>();
for (const s of CUSTOMER_STAGES) {
  const label = zhCustomer.customer.stages[s];
  STAGE_BY_LABEL.set(norm(label), s);
  STAGE_BY_LABEL.set(norm(label.replace(/客户$/, "")), s);
  STAGE_BY_LABEL.set(s, s);
}
const GENDER: Record<string, string> = { 男: "male", 男性: "male", 先生: "male", m: "male", male: "male", 女: "female", 女性: "female", 女士: "female", f: "female", female: "female", 未知: "unknown" };
const MARITAL: Record<string, string> = { 未婚: "single", 单身: "single", single: "single", 已婚: "married", married: "married", 离异: "divorced", 离婚: "divorced", divorced: "divorced", 丧偶: "widowed", widowed: "widowed", 未知: "unknown" };
const KIND: Record<string, string> = { 个人: "individual", 个人客户: "individual", individual: "individual", person: "individual", 单位: "company", 单位客户: "company", 公司: "company", 企业: "company", company: "company" };

/** A closed set's value from its Chinese or English label; an unknown label is kept, for the schema to refuse. */
const lookup = (table: Record<string, string> | Map<string, string>, raw: string) => {
  if (!raw) return "";
  const k = norm(raw);
  return (table instanceof Map ? table.get(k) : Object.hasOwn(table, k) ? table[k] : undefined) ?? raw;
};

/** Form field (zod path head) → the import field that fed it. */
function importFieldOf(path: string, mapped: Set<ImportField>): string {
  const head = path.split(".")[0];
  if (head.startsWith("lunarBirth")) return mapped.has("lunarBirthday") ? "lunarBirthday" : "birthday";
  const table: Record<string, ImportField> = {
    solarBirthday: "birthday",
    introducerText: "introducer",
    sourceId: "source",
    industryId: "industry",
    regionId: "region",
    cityId: "city",
    circleIds: "circles",
  };
  return table[head] ?? head;
}

/**
 * One row of a file → the customer form's input, checked by the form's own schema (customerInputSchema), so
 * an import accepts exactly what the form accepts: mobile, e-mail, ID-card check digit, dates, lunar dates.
 * Pure: dictionary values are resolved by `dict`.
 */
export function buildCustomerRow(cells: string[], mapping: Record<string, ImportField>, dict: DictionaryResolver): RowResult {
  const v: Partial<Record<ImportField, string>> = {};
  for (const [col, field] of Object.entries(mapping)) {
    const raw = (cells[Number(col)] ?? "").trim();
    if (raw && !v[field]) v[field] = raw;
  }
  const errors: Record<string, string> = {};
  const unknown: RowResult["unknown"] = [];
  const resolve = (field: keyof typeof DICTIONARY_FIELDS, raw: string) => {
    const kind = DICTIONARY_FIELDS[field];
    const id = dict(kind, raw);
    if (id === undefined) unknown.push({ kind, value: raw });
    return id ?? null;
  };
  const o: Record<string, unknown> = {
    kind: lookup(KIND, v.kind ?? "") || "individual",
    name: v.name ?? "",
    companyName: v.companyName,
    title: v.title,
    mobile: v.mobile,
    email: v.email,
    qq: v.qq,
    wechat: v.wechat,
    landline: v.landline,
    gender: lookup(GENDER, v.gender ?? ""),
    address: v.address,
    website: v.website,
    introducerText: v.introducer,
    firstImpression: v.firstImpression,
    metOn: v.metOn ? parseDateText(v.metOn) : null,
    weddingAnniversary: v.weddingAnniversary ? parseDateText(v.weddingAnniversary) : null,
    importantDateNotes: v.importantDateNotes,
    nativePlace: v.nativePlace,
    maritalStatus: lookup(MARITAL, v.maritalStatus ?? ""),
    homeAddress: v.homeAddress,
    idCard: v.idCard,
    stage: lookup(STAGE_BY_LABEL, v.stage ?? ""),
    creditGrade: v.creditGrade,
    otherCategory: v.otherCategory,
    otherGrade: v.otherGrade,
    personality: v.personality,
    sourceId: v.source ? resolve("source", v.source) : null,
    industryId: v.industry ? resolve("industry", v.industry) : null,
    regionId: v.region ? resolve("region", v.region) : null,
    cityId: v.city ? resolve("city", v.city) : null,
    circleIds: v.circles
      ? [...new Set(v.circles.split(/[,，、;；/|]/).map((s) => s.trim()).filter(Boolean))].map((c) => resolve("circles", c)).filter((x): x is string => !!x)
      : [],
  };
  const lunarText = v.lunarBirthday ?? (v.birthday && looksLunar(v.birthday) ? v.birthday : undefined);
  if (v.birthday && v.birthday !== lunarText) o.solarBirthday = parseDateText(v.birthday);
  if (lunarText) {
    const l = parseLunarText(lunarText);
    if (!l) errors[v.lunarBirthday ? "lunarBirthday" : "birthday"] = `农历生日无法识别：「${lunarText}」，请写成如 农历三月初八、闰四月初八`;
    else Object.assign(o, { lunarBirthYear: l.year ?? null, lunarBirthMonth: l.month, lunarBirthDay: l.day, lunarBirthLeap: l.leap });
  }
  const r = customerInputSchema.safeParse(o);
  if (!r.success) {
    const mapped = new Set(Object.values(mapping));
    for (const [path, msg] of Object.entries(fieldErrors(r.error))) {
      const f = importFieldOf(path, mapped);
      errors[f] ??= msg;
    }
  }
  if (Object.keys(errors).length || !r.success) return { input: null, errors, unknown, key: null };
  return { input: r.data, errors: null, unknown, key: rowKey(r.data) };
}

/** The customer's identity fields, hashed: the same person from the same file gives the same key. */
export function rowKey(c: CustomerInput) {
  const id = [c.kind, c.name, c.companyName, c.mobile, c.email, c.landline, c.wechat, c.qq, c.idCard].map((x) => x ?? "");
  return createHash("sha256").update(JSON.stringify(id)).digest("base64url").slice(0, 32);
}
