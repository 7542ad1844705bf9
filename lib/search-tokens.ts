import { pinyin } from "pinyin-pro";
import { buildSearchTokensWith, cjkRuns, type SearchableFields } from "./search-query";

export type { SearchableFields } from "./search-query";

export { queryTokens } from "./search-query";

/**
 * Quick-search tokens kept in customers.search_tokens (GIN, queried by containment).
 * pg_trgm indexes nothing under 3 characters and most Chinese names are 2, so we index
 * CJK unigrams and bigrams, pinyin (full and initials, with prefixes), latin words and phone digits.
 */

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

export function buildSearchTokens(f: SearchableFields): string[] {
  return buildSearchTokensWith(f, pinyinOf);
}

/** The syllables of each CJK run of a name and its company, space-joined: what a phone needs to build the same tokens. */
export function pinyinRuns(f: Pick<SearchableFields, "name" | "companyName">): string[] {
  return [...cjkRuns(f.name), ...(f.companyName ? cjkRuns(f.companyName) : [])].map((run) => pinyinOf(run).join(" "));
}

/** Full pinyin of a name, lower-case, no spaces: the sort key for ordering by name. */
export function namePinyin(name: string) {
  return (pinyin(name, { toneType: "none", type: "array", nonZh: "consecutive", v: true }) as string[]).join("").toLowerCase().replace(/\s+/g, "");
}
