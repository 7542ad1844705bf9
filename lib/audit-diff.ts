/** One changed field of an audit entry: its value before and after (absent = undefined). */
export type AuditChange = { field: string; before: unknown; after: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/**
 * The fields an audit entry changed: for two records, the keys whose values differ (compared as JSON); a
 * create lists every field of `after`, a delete every field of `before`; scalars compare as one "value".
 */
export function auditDiff(before: unknown, after: unknown): AuditChange[] {
  if (!isRecord(before) && !isRecord(after)) return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field: "value", before, after }];
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).map((k) => ({ field: k, before: b[k], after: a[k] }));
}

/** A value of a diff as short text. */
export function showValue(v: unknown): string {
  if (v === undefined || v === null || v === "") return "-";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every uuid among the top-level values of audit before/after records (the ids worth naming). */
export function auditIds(entries: { before: unknown; after: unknown }[]): string[] {
  const out: string[] = [];
  for (const e of entries)
    for (const side of [e.before, e.after])
      if (isRecord(side)) for (const v of Object.values(side)) if (typeof v === "string" && UUID.test(v)) out.push(v);
  return out;
}
