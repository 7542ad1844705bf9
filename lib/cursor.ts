import { isCalendarDate } from "@/lib/dates";
import { hasControlChars, isUuid } from "@/lib/validation/common";

/**
 * Keyset-pagination cursors: [sort key, id] as base64url JSON. A cursor comes back from the URL, so it is
 * checked before it reaches SQL — a tampered, truncated or garbage cursor is just the first page (it used
 * to reach Postgres as `'…'::timestamptz` and fail with a 500).
 */
export type CursorValue = [string, string];

/**
 * What the sort key must be: a timestamptz as Postgres prints it (`::text`), a date (yyyy-mm-dd, or
 * `infinity` for a coalesced missing date), or plain text.
 */
export type CursorKey = "timestamp" | "date" | "text";

export function encodeCursor(v: CursorValue) {
  return Buffer.from(JSON.stringify(v)).toString("base64url");
}

// Postgres' ISO output of timestamptz::text ("2026-03-01 16:30:00.123456+08", "+05:30"), the T/Z forms,
// and ±infinity (a coalesced never-contacted customer sorts as -infinity).
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-](0\d|1[0-5])(:?[0-5]\d){0,2})?$/;

export function isCursorTimestamp(s: string) {
  if (s === "infinity" || s === "-infinity") return true;
  const m = TIMESTAMP.exec(s);
  return !!m && isCalendarDate(m[1]);
}

/** The cursor's value, or null (= first page) when it is absent or not one this list could have made. */
export function decodeCursor(s: string | undefined, key: CursorKey): CursorValue | null {
  if (!s || s.length > 500) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length !== 2 || !isUuid(v[1])) return null;
  const k: unknown = v[0];
  // every list's sort key is non-null (name_pinyin is NOT NULL, last contact is coalesced), so null is forged
  if (typeof k !== "string" || k.length > 300) return null;
  const ok = key === "timestamp" ? isCursorTimestamp(k) : key === "date" ? k === "infinity" || isCalendarDate(k) : !hasControlChars(k);
  if (!ok) return null;
  return [k, v[1]];
}
