/**
 * `npm run bench:team`: the figures of issue #14 on a generated company (npm run db:generate: 100k customers,
 * 1M communications, 200k deals). Prints
 *   - the team feed (工作浏览, db/queries/team.ts getTeamFeed) for the GM: the first page, a page deep in the
 *     keyset, one kind, one person; and for a unit manager — p50 / p95 over --runs (target p95 ≤ 100 ms on
 *     PostgreSQL);
 *   - assigning 10,000 customers with their communications to one rep through the job the UI starts
 *     (createSelectionJob + applyAssignmentBatch until done; target ≤ 10 s on PostgreSQL). The customers
 *     really move (each run picks ones the target does not own);
 *   - the pool's daily rules over every customer (applyPoolRules with a rule at the top unit: not contacted
 *     for --pool-days days), inside a transaction that is rolled back, so runs repeat (target ≤ 5 s).
 * --only feed|assign|pool runs one part; --batch n sets the assignment batch (default 500).
 * Target: DATABASE_URL (PostgreSQL) or the PGlite folder of DATA_DIR. Never point it at a database you need.
 */
import { sql, TransactionRollbackError } from "drizzle-orm";
import { openDb, queryRows, type Db } from "@/db/client";
import { applyAssignmentBatch, ASSIGN_BATCH, createSelectionJob, getAssignmentJob } from "@/db/queries/assignments";
import { applyPoolRules } from "@/db/queries/pool";
import { getTeamFeed } from "@/db/queries/team";
import { getUserByEmail, getViewer } from "@/db/queries/users";
import { poolRules } from "@/db/schema";
import { teamFeedQuerySchema } from "@/lib/validation/team";
import type { Viewer } from "@/lib/viewer";
import { arg, count, describeTarget, run } from "./_db";

process.env.NEXTAUTH_SECRET ||= "zhike-bench-secret-not-for-production";
const RUNS = Number(arg("runs") ?? 30);
const ASSIGN_N = Number(arg("assign") ?? 10_000);
const POOL_DAYS = Number(arg("pool-days") ?? 90);
const BATCH = Number(arg("batch") ?? ASSIGN_BATCH);
const ONLY = arg("only");

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

async function viewer(db: Db, where: ReturnType<typeof sql>): Promise<Viewer> {
  const [u] = await queryRows<{ id: string }>(db, sql`select u.id from users u join roles r on r.id = u.role_id where ${where} and u.active and u.deleted_at is null order by u.email limit 1`);
  const v = u && (await getViewer(db, u.id));
  if (!v) throw new Error("no such user in this database");
  return v;
}

async function timed(name: string, target: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  const p95 = pct(times, 0.95);
  console.log(`  ${p95 <= target ? "✓" : "✗"} ${name.padEnd(50)} p50 ${pct(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms`);
  return p95;
}

