import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginAttempts } from "@/db/schema";
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
