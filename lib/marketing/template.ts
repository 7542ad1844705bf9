/**
 * 短信/邮件个性群发 templates: merge fields, fallbacks, rendering, SMS length and the greeting check.
 * Pure: no database, no clock (dates are passed in). A template is plain text with fields in braces,
 * e.g. "尊敬的{称呼|客户}：{业务员}祝您生日快乐". `{字段|备用}` uses 备用 when the customer's field is empty.
 */
// the labels only, no calendar code: the composer runs this file in the browser too
import { lunarDateLabel } from "@/lib/lunar-labels";

export const MERGE_FIELDS = ["姓名", "称呼", "公司", "职务", "生日", "农历生日", "业务员", "业务员手机"] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/** What one recipient fills the fields with (read by db/queries/marketing.ts). */
export type Recipient = {
  name: string;
  kind?: "individual" | "company";
  gender?: "male" | "female" | "unknown" | null;
  /** A custom form of address (王总, 李老师); wins over the one made from gender. */
  salutation?: string | null;
  companyName?: string | null;
  title?: string | null;
  solarBirthday?: string | null;
  lunarBirthMonth?: number | null;
  lunarBirthDay?: number | null;
  lunarBirthLeap?: boolean | null;
  ownerName?: string | null;
  ownerMobile?: string | null;
};

/** Two-character surnames common enough to matter for 称呼 (欧阳先生, not 欧先生). */
const COMPOUND_SURNAMES = new Set([
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离", "端木", "西门", "南宫", "独孤", "申屠", "澹台", "闻人", "万俟",
]);

/** The surname of a Chinese name (compound surnames kept whole); "" for a name that is not Chinese. */
export function surname(name: string) {
  const n = name.trim();
  if (!/^[\u3400-\u9fff]/.test(n)) return "";
  return COMPOUND_SURNAMES.has(n.slice(0, 2)) && n.length > 2 ? n.slice(0, 2) : n.slice(0, 1);
}

/** {称呼}: the custom form of address, else surname + 先生/女士 from gender; "" when neither is known. */
export function salutationOf(r: Recipient) {
  if (r.salutation?.trim()) return r.salutation.trim();
  if (r.kind === "company") return "";
  const s = surname(r.name);
  if (!s) return "";
  if (r.gender === "male") return `${s}先生`;
  if (r.gender === "female") return `${s}女士`;
  return "";
}

