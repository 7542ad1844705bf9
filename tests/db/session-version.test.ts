// Regression: after sign-out (or a new password, role, unit, deactivation) a copied session cookie kept working for 30 days.
import { and, eq, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db, OpenedDb } from "@/db/client";
import { bumpSessionVersion, getUserByEmail, getViewer } from "@/db/queries/users";
import { orgUnits, roles, users } from "@/db/schema";
import { DEMO_PASSWORD } from "@/db/seed/demo";
import { authenticate, authOptions, endSession, tokenSession } from "@/lib/auth";
import { hashPassword } from "@/lib/password";
import { freshDb } from "./helpers";

let o: OpenedDb;
let db: Db;
beforeAll(async () => {
  o = await freshDb();
  db = o.db;
});
afterAll(async () => o?.close());

/** Signs in like next-auth does: authorize → jwt callback → the token a cookie would carry. */
async function signIn(email: string) {
  const user = await authenticate(email, DEMO_PASSWORD, "203.0.113.1", db);
  const jwt = authOptions.callbacks!.jwt!;
  return (await jwt({ token: { email }, user: user as never, account: null, trigger: "signIn" })) as { sub?: string; sv?: number };
}

/** What currentViewer does with a token on each request. */
async function viewerOf(token: { sub?: unknown; sv?: unknown }) {
  const s = tokenSession(token);
  return s ? getViewer(db, s.userId, { sessionVersion: s.sessionVersion }) : null;
}

describe("sign-out", () => {
  test("ends the session: the same token resolves to no viewer afterwards", async () => {
    const token = await signIn("sz1.rep1@demo.cn");
    expect(typeof token.sv).toBe("number");
    expect((await viewerOf(token))?.email).toBe("sz1.rep1@demo.cn");
    await endSession(token, db);
    expect(await viewerOf(token)).toBeNull();
    // signing in again starts a new generation
    const again = await signIn("sz1.rep1@demo.cn");
    expect(again.sv).toBe(token.sv! + 1);
    expect((await viewerOf(again))?.email).toBe("sz1.rep1@demo.cn");
  });

  test("runs on next-auth's signOut event", async () => {
    const token = await signIn("sz1.rep2@demo.cn");
    const g = globalThis as { __zhikeDb?: Promise<OpenedDb> };
    const before = g.__zhikeDb;
    g.__zhikeDb = Promise.resolve(o);
    try {
      await authOptions.events!.signOut!({ token: token as never, session: undefined as never });
    } finally {
      g.__zhikeDb = before;
    }
    expect(await viewerOf(token)).toBeNull();
  });

  test("a stale copied token cannot sign the user out of a newer session", async () => {
    const old = await signIn("sz1.manager@demo.cn");
    await endSession(old, db);
    const current = await signIn("sz1.manager@demo.cn");
    await endSession(old, db);
    expect(await bumpSessionVersion(db, current.sub!, old.sv)).toBeNull();
    expect((await viewerOf(current))?.email).toBe("sz1.manager@demo.cn");
  });

  test("a token without a generation (issued before this change) has no viewer", async () => {
    const token = await signIn("sz2.manager@demo.cn");
    expect(await viewerOf({ sub: token.sub })).toBeNull();
    expect(await viewerOf({ sub: token.sub, sv: String(token.sv) })).toBeNull();
    expect(await viewerOf({ sub: token.sub, sv: token.sv! + 1 })).toBeNull();
  });
});

describe("changes to the user retire their sessions on the next request (users_session_version trigger)", () => {
  const email = "sz2.rep1@demo.cn";
  const userId = async () => (await getUserByEmail(db, email))!.id;

  test.each<[string, (id: string) => Promise<unknown>]>([
    ["new password", async (id) => db.update(users).set({ passwordHash: await hashPassword("another-secret-1") }).where(eq(users.id, id))],
    [
      "new role",
      async (id) => {
        const u = (await db.select().from(users).where(eq(users.id, id)))[0];
        const [other] = await db.select({ id: roles.id }).from(roles).where(ne(roles.id, u.roleId)).limit(1);
        return db.update(users).set({ roleId: other.id }).where(eq(users.id, id));
      },
    ],
    [
      "new unit",
      async (id) => {
        const u = (await db.select().from(users).where(eq(users.id, id)))[0];
        const [other] = await db.select({ id: orgUnits.id }).from(orgUnits).where(ne(orgUnits.id, u.orgUnitId)).limit(1);
        return db.update(users).set({ orgUnitId: other.id }).where(eq(users.id, id));
      },
    ],
    // a deactivated-then-reactivated account must not revive the tokens of before
    ["deactivated and reactivated", async (id) => {
      await db.update(users).set({ active: false }).where(eq(users.id, id));
      await db.update(users).set({ active: true }).where(eq(users.id, id));
    }],
    ["password changed by plain SQL (a script, psql)", async (id) => db.execute(sql`update users set password_hash = 'x' || password_hash where id = ${id}`)],
  ])("%s", async (_, change) => {
    // restore the demo password first so authenticate works for each row
    await db.update(users).set({ passwordHash: await hashPassword(DEMO_PASSWORD) }).where(eq(users.id, await userId()));
    const token = await signIn(email);
    expect(await viewerOf(token)).not.toBeNull();
    await change(token.sub!);
    expect(await viewerOf(token)).toBeNull();
    const [row] = await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, token.sub!));
    expect(row.v).toBeGreaterThan(token.sv!);
  });

  test("deactivation: no viewer while inactive", async () => {
    await db.update(users).set({ passwordHash: await hashPassword(DEMO_PASSWORD) }).where(eq(users.id, await userId()));
    const token = await signIn(email);
    await db.update(users).set({ active: false }).where(eq(users.id, token.sub!));
    expect(await viewerOf(token)).toBeNull();
    await db.update(users).set({ active: true }).where(eq(users.id, token.sub!));
  });

  test("soft delete bumps too", async () => {
    const token = await signIn("sh.rep1@demo.cn");
    await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, token.sub!));
    const [row] = await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, token.sub!));
    expect(row.v).toBe(token.sv! + 1);
    await db.update(users).set({ deletedAt: null }).where(eq(users.id, token.sub!));
    expect(await viewerOf(token)).toBeNull();
  });

  test("other edits (name, mobile, locale, last sign-in) and writes that change nothing keep the session", async () => {
    const token = await signIn("gm@demo.cn");
    const u = (await db.select().from(users).where(eq(users.id, token.sub!)))[0];
    await db.update(users).set({ name: "总经理改名", mobile: "13800000000", locale: "en", lastLoginAt: new Date() }).where(eq(users.id, u.id));
    await db.update(users).set({ passwordHash: u.passwordHash, roleId: u.roleId, orgUnitId: u.orgUnitId, active: u.active }).where(eq(users.id, u.id));
    expect((await viewerOf(token))?.name).toBe("总经理改名");
    const [row] = await db.select({ v: users.sessionVersion }).from(users).where(and(eq(users.id, u.id)));
    expect(row.v).toBe(token.sv);
  });
});

test("getViewer without a session (digest, push, scripts) is unchanged", async () => {
  const u = (await getUserByEmail(db, "sz1.rep1@demo.cn"))!;
  expect((await getViewer(db, u.id))?.id).toBe(u.id);
});
