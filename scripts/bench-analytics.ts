/**
 * `npm run bench:analytics [-- --runs 30]`
 *
 * Server-side timings of 精确营销 and the dashboard (issue 13) on the database the environment names
 * (PGlite DATA_DIR or DATABASE_URL) after `npm run db:generate -- --customers 100000 --communications
 * 1000000 --deals 200000`: the real functions of db/queries with real viewers (the GM, a branch manager,
 * reps with a typical book), each page's reads together as the page runs them, warm-up first, then
 * `--runs` runs with varying reps. Prints p50/p95 against the target (PostgreSQL p95 ≤ 100 ms, PGlite
 * ≤ 200 ms), and the time to regrade all customers after a rule change (target ≤ 10 s on PostgreSQL),
 * measured inside a transaction that is rolled back: the database is left as it was.
 */
import { sql, TransactionRollbackError } from "drizzle-orm";
import { openDb, queryRows, type Db } from "@/db/client";
import { countCustomersByStage, listCustomers } from "@/db/queries/customers";
import { getMonthForecast, getTeamMonth } from "@/db/queries/dashboard";
import { getPareto } from "@/db/queries/pareto";
import { readInbox, teamDigest } from "@/db/queries/reminder-inbox";
import { getSourceAnalysis } from "@/db/queries/sources";
import { getUserByEmail, getViewer } from "@/db/queries/users";
import { getValueGradeStats, getValueGradeTrend } from "@/db/queries/value-grades";
import { addDays, today as companyToday } from "@/lib/dates";
import type { Viewer } from "@/lib/viewer";
import { arg, count, describeTarget, run } from "./_db";

const RUNS = Number(arg("runs") ?? 30);
const WARMUP = 3;

type Bench = { name: string; fn: (i: number) => Promise<unknown> };
type Result = { name: string; p50: number; p95: number; max: number; ok: boolean };

run(async () => {
  console.log(`[bench:analytics] ${describeTarget()}`);
  const opened = await openDb();
  try {
    const target = opened.kind === "pglite" ? 200 : 100;
    const db = opened.db;
    const customers = await count(db, "customers");
    if (customers < 10_000) {
      console.error(`[bench:analytics] only ${customers} customers: generate data first, e.g.\n  npm run db:generate -- --customers 100000 --communications 1000000 --deals 200000 --seed 1`);
      process.exitCode = 1;
      return;
    }
    const counts = await Promise.all(["customers", "communications", "deals"].map(async (t) => `${t} ${(await count(db, t)).toLocaleString("en")}`));
    console.log(`[bench:analytics] driver ${opened.kind}; ${counts.join(", ")}; ${RUNS} runs after ${WARMUP} warm-up; target p95 ≤ ${target} ms\n`);
    const results: Result[] = [];
    for (const b of await buildBenches(db)) results.push(await time(b, target));
    printTable(results, target, opened.kind);
    const regrade = await timeRegrade(db);
    const regradeOk = opened.kind === "pglite" || regrade.ms <= 10_000;
    console.log(`\n${regradeOk ? "✓" : "✗"} regrade all ${customers.toLocaleString("en")} customers after a rule change: ${(regrade.ms / 1000).toFixed(2)} s, ${regrade.changed} grades changed (target ≤ 10 s on PostgreSQL; rolled back)`);
    const misses = results.filter((r) => !r.ok);
    if (misses.length) console.log(`\n[bench:analytics] ${misses.length} miss the target: ${misses.map((m) => m.name).join("; ")}`);
  } finally {
    await opened.close();
  }
});

async function time(b: Bench, target: number): Promise<Result> {
  for (let i = 0; i < WARMUP; i++) await b.fn(i + 1000);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await b.fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, c) => a - c);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
  const r = { name: b.name, p50: q(0.5), p95: q(0.95), max: times[times.length - 1], ok: q(0.95) <= target };
  console.log(`  ${r.ok ? "✓" : "✗"} ${b.name.padEnd(52)} p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms`);
  return r;
}

async function viewerByEmail(db: Db, email: string) {
  const u = await getUserByEmail(db, email);
  const v = u && (await getViewer(db, u.id));
  if (!v) throw new Error(`no user ${email}: is this the generated company?`);
  return v;
}

