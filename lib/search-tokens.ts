import { pinyin } from "pinyin-pro";
import { cjkRuns, MAX_PREFIX } from "./search-query";

export { queryTokens } from "./search-query";

/**
 * Quick-search tokens kept in customers.search_tokens (GIN, queried by containment).
 * pg_trgm indexes nothing under 3 characters and most Chinese names are 2, so we index
 * CJK unigrams and bigrams, pinyin (full and initials, with prefixes), latin words and phone digits.
 */

function prefixes(s: string, min: number) {
  const out: string[] = [];
  for (let i = min; i <= Math.min(s.length, MAX_PREFIX); i++) out.push(s.slice(0, i));
  if (s.length > MAX_PREFIX) out.push(s);
  return out;
}

function cjkGrams(run: string) {
  const chars = [...run];
  const out = new Set(chars);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

/**
 * pinyin-pro costs ~0.3 ms per company name, which was most of an import's time (100,000 rows ≈ 60 s of
 * pinyin); names and companies repeat in a file, so a bounded memo of runs → syllables (pure, so safe to share).
 */
const PINYIN_MEMO = new Map<string, string[]>();
const PINYIN_MEMO_MAX = 20_000;

function pinyinOf(text: string) {
  const hit = PINYIN_MEMO.get(text);
  if (hit) return hit;
  const syllables = pinyin(text, { toneType: "none", type: "array", nonZh: "removed", v: true }) as string[];
  const out = syllables.map((s) => s.toLowerCase().replace(/[^a-z]/g, "")).filter(Boolean);
  if (PINYIN_MEMO.size >= PINYIN_MEMO_MAX) PINYIN_MEMO.clear();
  PINYIN_MEMO.set(text, out);
  return out;
}

/** Tokens for a person's or company's name: CJK grams, full pinyin and initials (with prefixes). */
function nameTokens(name: string, out: Set<string>) {
  for (const run of cjkRuns(name)) {
    for (const g of cjkGrams(run)) out.add(g);
    const syl = pinyinOf(run);
    if (syl.length) {
      const full = syl.join("");
      const initials = syl.map((s) => s[0]).join("");
      for (const p of prefixes(full, 2)) out.add(p);
      for (const p of prefixes(initials, 2)) out.add(p);
      for (const s of syl) out.add(s);
    }
  }
  latinTokens(name, out);
}

function latinTokens(text: string, out: Set<string>) {
  for (const w of text.toLowerCase().match(/[a-z0-9][a-z0-9@._-]*/g) ?? []) {
    for (const p of prefixes(w, 2)) out.add(p);
  }
}

function digitTokens(phone: string, out: Set<string>) {
  const d = phone.replace(/\D/g, "");
  if (d.length < 3) return;
  for (let i = 3; i <= d.length; i++) out.add(d.slice(0, i));
  for (let i = 4; i < d.length; i++) out.add(d.slice(d.length - i));
}

export type SearchableFields = {
  name: string;
  companyName?: string | null;
  mobile?: string | null;
  landline?: string | null;
  email?: string | null;
  wechat?: string | null;
};

export function buildSearchTokens(f: SearchableFields): string[] {
  const out = new Set<string>();
  nameTokens(f.name, out);
  if (f.companyName) nameTokens(f.companyName, out);
  if (f.mobile) digitTokens(f.mobile, out);
  if (f.landline) digitTokens(f.landline, out);
  if (f.email) latinTokens(f.email.split("@")[0] ?? "", out), out.add(f.email.toLowerCase());
  if (f.wechat) latinTokens(f.wechat, out);
  return [...out];
}

/** Full pinyin of a name, lower-case, no spaces: the sort key for ordering by name. */
export function namePinyin(name: string) {
  return (pinyin(name, { toneType: "none", type: "array", nonZh: "consecutive", v: true }) as string[]).join("").toLowerCase().replace(/\s+/g, "");
}
