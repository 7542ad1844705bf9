import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { openPg, queryRows, type Db, type OpenedDb } from "@/db/client";
import { claimRun, runIfDue, type ScheduledJob } from "@/lib/jobs/scheduler";
import { freshDb } from "./helpers";

/**
 * The in-app scheduler's lock: two app servers on one PostgreSQL (two connection pools here, on a database
 * of their own) tick at the same moment and the job runs once. On the embedded database (one connection)
 * the same calls still prove the (job, day) row decides.
 */
const t = inject("dbTemplate");
let a: Db, b: Db;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  if (t.kind === "pg" && t.driver === "pg") {
    const { Client } = await import("pg");
    const name = `zhike_t_sched_${process.pid}_${Date.now()}`;
    const admin = new Client({ connectionString: t.adminUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${t.template}`);
    await admin.end();
    const url = new URL(t.base);
    url.pathname = `/${name}`;
    const [x, y]: OpenedDb[] = await Promise.all([openPg(url.toString()), openPg(url.toString())]);
    [a, b] = [x.db, y.db];
    closers.push(x.close, y.close, async () => {
      const c = new Client({ connectionString: t.adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    });
  } else {
    const o = await freshDb();
    [a, b] = [o.db, o.db];
    closers.push(o.close);
  }
});
afterAll(async () => {
  for (const c of closers) await c();
});

const at = (iso: string) => new Date(iso);

test("two servers ticking together run a job once per day", async () => {
  let runs = 0;
  const job: ScheduledJob = {
    name: "test-once",
    at: "07:30",
    async run() {
      runs++;
      await new Promise((r) => setTimeout(r, 50));
      return { ok: true };
    },
  };
  // 07:00 in Shanghai: not yet
  expect(await runIfDue(a, job, at("2026-03-01T23:00:00Z"))).toBe("not-due");
  const now = at("2026-03-02T00:00:00Z"); // 08:00 on 2 March in Shanghai
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => runIfDue(i % 2 ? a : b, job, now)));
  expect(runs).toBe(1);
  expect(results.filter((r) => r === "done")).toHaveLength(1);
  expect(results.filter((r) => r === "taken")).toHaveLength(9);
  // the next day it runs again, once
  await Promise.all([runIfDue(a, job, at("2026-03-03T00:00:00Z")), runIfDue(b, job, at("2026-03-03T00:00:00Z"))]);
  expect(runs).toBe(2);
  const rows = await queryRows<{ day: string; finished: boolean; result: unknown }>(a, sql`select day::text as day, finished_at is not null as finished, result from job_runs where job = 'test-once' order by day`);
  expect(rows).toEqual([
    { day: "2026-03-02", finished: true, result: { ok: true } },
    { day: "2026-03-03", finished: true, result: { ok: true } },
  ]);
});

test("a run whose server died mid-job is taken over only after it went stale; a failure is recorded", async () => {
  expect(await claimRun(a, "test-stale", "2026-03-02")).toBe(true);
  expect(await claimRun(b, "test-stale", "2026-03-02")).toBe(false);
  await a.execute(sql`update job_runs set started_at = now() - interval '2 hours' where job = 'test-stale'`);
  expect(await claimRun(b, "test-stale", "2026-03-02")).toBe(true);
  const failing: ScheduledJob = { name: "test-fail", at: "00:00", run: async () => Promise.reject(new Error("boom")) };
  expect(await runIfDue(a, failing, at("2026-03-02T00:00:00Z"))).toBe("failed");
  const [r] = await queryRows<{ error: string }>(a, sql`select error from job_runs where job = 'test-fail'`);
  expect(r.error).toBe("boom");
});
