import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginAttempts, loginEvents, users } from "@/db/schema";
import { countHit } from "./rate-limit";

export const LOGIN_LIMITS = {
  account: { failures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  ip: { failures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

type Kind = keyof typeof LOGIN_LIMITS;

/** Minutes until the key may try again, or 0 when it is not locked. */
export async function lockedMinutes(db: Db, key: string, now = new Date()) {
  const [row] = await db.select().from(loginAttempts).where(eq(loginAttempts.key, key)).limit(1);
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0;
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 60_000);
}

/** Counts a failed sign-in in a fixed window; locks the key once the window's limit is reached. */
export async function recordFailure(db: Db, kind: Kind, key: string, now = new Date()) {
  const lim = LOGIN_LIMITS[kind];
  const failures = await countHit(db, key, lim.windowMs, now);
  if (failures >= lim.failures)
    await db.update(loginAttempts).set({ lockedUntil: new Date(now.getTime() + lim.lockMs), failures: 0, windowStart: now }).where(eq(loginAttempts.key, key));
}

export async function clearFailures(db: Db, key: string) {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}

export const LOGIN_RESULTS = ["ok", "bad_password", "locked", "inactive", "unknown"] as const;
export type LoginResult = (typeof LOGIN_RESULTS)[number];

/** Appends one sign-in attempt to the history (登录记录). */
export async function recordLoginEvent(db: Db, e: { userId: string | null; email: string; ip: string | null; result: LoginResult }) {
  await db.insert(loginEvents).values({ userId: e.userId, email: e.email, ip: e.ip, result: e.result });
  if (e.result === "ok" && e.userId) await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, e.userId));
}

/**
 * One page of a user's sign-in history, newest first (keyset on at, id; login_events_user_idx). Callers check
 * admin:view before asking (db/queries/admin.ts getUserSignIns). The cursor is lib/cursor's [at::text, id].
 */
export async function loginEventsPage(db: Db, userId: string, after: [string, string] | null, limit = 50) {
  const rows = await db
    .select({ id: loginEvents.id, at: loginEvents.at, atKey: sql<string>`${loginEvents.at}::text`, ip: loginEvents.ip, result: loginEvents.result })
    .from(loginEvents)
    .where(and(eq(loginEvents.userId, userId), after ? sql`(${loginEvents.at}, ${loginEvents.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined))
    .orderBy(desc(loginEvents.at), desc(loginEvents.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map((r) => ({ id: r.id, at: r.at, ip: r.ip, result: r.result as LoginResult })), next: rows.length > limit && last ? ([last.atKey, last.id] as [string, string]) : null };
}
