/**
 * The query side of the quick search, with no pinyin library in it, so the offline customer list on the phone
 * (components/offline) matches exactly as the server's search does: a customer matches when its search tokens
 * (lib/search-tokens.ts buildSearchTokens, sent with the working set) contain every token of the query.
 */
export const MAX_PREFIX = 12;

export function cjkRuns(text: string) {
  return text.match(/[\u3400-\u9fff\uf900-\ufaff]+/g) ?? [];
}

/**
 * Tokens a query must all match. A CJK run becomes its bigrams (or the single character), so
 * "张伟" matches names containing 张伟; latin and digits match as prefixes; whitespace separates terms.
 */
export function queryTokens(q: string): string[] {
  const out = new Set<string>();
  for (const term of q.trim().toLowerCase().split(/\s+/).filter(Boolean)) {
    let rest = term;
    for (const run of cjkRuns(term)) {
      const chars = [...run];
      if (chars.length === 1) out.add(run);
      for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
      rest = rest.replace(run, " ");
    }
    for (const w of rest.match(/[a-z0-9][a-z0-9@._-]*/g) ?? []) {
      if (/^\d+$/.test(w)) {
        if (w.length >= 3) out.add(w);
      } else if (w.length >= 2) out.add(w.length > MAX_PREFIX ? w.slice(0, MAX_PREFIX) : w);
    }
  }
  return [...out];
}

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

/** Tokens for a person's or company's name: CJK grams, full pinyin and initials (with prefixes). */
function nameTokens(name: string, out: Set<string>, pinyinOf: (run: string) => string[]) {
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

/** The tokens of a customer, with the pinyin of each CJK run given (pinyin-pro on the server, the sent syllables on a phone). */
export function buildSearchTokensWith(f: SearchableFields, pinyinOf: (run: string) => string[]): string[] {
  const out = new Set<string>();
  nameTokens(f.name, out, pinyinOf);
  if (f.companyName) nameTokens(f.companyName, out, pinyinOf);
  if (f.mobile) digitTokens(f.mobile, out);
  if (f.landline) digitTokens(f.landline, out);
  if (f.email) latinTokens(f.email.split("@")[0] ?? "", out), out.add(f.email.toLowerCase());
  if (f.wechat) latinTokens(f.wechat, out);
  return [...out];
}

/** The same tokens on a phone, from the syllables the server sent (lib/search-tokens.ts pinyinRuns). */
export function tokensFromRuns(f: SearchableFields, py: readonly string[]): string[] {
  const runs = [...cjkRuns(f.name), ...(f.companyName ? cjkRuns(f.companyName) : [])];
  const map = new Map(runs.map((run, i) => [run, (py[i] ?? "").split(" ").filter(Boolean)]));
  return buildSearchTokensWith(f, (run) => map.get(run) ?? []);
}

/** Whether a customer's tokens hold every token of the query (an empty query matches everything). */
export function matchesQuery(tokens: ReadonlySet<string> | readonly string[] | null | undefined, query: string[]) {
  if (!query.length) return true;
  if (!tokens) return false;
  const have = tokens instanceof Set ? tokens : new Set(tokens);
  return query.every((t) => have.has(t));
}
