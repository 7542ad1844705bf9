import { z } from "zod";

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
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    if (!out[key]) out[key] = issue.message;
  }
  return out;
}

/**
 * FormData → plain object. Keys ending in [] collect into arrays; "a.0.b" builds nested arrays of
 * objects (for repeatable groups such as custom dates and company contacts).
 */
export function formDataToObject(fd: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of fd.entries()) {
    if (typeof value !== "string") continue;
    if (rawKey.startsWith("$ACTION")) continue;
    if (rawKey.endsWith("[]")) {
      const k = rawKey.slice(0, -2);
      ((out[k] as string[] | undefined) ?? (out[k] = [] as string[]) as string[]).push(value);
      continue;
    }
    const parts = rawKey.split(".");
    if (parts.length === 3 && /^\d+$/.test(parts[1])) {
      const [k, i, f] = parts;
      const arr = (out[k] as Record<string, string>[] | undefined) ?? (out[k] = [] as Record<string, string>[]);
      const list = arr as Record<string, string>[];
      const idx = Number(i);
      if (idx > 200) continue;
      list[idx] = { ...(list[idx] ?? {}), [f]: value };
      continue;
    }
    out[rawKey] = value;
  }
  for (const v of Object.values(out)) if (Array.isArray(v)) for (let i = 0; i < v.length; i++) if (v[i] === undefined) v.splice(i--, 1);
  return out;
}
