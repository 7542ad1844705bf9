/**
 * The app's own scheduler (no cron): jobs that run once per company day at or after a time of day, checked
 * every minute from instrumentation.ts. A server that was down at that time runs the job when it starts,
 * the same day.
 *
 * Several app servers on one PostgreSQL may all tick: before a job runs, its server inserts the row
 * (job, day) into job_runs; the primary key lets exactly one insert through and the others skip the job.
 * A row started long ago and never finished (its server died mid-job) may be taken over after STALE_MS;
 * every job here is safe to run again after a partial run.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { nowLocal, today as companyToday } from "@/lib/dates";

export type ScheduledJob = { name: string; /** HH:MM, company time */ at: string; run: (db: Db, day: string) => Promise<unknown> };

export const STALE_MS = 60 * 60_000;

/** Claims (job, day); true when this caller is the one to run it. */
export async function claimRun(db: Db, job: string, day: string, staleMs = STALE_MS): Promise<boolean> {
  const rows = await queryRows<{ job: string }>(
    db,
    sql`insert into job_runs (job, day) values (${job}, ${day})
        on conflict (job, day) do update set started_at = now(), error = null
          where job_runs.finished_at is null and job_runs.started_at < now() - make_interval(secs => ${staleMs / 1000})
        returning job`,
  );
  return rows.length > 0;
}

async function finishRun(db: Db, job: string, day: string, result: unknown, error: string | null) {
  await db.execute(sql`update job_runs set finished_at = now(), result = ${JSON.stringify(result ?? null)}::jsonb, error = ${error} where job = ${job} and day = ${day}`);
}

/** Runs the job for `now`'s company day if its time has come and nobody ran it yet; returns what happened. */
export async function runIfDue(db: Db, job: ScheduledJob, now = new Date()): Promise<"not-due" | "taken" | "done" | "failed"> {
  const day = companyToday(now);
  if (nowLocal(now).slice(11, 16) < job.at) return "not-due";
  if (!(await claimRun(db, job.name, day))) return "taken";
  try {
    const result = await job.run(db, day);
    await finishRun(db, job.name, day, result, null);
    return "done";
  } catch (e) {
    console.error(`[scheduler] ${job.name} failed`, e);
    await finishRun(db, job.name, day, null, e instanceof Error ? e.message : String(e)).catch(() => {});
    return "failed";
  }
}

/** The daily reminder digest by e-mail (SMTP_URL) and Web Push, at DIGEST_AT (07:30 by default). */
const digestJob: ScheduledJob = {
  name: "reminder-digest",
  at: process.env.DIGEST_AT || "07:30",
  async run(db, day) {
    const [{ sendDailyDigests, transportFromEnv }, { pushDailySummaries }, { appBaseUrl }] = await Promise.all([import("@/lib/notify/digest"), import("@/lib/notify/push"), import("@/lib/marketing/compose")]);
    const transport = await transportFromEnv();
    let mail = null;
    if (transport) {
      try {
        const r = await sendDailyDigests(db, transport, { today: day, baseUrl: appBaseUrl(), from: process.env.MAIL_FROM || "知客 CRM <noreply@zhike.local>" });
        mail = { sent: r.sent, skipped: r.skipped, failed: r.failed.length };
      } finally {
        transport.close();
      }
    }
    const push = await pushDailySummaries(db, day);
    console.log(`[scheduler] digest ${day}: mail ${mail ? `${mail.sent} sent, ${mail.failed} failed` : "off (SMTP_URL not set)"}; push ${push.sent} sent`);
    return { mail, push };
  },
};

/** Birthday and holiday greetings (lib/marketing/greetings.ts), at GREETINGS_AT (08:30 by default). */
const greetingsJob: ScheduledJob = {
  name: "greetings",
  at: process.env.GREETINGS_AT || "08:30",
  async run(db, day) {
    const { runGreetings } = await import("@/lib/jobs/greetings");
    return runGreetings(db, day);
  },
};

export const SCHEDULED_JOBS: ScheduledJob[] = [digestJob, greetingsJob];

let started = false;

/** Starts the minute tick in this server process (instrumentation.ts). */
export function startScheduler(jobs = SCHEDULED_JOBS) {
  if (started) return;
  started = true;
  const tick = async () => {
    const { getDb } = await import("@/db/client");
    const db = await getDb();
    // one after the other: the embedded database has one connection
    for (const job of jobs) await runIfDue(db, job).catch((e) => console.error(`[scheduler] ${job.name}`, e));
  };
  setTimeout(() => void tick(), 10_000).unref();
  setInterval(() => void tick(), 60_000).unref();
}