run(async () => {
  console.log(`[bench:team] ${describeTarget()}`);
  const opened = await openDb();
  const db = opened.db;
  try {
    const n = await count(db, "communications");
    if (n < 100_000) console.warn(`[bench:team] only ${n} communications: generate data first (npm run db:generate)`);
    const counts = await Promise.all(["customers", "communications", "deals", "deal_stage_history", "users"].map(async (t) => `${t} ${(await count(db, t)).toLocaleString("en")}`));
    console.log(`[bench:team] driver ${opened.kind}; ${counts.join(", ")}; ${RUNS} runs after 3 warm-up\n`);

    const gm = await viewer(db, sql`r.data_scope = 'all' and 'plan:review' = any(r.permissions)`);
    const manager = await viewer(db, sql`r.data_scope = 'unit_tree' and 'plan:review' = any(r.permissions) and exists (select 1 from org_units ou where ou.id = u.org_unit_id and ou.parent_id is not null)`);
    const gmAdmin = await getUserByEmail(db, "gm@demo.cn");
    console.log(`[bench:team] GM ${gm.email}${gmAdmin ? "" : ""}; manager ${manager.email} (${manager.unitIds.length} units)`);

    // ------------------------------------------------------------ the feed
    if (!ONLY || ONLY === "feed") {
    console.log("\nteam feed (target p95 ≤ 100 ms on PostgreSQL)");
    const q = (o: Record<string, string> = {}) => teamFeedQuerySchema.parse(o);
    const first = await getTeamFeed(db, gm, q());
    // a cursor some pages deep
    let deep = first.nextCursor!;
    for (let i = 0; i < 20 && deep; i++) deep = (await getTeamFeed(db, gm, q({ cursor: deep }))).nextCursor!;
    const [person] = await queryRows<{ id: string }>(db, sql`select owner_id as id from communications where deleted_at is null group by 1 order by count(*) desc limit 1`);
    await timed("GM, first page (all kinds)", 100, () => getTeamFeed(db, gm, q()));
    await timed("GM, 21 pages deep (keyset)", 100, () => getTeamFeed(db, gm, q({ cursor: deep })));
    await timed("GM, communications only", 100, () => getTeamFeed(db, gm, q({ kind: "communication" })));
    await timed("GM, one person", 100, () => getTeamFeed(db, gm, q({ person: person.id })));
    await timed("GM, last 7 days", 100, () => getTeamFeed(db, gm, q({ from: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10) })));
    await timed(`manager of ${manager.unitIds.length} units, first page`, 100, () => getTeamFeed(db, manager, q()));
    }

    // ------------------------------------------------------------ assignment
    if (!ONLY || ONLY === "assign") {
    console.log(`\nassigning ${ASSIGN_N.toLocaleString("en")} customers in batches of ${BATCH} (target ≤ 10 s on PostgreSQL)`);
    const target = await viewer(db, sql`r.code = 'rep' and u.email like 'bench.rep%'`);
    const picked = await queryRows<{ id: string }>(
      db,
      sql`select id from customers where deleted_at is null and company_id is null and owner_id is distinct from ${target.id} order by hashtext(id::text || ${String(Date.now())}) limit ${ASSIGN_N}`,
    );
    const [{ comms }] = await queryRows<{ comms: number }>(db, sql`select count(*)::int as comms from communications where customer_id = any(${sql.param(picked.map((p) => p.id))}::uuid[])`);
    const t0 = performance.now();
    const job = await createSelectionJob(db, gm, picked.map((p) => p.id), target.id, "bench:team");
    const t1 = performance.now();
    let batches = 0;
    while (!(await applyAssignmentBatch(db, job, BATCH)).done) batches++;
    const t2 = performance.now();
    const j = await getAssignmentJob(db, gm, job);
    console.log(`  ${t2 - t0 <= 10_000 ? "✓" : "✗"} ${picked.length} customers with ${Number(comms).toLocaleString("en")} communications → ${target.name}: ${((t2 - t0) / 1000).toFixed(2)} s (job created in ${Math.round(t1 - t0)} ms, ${batches + 1} batches); moved ${j?.moved}, failed ${j?.failed}`);

    }

    // ------------------------------------------------------------ the pool job
    if (ONLY && ONLY !== "pool") return;
    console.log(`\npool rules over every customer: not contacted for ${POOL_DAYS} days (target ≤ 5 s), rolled back`);
    const [root] = await queryRows<{ id: string }>(db, sql`select id from org_units where parent_id is null and deleted_at is null order by path limit 1`);
    await db
      .transaction(async (tx) => {
        await tx.delete(poolRules);
        await tx.insert(poolRules).values({ orgUnitId: root.id, notContactedDays: POOL_DAYS, claimLimit: 20 });
        const p0 = performance.now();
        const moved = await applyPoolRules(tx);
        const ms = performance.now() - p0;
        const [{ c }] = await queryRows<{ c: number }>(tx, sql`select count(*)::int as c from customers where pooled_at is not null`);
        console.log(`  ${ms <= 5_000 ? "✓" : "✗"} first run of a new rule: ${moved.toLocaleString("en")} customers (and their communications, deals) into the pool in ${(ms / 1000).toFixed(2)} s; ${Number(c).toLocaleString("en")} pooled now`);
        // the job as it runs every day after that: the whole company checked, the day's crossings moved
        for (const day of [1, 2, 3]) {
          const d0 = performance.now();
          const next = await applyPoolRules(tx, new Date(Date.now() + day * 86_400_000));
          const dms = performance.now() - d0;
          console.log(`  ${dms <= 5_000 ? "✓" : "✗"} the daily run ${day} day(s) later: ${next.toLocaleString("en")} customers crossed the rule and moved, in ${(dms / 1000).toFixed(2)} s`);
        }
        tx.rollback();
      })
      .catch((e) => {
        if (!(e instanceof TransactionRollbackError)) throw e;
      });
  } finally {
    await opened.close();
  }
});
