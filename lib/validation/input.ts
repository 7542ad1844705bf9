/**
 * Turns what arrives from the wire (FormData, or the arguments of a server action) into plain data the
 * zod schemas can read — safely. Everything is built into null-prototype objects, and a key that could
 * reach a prototype (`__proto__`, `constructor`, `prototype`) anywhere in a path is refused outright:
 * before this, a field named `__proto__.0.x` wrote `Object.prototype[0]` for the whole server process,
 * and every query failed until a restart.
 */

import type { SubmittedValues } from "../submitted";
import { CONTROL_CHARS_MESSAGE, hasControlChars } from "./common";

/** A parsed form: strings, files, repeated groups — never inheriting from Object.prototype. */
export type InputRecord = { [key: string]: InputValue };
export type InputValue = string | File | InputValue[] | InputRecord;

/** Why the input was refused as a whole (the caller answers with a validation error). */
export class UnsafeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeInputError";
  }
}

const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

/** Most entries a form may carry, longest key, deepest nesting, largest repeated-group index. */
export const INPUT_LIMITS = { entries: 2_000, keyLength: 200, depth: 12, nodes: 20_000, groupIndex: 200 } as const;

/** Every submitted string is checked here, so no schema has to remember to (a textarea may hold tabs and new lines). */
const hasControl = (s: string) => hasControlChars(s, { multiline: true });

function record(): InputRecord {
  return Object.create(null) as InputRecord;
}

function checkSegments(key: string) {
  if (key.length > INPUT_LIMITS.keyLength) throw new UnsafeInputError("字段名过长");
  for (const seg of key.split(/[.[\]]/)) if (FORBIDDEN_SEGMENTS.has(seg)) throw new UnsafeInputError("请求包含无效的字段名");
}

export type ParsedInput<T> = {
  values: T;
  /** Text fields that hold control characters, by their path (a.0.b), each with its Chinese message. */
  fieldErrors?: Record<string, string>;
};

/**
 * FormData → a null-prototype record. `name[]` collects an array of strings; `group.0.field` builds an array
 * of records (repeatable groups such as custom dates and company contacts); every other key is a plain field
 * (the last value wins). Next's own `$ACTION…` fields are skipped. Files are kept for schemas that take them.
 */
export function parseFormData(fd: FormData): ParsedInput<InputRecord> {
  const out = record();
  const groups = new Map<string, InputRecord[]>();
  const errors: Record<string, string> = {};
  let n = 0;
  for (const [key, value] of fd.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (++n > INPUT_LIMITS.entries) throw new UnsafeInputError("提交的字段过多");
    checkSegments(key);
    if (typeof value === "string" && hasControl(value)) errors[key.endsWith("[]") ? key.slice(0, -2) : key] = CONTROL_CHARS_MESSAGE;
    if (key.endsWith("[]")) {
      const k = key.slice(0, -2);
      const prev = out[k];
      if (Array.isArray(prev)) prev.push(value);
      else out[k] = [value];
      continue;
    }
    const parts = key.split(".");
    if (parts.length === 3 && /^\d{1,3}$/.test(parts[1])) {
      const [k, i, f] = parts;
      const idx = Number(i);
      if (idx > INPUT_LIMITS.groupIndex) continue;
      let list = groups.get(k);
      if (!list) groups.set(k, (list = []));
      (list[idx] ??= record())[f] = value;
      continue;
    }
    out[key] = value;
  }
  // repeated groups are dense arrays in index order, whatever gaps the form left
  for (const [k, list] of groups) out[k] = list.filter(Boolean);
  return Object.keys(errors).length ? { values: out, fieldErrors: errors } : { values: out };
}

/**
 * The arguments of a server action (or a JSON body) → the same values in null-prototype records, refusing
 * prototype keys at any depth, unbounded nesting and non-plain objects (class instances other than
 * Date and File arrive only through our own code, never from a client).
 */
export function sanitizeInput(value: unknown): ParsedInput<unknown> {
  const errors: Record<string, string> = {};
  let nodes = 0;
  const walk = (v: unknown, path: string[], depth: number): unknown => {
    if (++nodes > INPUT_LIMITS.nodes) throw new UnsafeInputError("提交的数据过多");
    if (depth > INPUT_LIMITS.depth) throw new UnsafeInputError("提交的数据层级过深");
    if (typeof v === "string") {
      if (hasControl(v)) errors[path.join(".") || "_form"] ??= CONTROL_CHARS_MESSAGE;
      return v;
    }
    if (v === null || typeof v !== "object") return typeof v === "function" || typeof v === "symbol" ? undefined : v;
    if (v instanceof Date || (typeof File !== "undefined" && v instanceof File)) return v;
    if (Array.isArray(v)) {
      if (v.length > INPUT_LIMITS.entries) throw new UnsafeInputError("提交的数据过多");
      return v.map((x, i) => walk(x, [...path, String(i)], depth + 1));
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new UnsafeInputError("提交的数据格式无效");
    const out = record();
    for (const key of Object.keys(v)) {
      checkSegments(key);
      out[key] = walk((v as Record<string, unknown>)[key], [...path, key], depth + 1) as InputValue;
    }
    return out;
  };
  const values = walk(value, [], 0);
  return Object.keys(errors).length ? { values, fieldErrors: errors } : { values };
}

/**
 * What a failed form gives back to the browser: the typed text as plain objects (React cannot send
 * null-prototype objects; the keys were checked on the way in, and Object.fromEntries defines own
 * properties), without files (they cannot travel back) and without passwords (a secret is never echoed: any
 * field whose name contains "password").
 */
export function valuesForClient(values: InputRecord): SubmittedValues {
  const plain = (v: InputValue): unknown => {
    if (typeof v === "string") return v;
    if (typeof File !== "undefined" && v instanceof File) return undefined;
    if (Array.isArray(v)) return v.map(plain).filter((x) => x !== undefined);
    return valuesForClient(v as InputRecord);
  };
  return Object.fromEntries(
    Object.entries(values)
      .filter(([k]) => !/password/i.test(k))
      .map(([k, v]) => [k, plain(v)] as const)
      .filter(([, v]) => v !== undefined),
  ) as SubmittedValues;
}
