/**
 * The app's own daily work (ARCHITECTURE.md, "Jobs"): started once per server process from
 * instrumentation.ts, so the embedded default needs no cron. Shortly after the company's midnight (and once
 * at start-up, for a server that was down over midnight) it rolls the materialised reminder inboxes over to
 * the new day, so that the first page of the day does not pay for it, and records the data-checked lesson
 * exercises that people's records now satisfy, so the manager's team training list agrees with them.
 *
 * Several app servers on one PostgreSQL may all run it: each inbox is recomputed under its own advisory
 * lock and skipped when another server already did it (db/queries/reminder-inbox.ts refreshInbox), so the
 * work is done once. Correctness never depends on this job: a read of an inbox computed for an earlier
 * day recomputes it first.
 *
 * It also rolls the value-grade window (客户价值分级): every customer regraded once per company day, so that
 * revenue leaving the window lowers a grade without any deal being touched (db/queries/value-grades.ts
 * regradeForToday, under its own advisory lock and day stamp, so several servers do it once).
 *
 * And it applies the shared pool's rules (公海): customers their unit's rule says were neglected move into the
 * unit's pool (db/queries/pool.ts runPoolRulesForToday, the same advisory lock and day stamp pattern).
 */
import { fromLocal, addDays, today as companyToday } from "@/lib/dates";

const START_DELAY_MS = 5_000;
/** A minute past midnight, so that a clock a little behind still sees the new day. */
const AFTER_MIDNIGHT_MS = 60_000;

/** Milliseconds from `now` until a minute past the company's next midnight. */
export function msUntilNextRollOver(now = new Date()) {
  const midnight = fromLocal(addDays(companyToday(now), 1), "00:00");
  return Math.max(1_000, (midnight ? midnight.getTime() : now.getTime() + 86_400_000) - now.getTime() + AFTER_MIDNIGHT_MS);
}

export async function rollOverNow(now = new Date()) {
  const [{ getDb }, { rollOverInboxes }] = await Promise.all([import("@/db/client"), import("@/db/queries/reminder-inbox")]);
  const started = performance.now();
  const n = await rollOverInboxes(await getDb(), companyToday(now));
  if (n) console.log(`[jobs] reminder inboxes rolled over to ${companyToday(now)}: ${n} in ${Math.round(performance.now() - started)} ms`);
  return n;
}

/** Records the data-checked lesson exercises everybody's records now satisfy (lib/training/progress). */
export async function syncExercisesNow() {
  const [{ getDb }, { syncEveryonesCheckedExercises }] = await Promise.all([import("@/db/client"), import("@/lib/training/progress")]);
  return syncEveryonesCheckedExercises(await getDb());
}

export async function regradeNow(now = new Date()) {
  const [{ getDb }, { regradeForToday }] = await Promise.all([import("@/db/client"), import("@/db/queries/value-grades")]);
  const started = performance.now();
  const n = await regradeForToday(await getDb(), companyToday(now));
  if (n != null) console.log(`[jobs] value grades regraded for ${companyToday(now)}: ${n} changed in ${Math.round(performance.now() - started)} ms`);
  return n;
}

export async function poolNow(now = new Date()) {
  const [{ getDb }, { runPoolRulesForToday }] = await Promise.all([import("@/db/client"), import("@/db/queries/pool")]);
  const started = performance.now();
  const n = await runPoolRulesForToday(await getDb(), now);
  if (n != null) console.log(`[jobs] pool rules for ${companyToday(now)}: ${n} customer(s) into the pool in ${Math.round(performance.now() - started)} ms`);
  return n;
}

let started = false;

export function startDailyJobs() {
  if (started) return;
  started = true;
  // one after the other: the embedded database has one connection
  const run = async () => {
    await rollOverNow().catch((e) => console.error("[jobs] reminder roll-over failed", e));
    await regradeNow().catch((e) => console.error("[jobs] value regrade failed", e));
    await poolNow().catch((e) => console.error("[jobs] pool rules failed", e));
    await syncExercisesNow().catch((e) => console.error("[jobs] exercise check failed", e));
  };
  const next = () => {
    setTimeout(() => void run().finally(next), msUntilNextRollOver()).unref();
  };
  setTimeout(() => void run(), START_DELAY_MS).unref();
  next();
}
