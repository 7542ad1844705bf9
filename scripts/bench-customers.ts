/**
 * `npm run bench:customers [-- --runs 50 --explain]`
 *
 * Server-side timings of the customer queries on the database the environment names (PGlite DATA_DIR
 * or DATABASE_URL) after `npm run db:generate`: the real functions of db/queries with real viewers from
 * getViewer, warm-up first, then `--runs` runs each with varying reps, pages, search terms and ids.
 * Prints p50/p95 against the target (PostgreSQL p95 ≤ 50 ms, PGlite ≤ 100 ms) and, for every query
 * that misses it (or for all with --explain), EXPLAIN ANALYZE of the statements it ran.
 *
 * --try-index-fix: then runs the suite again inside a transaction in which the customers' ordered
 * indexes are rebuilt the way the list queries sort (see PROPOSED_INDEXES), and rolls it back: the
 * database and the schema are left as they were.
 */
import { sql, TransactionRollbackError } from "drizzle-orm";
import { pinyin } from "pinyin-pro";
import { openDb, queryRows, type Db, type OpenedDb } from "@/db/client";
import { countCustomers, getCustomerById, listCustomers } from "@/db/queries/customers";
import { getUserByEmail, getViewer } from "@/db/queries/users";
import type { CustomerListQuery } from "@/lib/validation/customer";
import type { Viewer } from "@/lib/viewer";
import { arg, count, describeTarget, run } from "./_db";

const RUNS = Number(arg("runs") ?? 50);
const WARMUP = 5;
const EXPLAIN = arg("explain") !== undefined;
const TRY_FIX = arg("try-index-fix") !== undefined;

/**
 * The list sorts ORDER BY <col> DESC, id DESC — which Postgres reads as DESC NULLS FIRST — but the
 * schema declares these indexes with drizzle's .desc(), generated as DESC NULLS LAST. The orders differ,
 * so no list can walk its index and every page sorts the viewer's whole scope. Declared .desc().nullsFirst()
 * (plain DESC), the same index serves both directions (ASC = NULLS LAST is its backward scan).
 */
const PROPOSED_INDEXES = [
  ["customers_owner_updated_idx", "(owner_id, updated_at desc nulls first, id desc nulls first)"],
  ["customers_unit_updated_idx", "(org_unit_id, updated_at desc nulls first, id desc nulls first)"],
  ["customers_updated_idx", "(updated_at desc nulls first, id desc nulls first)"],
  ["customers_created_idx", "(created_at desc nulls first, id desc nulls first)"],
] as const;

type Bench = { name: string; required: boolean; fn: (i: number) => Promise<unknown> };
type Result = { name: string; required: boolean; p50: number; p95: number; max: number; ok: boolean };

run(async () => {
  console.log(`[bench:customers] ${describeTarget()}`);
  const opened = await openDb();
  try {
    const target = opened.kind === "pglite" ? 100 : 50;
    const db = opened.db;
    const customers = await count(db, "customers");
    if (customers < 10_000) {
      console.error(`[bench:customers] only ${customers} customers: generate data first, e.g.\n  npm run db:generate -- --customers 100000 --communications 1000000 --deals 200000 --seed 1`);
      process.exitCode = 1;
      return;
    }
    const counts = await Promise.all(["customers", "communications", "deals", "users", "org_units"].map(async (t) => `${t} ${(await count(db, t)).toLocaleString("en")}`));
    console.log(`[bench:customers] driver ${opened.kind}; ${counts.join(", ")}; ${RUNS} runs after ${WARMUP} warm-up; target p95 ≤ ${target} ms\n`);

    const benches = await buildBenches(db);
    const results = await runSuite(benches, target);
    printTable(results, target, opened.kind);
    const misses = results.filter((r) => !r.ok);
    for (const b of benches.filter((x) => EXPLAIN || misses.some((m) => m.name === x.name))) await explain(opened, b);
    if (misses.length) console.log(`\n[bench:customers] ${misses.length} quer${misses.length > 1 ? "ies miss" : "y misses"} the target: ${misses.map((m) => m.name).join("; ")}`);

    if (TRY_FIX) {
      console.log(`\n[bench:customers] --try-index-fix: rebuilding ${PROPOSED_INDEXES.map(([n]) => n).join(", ")} as DESC NULLS FIRST in a transaction`);
      await db
        .transaction(async (tx) => {
          for (const [name, cols] of PROPOSED_INDEXES) {
            await tx.execute(sql.raw(`drop index ${name}`));
            await tx.execute(sql.raw(`create index ${name} on customers ${cols} where deleted_at is null`));
          }
          await tx.execute(sql`analyze customers`);
          const fixed = await runSuite(await buildBenches(tx, false), target);
          printTable(fixed, target, `${opened.kind}, proposed indexes`);
          tx.rollback();
        })
        .catch((e) => {
          if (!(e instanceof TransactionRollbackError)) throw e;
        });
      console.log("[bench:customers] rolled back: indexes as in the schema again");
    }
  } finally {
    await opened.close();
  }
});

