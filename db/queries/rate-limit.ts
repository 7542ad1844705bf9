import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginAttempts } from "@/db/schema";

/**
 * Counts one hit of `key` in a fixed window and returns the hits in the current window (this one
 * included). One upsert, so every process counts on the same row and concurrent hits serialise on its
 * lock. The counters live in login_attempts, the sign-in throttle's table; keys carry what they count as
 * a prefix ("acct:", "ip:", "dup:").
 */
export async function countHit(db: Db, key: string, windowMs: number, now = new Date()) {
  const expired = sql`${loginAttempts.windowStart} < ${new Date(now.getTime() - windowMs).toISOString()}::timestamptz`;
  const [row] = await db
    .insert(loginAttempts)
    .values({ key, windowStart: now, failures: 1 })
    .onConflictDoUpdate({
      target: loginAttempts.key,
      set: {
        failures: sql`case when ${expired} then 1 else ${loginAttempts.failures} + 1 end`,
        windowStart: sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${loginAttempts.windowStart} end`,
      },
    })
    .returning({ hits: loginAttempts.failures });
  return row.hits;
}
