/**
 * Every exported server action, called as Next calls it, on a real database: the pipeline owns parsing,
 * the Origin and session checks and validation, so no input — however hostile — gives an unexpected
 * error (a 500), writes half of anything, or touches Object.prototype.
 *
 * Next's request context is provided by hand: `next/headers` answers with this test's request headers,
 * `next/cache` revalidation is recorded, and the signed-in viewer is whoever the test says (resolved from
 * the real database). The database is real (a fresh PGlite or PostgreSQL per file).
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { CONTROL_CHARS_MESSAGE } from "@/lib/validation/common";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

const request: { headers: Headers; viewer: Viewer | null } = { headers: new Headers(), viewer: null };

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next-intl/server", () => ({ getTranslations: async () => (key: string) => key, getLocale: async () => "zh-CN" }));
vi.mock("@/lib/session", () => ({ currentViewer: async () => request.viewer }));

const ROOT = path.resolve(__dirname, "../..");
const SAME_ORIGIN = { origin: "http://localhost:3000", host: "localhost:3000" };

/** Every file under app/ that declares server actions. */
function serverActionFiles(dir = path.join(ROOT, "app")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return serverActionFiles(p);
    return /\.tsx?$/.test(e.name) && /^\s*["']use server["']/.test(fs.readFileSync(p, "utf8")) ? [p] : [];
  });
}

type AnyAction = (...args: unknown[]) => Promise<{ ok?: boolean; code?: string; error?: string; fieldErrors?: Record<string, string> }>;
let actions: [string, AnyAction][] = [];
let o: OpenedDb;
let gm: Viewer;
let rep: Viewer;
let PIPELINE: symbol;

const prototypeSnapshot = () => [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Reflect.ownKeys(p).map(String).sort().join(","));

beforeAll(async () => {
  o = await freshDb();
  (globalThis as { __zhikeDb?: Promise<OpenedDb> }).__zhikeDb = Promise.resolve(o);
  [gm, rep] = await Promise.all([viewerFor(o.db, "gm@demo.cn"), viewerFor(o.db, "sz1.rep1@demo.cn")]);
  ({ PIPELINE } = await import("@/lib/action"));
  for (const file of serverActionFiles()) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) actions.push([`${path.relative(ROOT, file)}#${name}`, fn as AnyAction]);
  }
});

afterAll(async () => {
  delete (globalThis as { __zhikeDb?: unknown }).__zhikeDb;
  await o?.close();
});