async function runSuite(benches: Bench[], target: number) {
  const results: Result[] = [];
  for (const b of benches) {
    for (let i = 0; i < WARMUP; i++) await b.fn(i + 1000);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await b.fn(i);
      times.push(performance.now() - t);
    }
    times.sort((a, c) => a - c);
    const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
    const r = { name: b.name, required: b.required, p50: q(0.5), p95: q(0.95), max: times[times.length - 1], ok: q(0.95) <= target };
    results.push(r);
    console.log(`  ${r.ok ? "✓" : "✗"} ${b.name.padEnd(58)} p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms`);
  }
  return results;
}

// ---------------------------------------------------------------- the queries and their parameters

async function viewerByEmail(db: Db, email: string) {
  const u = await getUserByEmail(db, email);
  const v = u && (await getViewer(db, u.id));
  if (!v) throw new Error(`no user ${email}: is this the demo company?`);
  return v;
}

const initials = (name: string) => (pinyin(name, { pattern: "first", toneType: "none", type: "array" }) as string[]).join("").toLowerCase();
const base: CustomerListQuery = { sort: "updated", dir: "desc" };

async function buildBenches(db: Db, verbose = true): Promise<Bench[]> {
  const gm = await viewerByEmail(db, "gm@demo.cn");
  const manager = await viewerByEmail(db, "sz1.manager@demo.cn");
  const branchManager = await viewerByEmail(db, "hn.manager@demo.cn");
  // reps with a typical book (1,000–4,000 customers), sz1.rep1 first
  const repRows = await queryRows<{ owner_id: string; n: number }>(
    db,
    sql`select c.owner_id, count(*)::int as n from customers c join users u on u.id = c.owner_id join roles r on r.id = u.role_id
        where c.deleted_at is null and r.data_scope = 'self' group by c.owner_id, u.email having count(*) between 1000 and 4000
        order by (u.email = 'sz1.rep1@demo.cn') desc, 2 desc limit 10`,
  );
  if (!repRows.length) throw new Error("no rep with 1,000–4,000 customers: was the data generated with --customers ≥ 50000?");
  const reps = (await Promise.all(repRows.map((r) => getViewer(db, r.owner_id)))).filter((v): v is Viewer => !!v);
  const scopeSize = async (v: Viewer) => countCustomers(db, v, base, 1_000_000);
  if (verbose)
    console.log(
    `  viewers: ${reps.length} reps (${repRows.map((r) => r.n).join("/")} customers), ${manager.name} (sz1.manager, ${await scopeSize(manager)} in scope), ` +
      `${branchManager.name} (hn.manager, ${branchManager.unitIds.length} units, ${await scopeSize(branchManager)}), GM (${await scopeSize(gm)})`,
  );

  // search terms drawn from the data: the commonest 2-character names company-wide, and each rep's own
  const common = (await queryRows<{ name: string }>(
    db,
    sql`select name from customers where kind = 'individual' and char_length(name) = 2 and deleted_at is null group by name order by count(*) desc, name limit 25`,
  )).map((r) => r.name);
  const repNames = await Promise.all(
    reps.map(async (r) => (await queryRows<{ name: string }>(db, sql`select name from customers where owner_id = ${r.id} and kind = 'individual' and char_length(name) = 2 and deleted_at is null order by md5(id::text) limit 5`)).map((x) => x.name)),
  );
  const commonInitials = [...new Set(common.map(initials))];
  if (verbose) console.log(`  search terms: ${common.slice(0, 8).join(" ")} … / initials ${commonInitials.slice(0, 8).join(" ")} …\n`);

  // profile ids: 10 of each rep's own customers, 50 anywhere for the GM
  const repIds = await Promise.all(reps.map(async (r) => (await queryRows<{ id: string }>(db, sql`select id from customers where owner_id = ${r.id} and deleted_at is null order by md5(id::text) limit 10`)).map((x) => x.id)));
  const anyIds = (await queryRows<{ id: string }>(db, sql`select id from customers where deleted_at is null order by md5(id::text) limit 50`)).map((x) => x.id);

  // keyset pages 1–5 of a list, so "varying parameters" includes deeper pages
  const cursors = async (v: Viewer, q: CustomerListQuery) => {
    const out: (string | undefined)[] = [undefined];
    for (let k = 0; k < 4; k++) {
      const p = await listCustomers(db, v, { ...q, cursor: out[out.length - 1] });
      if (!p.nextCursor) break;
      out.push(p.nextCursor);
    }
    return out;
  };
  const repCursors = await Promise.all(reps.map((r) => cursors(r, base)));
  const managerCursors = await cursors(manager, base);
  const branchCursors = await cursors(branchManager, base);
  const gmCursors = await cursors(gm, base);
  const rep = (i: number) => reps[i % reps.length];
  const pickOf = <T>(xs: T[], i: number) => xs[i % xs.length];
  const repName = (i: number) => pickOf(repNames[i % reps.length].length ? repNames[i % reps.length] : common, Math.floor(i / reps.length));

  return [
    { name: "rep list page (listCustomers, 10 reps, pages 1–5)", required: true, fn: (i) => listCustomers(db, rep(i), { ...base, cursor: pickOf(repCursors[i % reps.length], Math.floor(i / reps.length)) }) },
    { name: "rep list header count (countCustomers)", required: false, fn: (i) => countCustomers(db, rep(i), base) },
    { name: "manager subtree list (sz1.manager ~20k, pages 1–5)", required: true, fn: (i) => listCustomers(db, manager, { ...base, cursor: pickOf(managerCursors, i) }) },
    { name: "manager subtree header count (capped 10,000)", required: false, fn: () => countCustomers(db, manager, base) },
    { name: "branch manager list (hn.manager, 6 units, pages 1–5)", required: false, fn: (i) => listCustomers(db, branchManager, { ...base, cursor: pickOf(branchCursors, i) }) },
    { name: "manager subtree list sorted by name", required: false, fn: (i) => listCustomers(db, manager, { sort: "name", dir: i % 2 ? "desc" : "asc" }) },
    { name: "GM list page (all customers, pages 1–5)", required: true, fn: (i) => listCustomers(db, gm, { ...base, cursor: pickOf(gmCursors, i) }) },
    { name: "GM list header count (capped 10,000)", required: false, fn: () => countCustomers(db, gm, base) },
    { name: "GM list sorted by created (new/old first)", required: false, fn: (i) => listCustomers(db, gm, { sort: "created", dir: i % 2 ? "asc" : "desc" }) },
    { name: "GM list sorted by last contact", required: false, fn: (i) => listCustomers(db, gm, { sort: "contact", dir: i % 2 ? "asc" : "desc" }) },
    { name: "2-char name search as GM (25 common names)", required: true, fn: (i) => listCustomers(db, gm, { ...base, q: pickOf(common, i) }) },
    { name: "2-char name search as GM · count", required: false, fn: (i) => countCustomers(db, gm, { ...base, q: pickOf(common, i) }) },
    { name: "2-char name search as rep (own customers' names)", required: true, fn: (i) => listCustomers(db, rep(i), { ...base, q: repName(i) }) },
    { name: "pinyin initials search as GM (zw, wf, …)", required: true, fn: (i) => listCustomers(db, gm, { ...base, q: pickOf(commonInitials, i) }) },
    { name: "pinyin initials search as GM · count", required: false, fn: (i) => countCustomers(db, gm, { ...base, q: pickOf(commonInitials, i) }) },
    { name: "pinyin initials search as rep", required: true, fn: (i) => listCustomers(db, rep(i), { ...base, q: initials(repName(i)) }) },
    { name: "profile page as rep (getCustomerById)", required: true, fn: (i) => getCustomerById(db, rep(i), pickOf(repIds[i % reps.length], Math.floor(i / reps.length))) },
    { name: "profile page as GM (getCustomerById)", required: true, fn: (i) => getCustomerById(db, gm, pickOf(anyIds, i)) },
  ];
}

