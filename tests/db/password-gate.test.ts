/**
 * The initial-password gate and the admin actions through the real action pipeline (as Next calls them):
 * a session whose password is an initial one may run nothing but the password change.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { OpenedDb } from "@/db/client";
import { orgUnits, roles, users } from "@/db/schema";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

const request: { headers: Headers; viewer: Viewer | null } = { headers: new Headers({ origin: "http://localhost:3000", host: "localhost:3000" }), viewer: null };

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next-intl/server", () => ({ getTranslations: async () => (key: string) => key, getLocale: async () => "zh-CN" }));
vi.mock("@/lib/session", () => ({ currentViewer: async () => request.viewer }));

let o: OpenedDb;
let admin: Viewer;

const form = (fields: Record<string, string | string[]>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return fd;
};

beforeAll(async () => {
  o = await freshDb();
  (globalThis as { __zhikeDb?: Promise<OpenedDb> }).__zhikeDb = Promise.resolve(o);
  admin = await viewerFor(o.db, "admin@demo.cn");
});

afterAll(async () => {
  delete (globalThis as { __zhikeDb?: unknown }).__zhikeDb;
  await o?.close();
});

test("an admin creates a user; until the initial password is changed every other action is refused", async () => {
  const { createUserAction, createOrgUnitAction } = await import("@/app/(crm)/admin/actions");
  const { changePasswordAction } = await import("@/app/(auth)/password/actions");
  const { saveCustomerAction } = await import("@/app/(crm)/customers/actions");
  const [hq] = await o.db.select().from(orgUnits).where(eq(orgUnits.kind, "hq"));
  const [rep] = await o.db.select().from(roles).where(eq(roles.code, "rep"));

  request.viewer = admin;
  const bad = await createOrgUnitAction({}, form({ parentId: hq.id, kind: "department", name: "" }));
  expect(bad).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { name: "请填写部门名称" } });
  const unit = await createOrgUnitAction({}, form({ parentId: hq.id, kind: "department", name: "成都业务部" }));
  expect(unit.ok).toBe(true);
  const unitId = (unit.data as { id: string }).id;
  const weak = await createUserAction({}, form({ name: "小李", email: "li@demo.cn", orgUnitId: unitId, roleId: rep.id, password: "short" }));
  expect(weak).toMatchObject({ ok: false, fieldErrors: { password: "密码至少 8 位" } });
  // a failed form comes back with what was typed, but never a password
  expect(weak.values).toMatchObject({ name: "小李", email: "li@demo.cn" });
  expect(weak.values).not.toHaveProperty("password");
  const made = await createUserAction({}, form({ name: "小李", email: "li@demo.cn", orgUnitId: unitId, roleId: rep.id, password: "chengdu2026" }));
  expect(made.ok).toBe(true);

  const li = await viewerFor(o.db, "li@demo.cn");
  expect(li.mustChangePassword).toBe(true);
  request.viewer = li;
  const fd = form({ kind: "individual", name: "王先生" });
  expect(await saveCustomerAction({}, fd)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  expect(await createOrgUnitAction({}, form({ parentId: hq.id, kind: "department", name: "越权部" }))).toMatchObject({ ok: false, code: "FORBIDDEN" });

  expect(await changePasswordAction({}, form({ currentPassword: "chengdu2026", password: "chengdu2026", confirmPassword: "chengdu2026" }))).toMatchObject({ ok: false, fieldErrors: { password: "新密码不能与当前密码相同" } });
  expect(await changePasswordAction({}, form({ currentPassword: "chengdu2026", password: "mine-2026x", confirmPassword: "mine-2026y" }))).toMatchObject({ ok: false, fieldErrors: { confirmPassword: "两次输入的新密码不一致" } });
  expect(await changePasswordAction({}, form({ currentPassword: "chengdu2026", password: "mine-2026x", confirmPassword: "mine-2026x" }))).toMatchObject({ ok: true });
  const [row] = await o.db.select().from(users).where(eq(users.id, li.id));
  expect(row.mustChangePassword).toBe(false);

  request.viewer = await viewerFor(o.db, "li@demo.cn");
  expect(request.viewer.mustChangePassword).toBe(false);
  // saved: the action redirects to the new customer
  const saved = await saveCustomerAction({}, form({ kind: "individual", name: "王先生" })).catch((e: { digest?: string }) => e.digest);
  expect(String(typeof saved === "string" ? saved : JSON.stringify(saved))).toMatch(/NEXT_REDIRECT.*\/customers\//);
});
