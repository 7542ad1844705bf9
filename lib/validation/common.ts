import { z } from "zod";
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

/** ISO date (yyyy-mm-dd) that really exists; "" → null. */
export const optDate = z.preprocess(
  (v) => (v === "" || v == null ? null : v),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "日期格式应为 年-月-日" })
    .refine((s) => {
      const d = new Date(s + "T00:00:00Z");
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= "1900-01-01" && s <= "2100-12-31";
    }, { error: "日期不存在" })
    .nullable(),
);

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