function solarLabel(iso: string | null | undefined) {
  const m = iso ? /^\d{4}-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${Number(m[1])}月${Number(m[2])}日` : "";
}

/** The value of each field for one recipient ("" when the record has none). */
export function fieldValues(r: Recipient): Record<MergeField, string> {
  return {
    姓名: r.name?.trim() ?? "",
    称呼: salutationOf(r),
    公司: (r.kind === "company" ? r.name : r.companyName)?.trim() ?? "",
    职务: r.title?.trim() ?? "",
    生日: solarLabel(r.solarBirthday),
    农历生日: r.lunarBirthMonth && r.lunarBirthDay ? lunarDateLabel({ month: r.lunarBirthMonth, day: r.lunarBirthDay, leap: !!r.lunarBirthLeap }) : "",
    业务员: r.ownerName?.trim() ?? "",
    业务员手机: r.ownerMobile?.trim() ?? "",
  };
}

export type Token = { text: string } | { field: string; fallback: string | null; raw: string };

export type TemplateProblem =
  | { kind: "unknown_field"; field: string }
  | { kind: "unclosed_brace" }
  | { kind: "stray_brace" }
  | { kind: "empty_body" }
  | { kind: "no_fallback"; field: MergeField };

/** Splits a template into text and fields; braces that do not pair are reported, never dropped. */
export function parseTemplate(body: string): { tokens: Token[]; problems: TemplateProblem[] } {
  const tokens: Token[] = [];
  const problems: TemplateProblem[] = [];
  let i = 0;
  let text = "";
  while (i < body.length) {
    const c = body[i];
    if (c === "{") {
      const end = body.indexOf("}", i + 1);
      const next = body.indexOf("{", i + 1);
      if (end < 0 || (next >= 0 && next < end)) {
        problems.push({ kind: "unclosed_brace" });
        text += c;
        i++;
        continue;
      }
      if (text) tokens.push({ text });
      text = "";
      const raw = body.slice(i, end + 1);
      const inner = raw.slice(1, -1);
      const bar = inner.indexOf("|");
      const field = (bar < 0 ? inner : inner.slice(0, bar)).trim();
      const fallback = bar < 0 ? null : inner.slice(bar + 1);
      if (!(MERGE_FIELDS as readonly string[]).includes(field)) problems.push({ kind: "unknown_field", field });
      tokens.push({ field, fallback, raw });
      i = end + 1;
    } else {
      if (c === "}") problems.push({ kind: "stray_brace" });
      text += c;
      i++;
    }
  }
  if (text) tokens.push({ text });
  if (!body.trim()) problems.push({ kind: "empty_body" });
  return { tokens, problems };
}

export type Rendered = { text: string; empty: MergeField[] };

/** Fills the fields for one recipient; `empty` lists the fields that had neither a value nor a fallback. */
export function render(body: string, r: Recipient): Rendered {
  const values = fieldValues(r);
  const empty: MergeField[] = [];
  let out = "";
  for (const t of parseTemplate(body).tokens) {
    if ("text" in t) out += t.text;
    else if (!(MERGE_FIELDS as readonly string[]).includes(t.field)) out += t.raw;
    else {
      const v = values[t.field as MergeField];
      if (v) out += v;
      else if (t.fallback != null && t.fallback !== "") out += t.fallback;
      else if (t.fallback == null) empty.push(t.field as MergeField);
    }
  }
  return { text: out, empty };
}

/** Fields that are empty for some customers (every field but 姓名 and 业务员 can be). */
const MAY_BE_EMPTY: ReadonlySet<MergeField> = new Set(["称呼", "公司", "职务", "生日", "农历生日", "业务员手机"]);

/**
 * The greeting check: what in the template itself would send a broken message — an unknown field, a brace
 * that does not pair, an empty body, a field that may be empty used without a fallback.
 */
export function checkTemplate(body: string): TemplateProblem[] {
  const { tokens, problems } = parseTemplate(body);
  const seen = new Set<string>();
  for (const t of tokens)
    if ("field" in t && t.fallback == null && MAY_BE_EMPTY.has(t.field as MergeField) && !seen.has(t.field)) {
      seen.add(t.field);
      problems.push({ kind: "no_fallback", field: t.field as MergeField });
    }
  return problems;
}

/**
 * Whether a rendered message reads as a broken greeting: an opening like "尊敬的：" / "亲爱的，" / "Dear ,"
 * with nothing addressed, a leftover brace, or punctuation doubled by an empty field ("您好，，").
 */
export function brokenGreeting(text: string): boolean {
  const t = text.trim();
  if (!t) return true;
  if (/[{}]/.test(t)) return true;
  if (/^(尊敬的|亲爱的|敬爱的)\s*[:：,，!！、。]/.test(t)) return true;
  if (/^(dear|hi|hello)\s*[,:!]/i.test(t)) return true;
  if (/^[:：,，、。!！]/.test(t)) return true;
  if (/[，,：:、]\s*[，,：:、。！!]/.test(t)) return true;
  return false;
}

/** A rendered message is flagged when a field came out empty without a fallback or the greeting reads broken. */
export function flagRendered(r: Rendered) {
  return r.empty.length > 0 || brokenGreeting(r.text);
}

// ---------------------------------------------------------------- SMS length

/** The opt-out line every marketing SMS ends with (回T退订); it counts towards the length. */
export const SMS_OPT_OUT = "回T退订";

/** GSM 7-bit basic characters: an SMS of only these is 160 per segment (153 when split). */
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

/**
 * The full SMS as the phone receives it — 【签名】 + text + opt-out — and what it costs: one segment up to
 * 70 characters (UCS-2, any Chinese), otherwise ceil(n / 67); 160 / 153 for a message of GSM characters only.
 * Characters are counted as code points (an emoji outside the BMP counts 2 in UCS-2: counted as UTF-16 units).
 */
export function smsLength(text: string, signName: string) {
  const full = `【${signName}】${text}${text.endsWith(" ") ? "" : " "}${SMS_OPT_OUT}`;
  const gsm = GSM7.test(full);
  const length = full.length; // UTF-16 units, what UCS-2 carries
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  const segments = length <= single ? 1 : Math.ceil(length / multi);
  return { full, length, segments, perSegment: segments === 1 ? single : multi };
}

/** The SMS body a transport sends: the text plus the opt-out line (the provider adds the 【签名】 itself). */
export function smsBody(text: string) {
  return `${text}${text.endsWith(" ") ? "" : " "}${SMS_OPT_OUT}`;
}
