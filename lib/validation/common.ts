import { z } from "zod";
import { isCalendarDate } from "@/lib/dates";
import type { ErrorCode } from "../errors";

/** Trimmed optional text: "" → null; longer than max → 「最多 N 个字」. */
export const optText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim()) : v ?? null),
    z.string({ error: "格式不正确" }).max(max, { error: `最多 ${max} 个字` }).nullable(),
  );

export const reqText = (max: number, label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ error: `请填写${label}` }).min(1, { error: `请填写${label}` }).max(max, { error: `最多 ${max} 个字` }),
  );

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === "string" && UUID.test(s);

export const optUuid = z.preprocess(
  (v) => (v === "" || v == null ? null : v),
  z.string().regex(UUID, { error: "选择无效" }).nullable(),
);

/**
 * A zod check that, when it fails, answers with an AppError instead of a field error (read by the action
 * pipeline, lib/action.ts) — e.g. a malformed id is "not found", like an id out of scope.
 */
export const failsAs = (code: ErrorCode, message?: string) => ({ error: message ?? code, params: { appError: code } });

/** The id of a record named by an action's argument or a hidden field: malformed = not found. */
export const entityIdAs = (message: string) => z.custom<string>(isUuid, failsAs("NOT_FOUND", message));
export const entityId = entityIdAs("记录不存在");

/** An optional id (`""`/null/undefined → null, e.g. a form's id field when creating); malformed = not found. */
export const optEntityId = z.preprocess((v) => (v === "" || v == null ? null : v), entityId.nullable());

/** The years a date typed into a form or a URL filter may name; outside them it is a typo (0000-01-01, 20266-…). */
export const MIN_DATE = "1900-01-01";
export const MAX_DATE = "2100-12-31";

/** A real calendar date (lib/dates isCalendarDate) within MIN_DATE…MAX_DATE. */
export const isUsableDate = (s: unknown): s is string => isCalendarDate(s) && s >= MIN_DATE && s <= MAX_DATE;

/** ISO date (yyyy-mm-dd) that really exists; "" → null. */
export const optDate = z.preprocess(
  (v) => (v === "" || v == null ? null : v),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "日期格式应为 年-月-日" })
    .refine(isUsableDate, { error: "日期不存在" })
    .nullable(),
);

// ---------------------------------------------------------------- control characters

// C0 controls and DEL. Postgres refuses U+0000 in text outright (a 500 before this check), and the others
// are invisible in the UI and break CSV exports and search tokens.
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const CONTROL_ALL = /[\u0000-\u001f\u007f]/g;

/**
 * Whether a string holds a control character (U+0000–U+001F, U+007F). With `multiline`, tab, line feed and
 * carriage return are allowed (a textarea sends CRLF). For the action pipeline and any free-text field.
 */
export function hasControlChars(s: string, opts: { multiline?: boolean } = {}) {
  return (opts.multiline ? CONTROL_MULTILINE : CONTROL).test(s);
}

export const CONTROL_CHARS_MESSAGE = "包含不可见的控制字符，请删除后重试";

// ---------------------------------------------------------------- URL filters (searchParams)
//
// A list page's URL is typed, bookmarked and shared by people, so a bad value in it is never an error
// page: every filter below falls back to "unset" (the list shows unfiltered on that field) instead of
// failing. That includes dates that do not exist (2026-02-30, 0000-01-01), which are ignored rather than
// reported — the filter bar shows the field empty, which is what the query used.

/**
 * Free text from the URL (search boxes): control characters become spaces, surrounding space is trimmed,
 * then cut to `max` characters; empty or not a string → undefined. Never fails.
 */
export const searchText = (max = 50) =>
  z.preprocess((v) => {
    if (Array.isArray(v)) v = v[0];
    if (typeof v !== "string") return undefined;
    const s = [...v.replace(CONTROL_ALL, " ").trim()].slice(0, max).join("").trim();
    return s === "" ? undefined : s;
  }, z.string().optional());

/** A calendar date filter from the URL: a usable yyyy-mm-dd, anything else → undefined (ignored). */
export const filterDate = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().refine(isUsableDate).optional().catch(undefined));

/** A uuid filter from the URL; anything else → undefined. */
export const filterUuid = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().regex(UUID).optional().catch(undefined));

/** An opaque cursor from the URL; its content is checked where it is decoded (lib/cursor.ts). */
export const filterCursor = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().max(500).optional().catch(undefined));

/** One of a closed set from the URL; anything else → undefined. */
export const filterEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.enum(values).optional().catch(undefined));

/** searchParams as Next gives them (a key repeated → an array) → one string per key, the first. */
export function firstValues(sp: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = Object.create(null);
  for (const [k, v] of Object.entries(sp)) out[k] = Array.isArray(v) ? v[0] : v;
  return out;
}

export const optInt = (min: number, max: number, msg: string) =>
  z.preprocess(
    (v) => (v === "" || v == null ? null : typeof v === "string" ? Number(v) : v),
    z.number({ error: msg }).int({ error: msg }).min(min, { error: msg }).max(max, { error: msg }).nullable(),
  );

export const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());

/** Zod issues → { field: first Chinese message }, with nested paths joined by dots. */
export function fieldErrors(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    if (!out[key]) out[key] = issue.message;
  }
  return out;
}

/** A form that edits a record when it carries the record's id and creates one when it does not. */
export const withId = <S extends z.ZodType>(schema: S) => z.object({ id: optEntityId }).and(schema);