/** A call's outcome, as the browser would see it: a state, a redirect, or (never) a server error. */
async function call(fn: AnyAction, args: unknown[]) {
  try {
    return await fn(...args);
  } catch (e) {
    const digest = (e as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { ok: true, code: "REDIRECT" };
    throw e;
  }
}

const counts = async () =>
  (
    await queryRows<{ c: number; m: number; d: number; t: number }>(
      o.db,
      sql`select (select count(*)::int from customers) c, (select count(*)::int from communications) m, (select count(*)::int from deals) d, (select count(*)::int from todos) t`,
    )
  )[0];

describe("the action pipeline", () => {
  test("every export of every 'use server' file is made by the pipeline (formAction / action / publicAction)", () => {
    expect(actions.length).toBeGreaterThan(30);
    const raw = actions.filter(([, fn]) => typeof fn !== "function" || !(fn as unknown as Record<symbol, unknown>)[PIPELINE]).map(([n]) => n);
    expect(raw).toEqual([]);
  });

  // Regression: `__proto__.0.x` in any form reached formDataToObject before the Origin and session checks and
  // wrote Object.prototype[0]; from then on every query of the process failed.
  test.each([null, "rep"] as const)("a prototype-polluting form is refused (viewer: %s) and the process stays healthy", async (who) => {
    request.headers = new Headers(SAME_ORIGIN);
    request.viewer = who ? rep : null;
    const before = prototypeSnapshot();
    for (const key of ["__proto__.0.x", "__proto__[]", "constructor.prototype.polluted", "customDates.__proto__.x"]) {
      const fd = new FormData();
      fd.append(key, "1");
      fd.append("name", "张伟");
      for (const [name, fn] of actions.filter(([n]) => /save|create|close|update|review|snooze|add|upload/i.test(n))) {
        const r = await call(fn, [{}, fd]);
        expect(r, name).toMatchObject({ ok: false, code: "VALIDATION" });
      }
    }
    expect(prototypeSnapshot()).toEqual(before);
    expect(({} as Record<string, unknown>)[0]).toBeUndefined();
    expect((await counts()).c).toBeGreaterThan(0);
  });

  test("order: a foreign Origin is refused before the session, the session before validation", async () => {
    const { saveCustomerAction } = await import("@/app/(crm)/customers/actions");
    const fd = new FormData();
    fd.append("name", "张\u0000伟");
    request.viewer = gm;
    request.headers = new Headers({ origin: "https://evil.example", host: "localhost:3000" });
    expect(await saveCustomerAction({}, fd)).toMatchObject({ ok: false, code: "BAD_ORIGIN" });
    request.headers = new Headers({ host: "localhost:3000" });
    expect(await saveCustomerAction({}, fd)).toMatchObject({ ok: false, code: "BAD_ORIGIN" });
    request.headers = new Headers(SAME_ORIGIN);
    request.viewer = null;
    expect(await saveCustomerAction({}, fd)).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });

  test("control characters in a text field are a Chinese field error, the typed values come back, nothing is written", async () => {
    const { saveCustomerAction } = await import("@/app/(crm)/customers/actions");
    const { saveCommunicationAction } = await import("@/app/(crm)/communications/actions");
    request.headers = new Headers(SAME_ORIGIN);
    request.viewer = rep;
    const before = await counts();
    const fd = new FormData();
    fd.append("kind", "individual");
    fd.append("name", "张\u0000伟");
    fd.append("company", "深圳\u0007科技");
    fd.append("customDates.0.label", "生日\u001b");
    fd.append("customDates.0.date", "2020-01-01");
    const r = await saveCustomerAction({}, fd);
    expect(r).toMatchObject({ ok: false, code: "VALIDATION", error: "请修正标出的字段" });
    expect(r.fieldErrors).toEqual({ name: CONTROL_CHARS_MESSAGE, company: CONTROL_CHARS_MESSAGE, "customDates.0.label": CONTROL_CHARS_MESSAGE });
    expect(r.values).toEqual({ kind: "individual", name: "张\u0000伟", company: "深圳\u0007科技", customDates: [{ label: "生日\u001b", date: "2020-01-01" }] });
    expect(Object.getPrototypeOf(r.values)).toBe(Object.prototype);
    const c = new FormData();
    c.append("summary", "谈了\u0000价格");
    expect((await saveCommunicationAction({}, c)).fieldErrors).toMatchObject({ summary: CONTROL_CHARS_MESSAGE });
    expect(await counts()).toEqual(before);
  });

  test("a malformed id is not found, a wrong argument is its own message, a malformed version is a conflict", async () => {
    const { deleteCustomerAction } = await import("@/app/(crm)/customers/actions");
    const { moveTodoAction } = await import("@/app/(crm)/todos/actions");
    const { changeStageAction } = await import("@/app/(crm)/deals/actions");
    const { setDefaultProcessAction } = await import("@/app/(crm)/admin/processes/actions");
    request.headers = new Headers(SAME_ORIGIN);
    request.viewer = gm;
    expect(await deleteCustomerAction("../../etc")).toMatchObject({ ok: false, code: "NOT_FOUND", error: "记录不存在或您无权访问" });
    expect(await moveTodoAction("01890000-0000-7000-8000-000000000000", "nowhere" as never)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const [{ id }] = await queryRows<{ id: string }>(o.db, sql`select id from customers where deleted_at is null limit 1`);
    expect(await changeStageAction(id, "vip" as never, null)).toMatchObject({ ok: false, code: "VALIDATION", error: "客户分类无效" });
    const admin = await viewerFor(o.db, "admin@demo.cn");
    request.viewer = admin;
    const [p] = await queryRows<{ id: string }>(o.db, sql`select id from processes limit 1`);
    expect(await setDefaultProcessAction(p.id, "abc" as never)).toMatchObject({ ok: false, code: "CONFLICT" });
  });
});

/** Field names the forms really use, so the arbitrary values reach the schemas and the queries. */
const FIELDS = ["id", "name", "kind", "mobile", "email", "company", "customerId", "dealId", "processId", "stageId", "productId", "title", "summary", "method", "contactedAt", "interest", "expectedAmount", "amount", "expectedDate", "closedOn", "outcome", "version", "period", "startDate", "endDate", "subject", "content", "type", "action", "comment", "key", "until", "quadrant", "dueOn", "touchDays", "advance_birthday", "customDates.0.label", "customDates.0.date", "contacts.0.name", "circleIds[]", "feature", "advantage", "benefit", "customerType", "competitor", "file"];
const nasty = fc.constantFrom("\u0000", "2026-02-30", "0000-01-01", "9999-99-99", "-1", "1e309", "NaN", "99999999999999999999", "01890000-0000-7000-8000-000000000000", "won", "lost", "plan", "approve", "on", "", " ", "x".repeat(20_001), "<script>", "'; drop table customers; --");
const value = fc.oneof(fc.string({ maxLength: 30 }), nasty, fc.string({ unit: "binary", maxLength: 10 }));
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELDS) }, fc.string({ maxLength: 12 }), fc.constantFrom("__proto__", "constructor.prototype.x", "__proto__.0.x", "a.0.__proto__"));
const formArb = fc.array(fc.tuple(key, value), { maxLength: 12 }).map((entries) => {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
});
const argsArb = fc.array(
  fc.oneof(
    value,
    fc.boolean(),
    fc.integer(),
    fc.constant(null),
    fc.anything({ key: fc.oneof(fc.constantFrom(...FIELDS, "__proto__", "constructor", "rows", "base"), fc.string({ maxLength: 6 })), maxDepth: 3, withNullPrototype: true, withMap: true, withDate: true, withBigInt: true }),
  ),
  { maxLength: 5 },
);

const RUNS = Number(process.env.ACTION_FUZZ_RUNS || 40);

describe.each([
  ["the GM", () => gm],
  ["a rep", () => rep],
])("arbitrary input to every action as %s", (_who, viewer) => {
  test("never an unexpected error, never a polluted prototype", async () => {
    request.headers = new Headers(SAME_ORIGIN);
    request.viewer = viewer();
    const before = prototypeSnapshot();
    const errors = vi.spyOn(console, "error");
    for (const [name, fn] of actions) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(formArb.map((fd) => [{}, fd]), argsArb), async (args) => {
          const r = await call(fn, args);
          expect(r.code, `${name} answered an unexpected error`).not.toBe("INTERNAL");
          expect(prototypeSnapshot()).toEqual(before);
        }),
        { numRuns: RUNS },
      );
    }
    expect(errors.mock.calls.filter((c) => String(c[0]).includes("unexpected error"))).toEqual([]);
    errors.mockRestore();
  }, 300_000);
});