// ---------------------------------------------------------------- output

function printTable(results: Result[], target: number, kind: string) {
  const w = Math.max(...results.map((r) => r.name.length)) + 2;
  console.log(`\n| query (${kind}) ${" ".repeat(Math.max(0, w - 10 - kind.length))}| p50 ms | p95 ms | max ms | p95 ≤ ${target} |`);
  console.log(`|${"-".repeat(w + 1)}|-------:|-------:|-------:|:-------:|`);
  for (const r of results)
    console.log(`| ${(r.name + (r.required ? "" : " ·")).padEnd(w)}| ${r.p50.toFixed(1).padStart(6)} | ${r.p95.toFixed(1).padStart(6)} | ${r.max.toFixed(1).padStart(6)} | ${r.ok ? "yes" : "**no**"}${" ".repeat(r.ok ? 5 : 2)}|`);
  console.log("(· = extra, not in the brief's list: the list page also runs the count)");
}

type Captured = { text: string; params: unknown[] };
type Queryable = { query: (...args: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> };

/** Runs the bench once while recording the SQL the driver receives, then EXPLAIN ANALYZEs each statement. */
async function explain(opened: OpenedDb, b: Bench) {
  const client = (opened.db as unknown as { $client: Queryable }).$client;
  const original = client.query;
  const captured: Captured[] = [];
  client.query = function (this: unknown, ...args: unknown[]) {
    const [q, params] = args as [string | { text: string }, unknown[] | undefined];
    captured.push({ text: typeof q === "string" ? q : q.text, params: params ?? [] });
    return original.apply(this, args);
  } as Queryable["query"];
  try {
    await b.fn(0);
  } finally {
    client.query = original;
  }
  console.log(`\n=== EXPLAIN ANALYZE — ${b.name}`);
  for (const c of captured) {
    const text = `explain (analyze, buffers) ${c.text}`;
    const res = opened.kind === "pglite" ? await client.query(text, c.params) : await client.query({ text, values: c.params });
    console.log(`--- ${c.text.replace(/\s+/g, " ").slice(0, 160)}${c.text.length > 160 ? " …" : ""}`);
    console.log(`    params: ${JSON.stringify(c.params).slice(0, 200)}`);
    for (const row of res.rows) console.log(`    ${Object.values(row)[0]}`);
  }
}