async function buildBenches(db: Db): Promise<Bench[]> {
  const gm = await viewerByEmail(db, "gm@demo.cn");
  const branch = await viewerByEmail(db, "hn.manager@demo.cn");
  // reps with a typical book (1,000–4,000 customers)
  const repRows = await queryRows<{ owner_id: string; n: number }>(
    db,
    sql`select c.owner_id, count(*)::int as n from customers c join users u on u.id = c.owner_id join roles r on r.id = u.role_id
        where c.deleted_at is null and r.data_scope = 'self' group by c.owner_id having count(*) between 1000 and 4000 order by 2 desc limit 10`,
  );
  const reps = (await Promise.all(repRows.map((r) => getViewer(db, r.owner_id)))).filter((v): v is Viewer => !!v);
  if (!reps.length) throw new Error("no rep with 1,000–4,000 customers");
  console.log(`  viewers: GM, ${branch.name} (hn.manager, ${branch.unitIds.length} units), ${reps.length} reps (${repRows.map((r) => r.n).join("/")} customers)\n`);
  const rep = (i: number) => reps[i % reps.length];
  const day = companyToday();
  // the Pareto over a period that is not the grade window: summed from the deals (the live path)
  const period = { from: addDays(day, -89), to: day };
  const cast: [string, (i: number) => Viewer][] = [
    ["GM", () => gm],
    ["branch manager", () => branch],
    ["rep", rep],
  ];
  const benches: Bench[] = [];
  for (const [who, v] of cast) {
    benches.push(
      { name: `value grades page as ${who}`, fn: (i) => Promise.all([getValueGradeStats(db, v(i), {}), getValueGradeTrend(db, v(i), {})]) },
      { name: `Pareto (grade window) as ${who}`, fn: (i) => getPareto(db, v(i), {}) },
      { name: `Pareto (last 90 days, from deals) as ${who}`, fn: (i) => getPareto(db, v(i), period) },
      { name: `source analysis as ${who}`, fn: (i) => getSourceAnalysis(db, v(i), {}) },
      {
        name: `dashboard as ${who}`,
        fn: (i) => {
          const x = v(i);
          const team = x.dataScope === "all" ? "unit" : x.dataScope === "self" ? null : "owner";
          return Promise.all([
            countCustomersByStage(db, x),
            listCustomers(db, x, { sort: "updated", dir: "desc" }, 6),
            readInbox(db, x, day),
            teamDigest(db, x, day),
            getMonthForecast(db, x, day),
            team ? getTeamMonth(db, x, day, team) : Promise.resolve([]),
          ]);
        },
      },
    );
  }
  return benches;
}

/** A rule change's regrade of every customer (the B threshold doubled), timed inside a rolled-back transaction. */
async function timeRegrade(db: Db) {
  let out = { ms: 0, changed: 0 };
  await db
    .transaction(async (tx) => {
      await tx.execute(sql`update value_grades set min_revenue = min_revenue * 2 where sort = 1`);
      const t = performance.now();
      const [r] = await queryRows<{ n: number }>(tx, sql`select zhike_regrade_all() as n`);
      out = { ms: performance.now() - t, changed: Number(r.n) };
      tx.rollback();
    })
    .catch((e) => {
      if (!(e instanceof TransactionRollbackError)) throw e;
    });
  return out;
}

function printTable(results: Result[], target: number, kind: string) {
  const w = Math.max(...results.map((r) => r.name.length)) + 2;
  console.log(`\n| page data (${kind}) ${" ".repeat(Math.max(0, w - 14 - kind.length))}| p50 ms | p95 ms | max ms | p95 ≤ ${target} |`);
  console.log(`|${"-".repeat(w + 1)}|-------:|-------:|-------:|:-------:|`);
  for (const r of results)
    console.log(`| ${r.name.padEnd(w)}| ${r.p50.toFixed(1).padStart(6)} | ${r.p95.toFixed(1).padStart(6)} | ${r.max.toFixed(1).padStart(6)} | ${r.ok ? "yes" : "**no**"}${" ".repeat(r.ok ? 5 : 2)}|`);
}
