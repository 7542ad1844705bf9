/**
 * The action pipeline answers in the user's language: real actions on a real database, called as Next calls
 * them, with the NEXT_LOCALE cookie set as the user menu sets it. An English user gets English field errors
 * and errors (zod's, the pipeline's, a query's AppError, a handler's own); a Chinese user the Chinese exactly
 * as written in the sources. Route handlers' JSON answers too.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { LOCALE_COOKIE, type Locale } from "@/i18n/config";
import { looksChinese } from "@/lib/validation/messages-en";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

const SAME_ORIGIN = { origin: "http://localhost:3000", host: "localhost:3000" };
const request: { headers: Headers; viewer: Viewer | null; locale: Locale | undefined } = { headers: new Headers(SAME_ORIGIN), viewer: null, locale: undefined };

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (name === LOCALE_COOKIE && request.locale ? { name, value: request.locale } : undefined),
    getAll: () => [],
    set: () => undefined,
    delete: () => undefined,
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next-intl/server", () => ({ getTranslations: async () => (key: string) => key }));
vi.mock("@/lib/session", () => ({ currentViewer: async () => request.viewer }));

let o: OpenedDb;
let admin: Viewer;
let rep: Viewer;

beforeAll(async () => {
  o = await freshDb();
  (globalThis as { __zhikeDb?: Promise<OpenedDb> }).__zhikeDb = Promise.resolve(o);
  [admin, rep] = await Promise.all([viewerFor(o.db, "admin@demo.cn"), viewerFor(o.db, "sz1.rep1@demo.cn")]);
});

afterAll(async () => {
  delete (globalThis as { __zhikeDb?: unknown }).__zhikeDb;
  await o?.close();
});

const as = (viewer: Viewer | null, locale: Locale | undefined) => {
  request.viewer = viewer;
  request.locale = locale;
  request.headers = new Headers(SAME_ORIGIN);
};

/** A new customer form with an empty name, a bad mobile number and a control character in the notes. */
function badCustomerForm() {
  const fd = new FormData();
  fd.append("kind", "individual");
  fd.append("name", "  ");
  fd.append("mobile", "12345");
  fd.append("company", "深圳\u0007科技");
  return fd;
}

describe("a form action's validation errors", () => {
  test("in English for an English user: the error and every field error, field labels as on the form", async () => {
    const { saveCustomerAction } = await import("@/app/(crm)/customers/actions");
    as(rep, "en");
    const r = await saveCustomerAction({}, badCustomerForm());
    expect(r).toMatchObject({ ok: false, code: "VALIDATION", error: "Please correct the marked fields" });
    expect(r.fieldErrors).toEqual({ company: "Contains invisible control characters. Please remove them and try again." });
    // once the control character is gone, zod's own checks answer, in English too
    const fd = badCustomerForm();
    fd.set("company", "深圳科技");
    const z = await saveCustomerAction({}, fd);
    expect(z).toMatchObject({ ok: false, code: "VALIDATION", error: "Please correct the marked fields" });
    expect(z.fieldErrors).toMatchObject({ name: "Customer name is required", mobile: "A mobile number has 11 digits and starts with 1" });
    for (const m of Object.values(z.fieldErrors!)) expect(looksChinese(m), m).toBe(false);
    // what the user typed comes back untouched, in Chinese
    expect(z.values).toMatchObject({ company: "深圳科技" });
  });

  test.each([["zh-CN"], [undefined]] as const)("unchanged Chinese for a Chinese user (cookie: %s)", async (locale) => {
    const { saveCustomerAction } = await import("@/app/(crm)/customers/actions");
    as(rep, locale);
    const fd = badCustomerForm();
    fd.set("company", "深圳科技");
    const r = await saveCustomerAction({}, fd);
    expect(r).toMatchObject({ ok: false, code: "VALIDATION", error: "请修正标出的字段" });
    expect(r.fieldErrors).toMatchObject({ name: "请填写客户名称", mobile: "手机号应为 11 位数字，以 1 开头" });
  });
});

describe("errors from the pipeline, the queries and the handlers", () => {
  test("the session check", async () => {
    const { saveCustomerAction } = await import("@/app/(crm)/customers/actions");
    as(null, "en");
    expect(await saveCustomerAction({}, badCustomerForm())).toMatchObject({ ok: false, code: "UNAUTHENTICATED", error: "Your session has expired. Please sign in again." });
    as(null, "zh-CN");
    expect(await saveCustomerAction({}, badCustomerForm())).toMatchObject({ ok: false, code: "UNAUTHENTICATED", error: "登录已过期，请重新登录" });
  });

  test("an AppError thrown by a query, and a not-found id", async () => {
    const { setProcessArchivedAction } = await import("@/app/(crm)/admin/processes/actions");
    const [p] = await queryRows<{ id: string; version: number }>(o.db, sql`select id, version from processes where is_default limit 1`);
    as(admin, "en");
    expect(await setProcessArchivedAction(p.id, p.version, true)).toMatchObject({
      ok: false,
      code: "VALIDATION",
      error: "The default process cannot be archived. Please make another process the default first.",
    });
    as(admin, "zh-CN");
    expect(await setProcessArchivedAction(p.id, p.version, true)).toMatchObject({ ok: false, error: "默认流程不能归档，请先把另一个流程设为默认" });

    const { deleteCustomerAction } = await import("@/app/(crm)/customers/actions");
    as(rep, "en");
    expect(await deleteCustomerAction("00000000-0000-4000-8000-000000000000")).toMatchObject({ ok: false, code: "NOT_FOUND", error: "The record does not exist or you do not have access to it" });
    as(rep, "zh-CN");
    expect(await deleteCustomerAction("00000000-0000-4000-8000-000000000000")).toMatchObject({ ok: false, code: "NOT_FOUND", error: "记录不存在或您无权访问" });
  });
});

