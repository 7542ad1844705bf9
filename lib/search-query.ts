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

/** Whether a customer's tokens hold every token of the query (an empty query matches everything). */
export function matchesQuery(tokens: readonly string[] | null | undefined, query: string[]) {
  if (!query.length) return true;
  if (!tokens) return false;
  const have = new Set(tokens);
  return query.every((t) => have.has(t));
}