describe("route handlers", () => {
  const post = (body: string) => new Request("http://localhost:3000/api/push", { method: "POST", body, headers: { "content-type": "application/json", ...SAME_ORIGIN } });

  test("a JSON error answer is in the user's language", async () => {
    const { GET, POST } = await import("@/app/api/push/route");
    as(null, "en");
    const unauth = await GET();
    expect(unauth.status).toBe(401);
    expect(await unauth.json()).toEqual({ error: "Your session has expired. Please sign in again." });
    const notJson = await POST(post("{not json"));
    expect(notJson.status).toBe(422);
    expect(await notJson.json()).toMatchObject({ ok: false, code: "VALIDATION", error: "The request body is not valid JSON" });
    const notSignedIn = await POST(post(JSON.stringify({ endpoint: "https://push.example/x", keys: { p256dh: "abcdefgh", auth: "abcdefgh" } })));
    expect(await notSignedIn.json()).toMatchObject({ ok: false, code: "UNAUTHENTICATED", error: "Your session has expired. Please sign in again." });

    as(null, "zh-CN");
    expect(await (await GET()).json()).toEqual({ error: "登录已过期，请重新登录" });
    expect(await (await POST(post("{not json"))).json()).toMatchObject({ error: "请求内容不是有效的 JSON" });
  });

  test("a file route's plain-text answer too", async () => {
    const { GET } = await import("@/app/api/deals/[id]/files/[fileId]/route");
    const params = Promise.resolve({ id: "x", fileId: "y" });
    as(null, "en");
    expect(await (await GET(new Request("http://localhost:3000/api/deals/x/files/y"), { params })).text()).toBe("Not signed in");
    as(null, "zh-CN");
    expect(await (await GET(new Request("http://localhost:3000/api/deals/x/files/y"), { params })).text()).toBe("未登录");
  });
});

describe("the offline sync route (/api/sync)", () => {
  const url = "http://localhost:3000/api/sync";
  const push = (body: unknown, headers: Record<string, string> = SAME_ORIGIN) =>
    new Request(url, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });

  test("a push is answered per item in the user's language, a replay changes nothing, a cross-site push is refused", async () => {
    const { POST } = await import("@/app/api/sync/route");
    const { uuidv7 } = await import("uuidv7");
    const [c] = await queryRows<{ id: string }>(o.db, sql`select id from customers where owner_id = ${rep.id} and deleted_at is null limit 1`);
    const good = { id: uuidv7(), kind: "communication.create", entityId: uuidv7(), data: { customerId: c.id, method: "phone", topic: "离线电话", contactedAt: "2026-12-01T09:30" } };
    const bad = { id: uuidv7(), kind: "communication.create", entityId: uuidv7(), data: { customerId: c.id, method: "phone", topic: "", contactedAt: "2026-12-01T09:30" } };
    as(rep, "en");
    const res = await POST(push({ mutations: [good, bad] }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data).toMatchObject([
      { id: good.id, status: "applied", entityId: good.entityId },
      { id: bad.id, status: "rejected", code: "VALIDATION", fieldErrors: { topic: expect.not.stringMatching(/[\u4e00-\u9fff]/) } },
    ]);
    const again = await (await POST(push({ mutations: [good] }))).json();
    expect(again.data).toMatchObject([{ id: good.id, status: "applied", replayed: true }]);
    const [{ n }] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from communications where id = ${good.entityId}`);
    expect(n).toBe(1);

    as(rep, "zh-CN");
    request.headers = new Headers({ origin: "https://evil.example", host: "localhost:3000" });
    const cross = await POST(push({ mutations: [{ ...good, id: uuidv7(), entityId: uuidv7() }] }, { origin: "https://evil.example", host: "localhost:3000" }));
    expect(cross.status).toBe(403);
    as(null, "zh-CN");
    expect((await POST(push({ mutations: [good] }))).status).toBe(401);
    as(rep, "zh-CN");
    const envelope = await POST(push({ mutations: [] }));
    expect(envelope.status).toBe(422);
    expect(await envelope.json()).toMatchObject({ ok: false, code: "VALIDATION" });
  });

  test("a pull needs the session and a known collection", async () => {
    const { GET } = await import("@/app/api/sync/route");
    as(null, "zh-CN");
    expect((await GET(new Request(`${url}?collection=customers`))).status).toBe(401);
    as(rep, "zh-CN");
    expect((await GET(new Request(`${url}?collection=users`))).status).toBe(422);
    // rows travel packed as columns (lib/offline/codec.ts); the phone unpacks them
    const { unpackRows } = await import("@/lib/offline/codec");
    const page = await (await GET(new Request(`${url}?collection=customers&limit=5`))).json();
    expect(page).toMatchObject({ collection: "customers", done: false });
    const rows = unpackRows<{ id: string }>(page.rows);
    expect(rows).toHaveLength(5);
    const next = await (await GET(new Request(`${url}?collection=customers&limit=5&afterT=${encodeURIComponent(page.next.after.t)}&afterId=${page.next.after.id}`))).json();
    expect(unpackRows<{ id: string }>(next.rows).map((r) => r.id)).not.toContain(rows[0].id);
  });
});
