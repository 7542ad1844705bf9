/**
 * `npm run bench:pages [-- options]`: every main page over HTTP, signed in as each kind of viewer, timed to
 * the last byte, beside the time of that page's SQL. Needs `npm run build` first and the generated set
 * (`npm run db:generate -- --customers 100000 --communications 1000000 --deals 200000 --seed 1`).
 *
 * The server: `next start` on --port (default 3210, BENCH_PORT) in its own process group, against the
 * database the environment names (DATABASE_URL → PostgreSQL, else the PGlite folder DATA_DIR), with
 * ZHIKE_SQL_TIMING set; the whole group is stopped at the end. A port that already answers is refused (that
 * server would be measured instead of this build). With BASE_URL an already running server is used instead;
 * start it with ZHIKE_SQL_TIMING=full (or 1: five slowest statements per request only) and its output in a
 * file, and pass that file as --sql-log to get SQL times.
 * NEXTAUTH_SECRET defaults to the one the bench data was generated with (ID cards are encrypted with it).
 * The server runs without the daily job (ZHIKE_JOBS=off), whose start-up roll-over would fall inside the
 * first timed requests.
 *
 * Sequential mode (default). Viewers (--roles rep,unit,branch,gm): a rep (sz1.rep1, ~2,000 customers), a
 * unit manager (sz1.manager, 深圳业务一部, ~20k), a branch manager (hn.manager, 华南分公司, ~38k) and the
 * GM (100k); demo password zhike-demo (BENCH_PASSWORD). For each viewer and page: --warmup requests (3),
 * then --runs sequential requests (15), each read to its last byte. Prints per page p50 / p95 (linear
 * interpolation between ranks), the page's SQL time (p50), the number of queries, overhead = page − SQL
 * (per request, p50 and p95), the server's CPU time per view (user + system of its process group from
 * /proc, the writing of the timing lines taken out), non-200 answers, and PASS/MISS against the targets:
 * p95 ≤ 100 ms on PostgreSQL (≤ 200 ms on PGlite) and overhead p50 ≤ 20 ms. Then where the SQL time of each missed page goes
 * (its slowest statements, median ms), and a page × viewer summary table.
 *
 * How the SQL time is measured, and why this way: pages stream (the layout's reminder badge, Suspense
 * boundaries), so a `Server-Timing` header would leave before most queries have run. With ZHIKE_SQL_TIMING
 * the server runs each HTTP request in its own AsyncLocalStorage record (db/sql-timing.ts, installed from
 * instrumentation.ts); db/client.ts times every statement the drivers run into the record of the request
 * that issued it; once the response has gone to its last byte the server prints one `[sql-timing]` line
 * keyed by the `x-zhike-bench-id` header this script sends. "SQL" is the wall time during which at least one
 * of the page's statements was in flight (their intervals' union: queries run in parallel), from the driver
 * call to the rows, so waiting for a pooled connection (or PGlite's single one) counts as SQL. Everything
 * else — session and viewer checks in Node, rendering, serialising the RSC payload, the loopback — is
 * overhead. The bench reads the server's stdout (or the --sql-log file) and matches the lines to requests;
 * in sequential mode it waits for a request's line before the next request, so writing it is never timed.
 * Overhead on a busy machine includes waiting for a core: compare it with the server CPU column. Under load
 * the SQL figure also includes the time a query's rows wait for the saturated event loop, so there the
 * server CPU per view and the database's own activity tell more (see the concurrent report).
 *
 * In sequential mode the server logs every statement (ZHIKE_SQL_TIMING=full, printed after the response has
 * gone), so "slowest statements" are exact: per statement its time per page view, median over the runs.
 *
 * --explain [all]: after the run (server stopped), EXPLAIN (ANALYZE, BUFFERS) of the three slowest
 * statements of every page that missed its target (every page with `all`), with the parameters the page
 * used, inside a transaction that is rolled back; only select/with statements taking at least --explain-min
 * ms (30) per view are explained, each distinct statement once.
 *
 * --concurrency [N] (32 when given without a value), --duration S (30): N signed-in sessions at once, one
 * user each — 7 in 8 reps (every rep of the generated set, in turn), 1 in 8 unit managers — each looping
 * over the rep pages (dashboard, customers, a pinyin search, communications, reminders, deals, to-dos,
 * funnel) without pause for S seconds. Prints pages/s, p50, p95 and errors overall and per page, against
 * the target ≥ 100 pages/s with p95 ≤ 300 ms and no errors.
 *
 * Other options: --pages (dashboard, customers, search, profile, communications, deals, pipeline, funnel,
 * stages, reminders, plans, todos, training), --search <text> (default "zhang"), --port,
 * --sql-log FILE (with BASE_URL), --no-sql-timing (our server without the timers, to see what they cost),
 * --workers N (1): the server as `npm start` runs it, N Node workers sharing the port (scripts/start.mjs,
 * WEB_CONCURRENCY; PostgreSQL only, the embedded database allows one process),
 * --sql-out FILE (the timed requests' timing lines as JSON lines, every statement with its parameters).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import readline from "node:readline";
import { sql } from "drizzle-orm";
import { driverFor, openDb, queryRows, type OpenedDb } from "@/db/client";
import { BENCH_ID_HEADER, SQL_TIMING_PREFIX } from "@/db/sql-timing";
import { arg, describeTarget, run } from "./_db";
import { signInCookie } from "./_http";

// ---------------------------------------------------------------- options

const num = (name: string, dflt: number, whenFlag = dflt) => {
  const v = arg(name);
  if (v === undefined) return dflt;
  if (v === "true") return whenFlag;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got ${v}`);
  return n;
};
const PORT = num("port", Number(process.env.BENCH_PORT || 3210));
const BASE = (process.env.BASE_URL || `http://localhost:${PORT}`).replace(/\/$/, "");
const OWN_SERVER = !process.env.BASE_URL;
const RUNS = Math.max(1, Math.round(num("runs", 15)));
const WARMUP = Math.round(num("warmup", 3));
const CONCURRENCY = arg("concurrency") === undefined ? 0 : Math.max(1, Math.round(num("concurrency", 32, 32)));
const DURATION = num("duration", 30);
const SEARCH = arg("search") ?? "zhang";
const EXPLAIN = arg("explain");
const EXPLAIN_MIN = num("explain-min", 30);
const SQL_LOG = arg("sql-log");
/** --no-sql-timing: our server without the timers, to see what they cost (no SQL columns then). */
const NO_SQL_TIMING = arg("no-sql-timing") !== undefined;
/** --workers N: server processes (scripts/start.mjs); 1 by default, so that figures compare across runs. */
const WORKERS = Math.max(1, Math.round(num("workers", 1, 2)));
/** --sql-out FILE: the timing lines of the timed requests (JSON lines: every statement with its text and parameters). */
const SQL_OUT = arg("sql-out");
const PASSWORD = process.env.BENCH_PASSWORD || "zhike-demo";
const SECRET = process.env.NEXTAUTH_SECRET || "zhike-bench-secret-not-for-production";
const KIND = driverFor(process.env);
const TARGET = { p95: KIND === "pglite" ? 200 : 100, overhead: 20, rate: 100, loadP95: 300 };

const ROLES = {
  rep: { email: "sz1.rep1@demo.cn", label: "rep (sz1.rep1)" },
  unit: { email: "sz1.manager@demo.cn", label: "unit mgr (深圳业务一部)" },
  branch: { email: "hn.manager@demo.cn", label: "branch mgr (华南分公司)" },
  gm: { email: "gm@demo.cn", label: "GM" },
} as const;
type RoleKey = keyof typeof ROLES;

/** The main pages; `profile` is filled in per viewer with a customer from their own list. */
const PAGES: { key: string; path: (ctx: { profile: string }) => string }[] = [
  { key: "dashboard", path: () => "/" },
  { key: "customers", path: () => "/customers" },
  { key: "search", path: () => `/customers?q=${encodeURIComponent(SEARCH)}` },
  { key: "profile", path: ({ profile }) => `/customers/${profile}` },
  { key: "communications", path: () => "/communications" },
  { key: "deals", path: () => "/deals" },
  { key: "pipeline", path: () => "/pipeline" },
  { key: "funnel", path: () => "/analytics/funnel" },
  { key: "stages", path: () => "/analytics/stages" },
  { key: "reminders", path: () => "/reminders" },
  { key: "plans", path: () => "/plans" },
  { key: "todos", path: () => "/todos" },
  { key: "training", path: () => "/training" },
];
const LOAD_PAGES = ["dashboard", "customers", "search", "communications", "reminders", "deals", "todos", "funnel"];

function listArg(name: string, all: string[]) {
  const v = arg(name);
  if (!v || v === "true") return all;
  const picked = v.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = picked.filter((p) => !all.includes(p));
  if (bad.length) throw new Error(`--${name}: unknown ${bad.join(", ")} (known: ${all.join(", ")})`);
  return picked;
}

// ---------------------------------------------------------------- figures

/** Percentile with linear interpolation between ranks (p in 0..1). */
function pct(xs: number[], p: number) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
}
const f0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en") : "–");
const mark = (ok: boolean) => (ok ? "PASS" : "MISS");
const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0)));

function printTable(rows: Record<string, string>[]) {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]);
  const width = (s: string) => [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
  const w = cols.map((c) => Math.max(width(c), ...rows.map((r) => width(r[c] ?? ""))));
  const line = (cells: string[]) => "| " + cells.map((c, i) => pad(c, w[i])).join(" | ") + " |";
  console.log(line(cols));
  console.log("|" + w.map((n) => "-".repeat(n + 2)).join("|") + "|");
  for (const r of rows) console.log(line(cols.map((c) => r[c] ?? "")));
}

// ---------------------------------------------------------------- the server's [sql-timing] lines

type Statement = { ms: number; sql: string; params?: unknown[] };
/** One request's line: every statement with ZHIKE_SQL_TIMING=full (`queries`), else the five slowest (`top`). */
type TimingLine = { id: string; path: string; status: number; ms: number; n: number; sqlMs: number; sqlSumMs: number; queries?: Statement[]; top?: Statement[]; reportMs?: number };
const timings = new Map<string, TimingLine>();
const serverLog: string[] = [];

function takeLine(line: string) {
  const i = line.indexOf(SQL_TIMING_PREFIX);
  if (i < 0) {
    serverLog.push(line);
    if (serverLog.length > 80) serverLog.shift();
    return;
  }
  try {
    const t = JSON.parse(line.slice(i + SQL_TIMING_PREFIX.length)) as TimingLine;
    if (t.id && t.id !== "-") timings.set(t.id, t);
  } catch {
    /* a line cut by the pipe: that request simply has no SQL figure */
  }
}

let sqlLogOffset = 0;
/** With BASE_URL and --sql-log: reads what the server has appended to its log since last time. */
function readSqlLog() {
  if (!SQL_LOG || !fs.existsSync(SQL_LOG)) return;
  const size = fs.statSync(SQL_LOG).size;
  if (size <= sqlLogOffset) return;
  const fd = fs.openSync(SQL_LOG, "r");
  const buf = Buffer.alloc(size - sqlLogOffset);
  fs.readSync(fd, buf, 0, buf.length, sqlLogOffset);
  fs.closeSync(fd);
  const text = buf.toString("utf8");
  const lastNl = text.lastIndexOf("\n");
  if (lastNl < 0) return;
  sqlLogOffset += Buffer.byteLength(text.slice(0, lastNl + 1));
  for (const line of text.slice(0, lastNl).split("\n")) takeLine(line);
}

/** The server prints a request's line when its response has closed, a moment after the client has read it. */
async function timingsFor(ids: string[], waitMs = 3000) {
  const until = Date.now() + waitMs;
  for (;;) {
    readSqlLog();
    if (ids.every((id) => timings.has(id)) || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return ids.map((id) => timings.get(id));
}
const sqlAvailable = () => (OWN_SERVER && !NO_SQL_TIMING) || (!OWN_SERVER && !!SQL_LOG);

// ---------------------------------------------------------------- HTTP

let seq = 0;
const nextId = (what: string) => `${process.pid}.${++seq}.${what}`;

const signIn = (email: string) => signInCookie(BASE, email, PASSWORD);

type Hit = { id: string; ms: number; status: number; bytes: number; error?: string };

/** One page view: time from the request to the last byte of the (streamed) body. Redirects are not followed. */
async function hit(path: string, cookie: string, id: string): Promise<Hit> {
  const t0 = performance.now();
  try {
    const res = await fetch(BASE + path, { headers: { Cookie: cookie, [BENCH_ID_HEADER]: id }, redirect: "manual" });
    const body = await res.arrayBuffer();
    return { id, ms: performance.now() - t0, status: res.status, bytes: body.byteLength };
  } catch (e) {
    return { id, ms: performance.now() - t0, status: 0, bytes: 0, error: (e as Error).message };
  }
}

// ---------------------------------------------------------------- server

let server: ChildProcess | undefined;

async function waitFor(url: string, ms = 240_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (server && server.exitCode !== null) break;
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not answer ${url}\n${serverLog.slice(-30).join("\n")}`);
}

async function startServer() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("no production build here: run `npm run build` first");
  // a server already on the port (one left by an interrupted run) would be measured instead of this build
  if (await fetch(`${BASE}/login`).then(() => true, () => false)) throw new Error(`something already answers on port ${PORT}; stop it or use --port`);
  // its own process group: `next start` runs the server in a child process, which must be stopped with it
  server = spawn(process.execPath, ["scripts/start.mjs", "-p", String(PORT)], {
    // sequential runs log every statement (printed after the response has gone, so not inside the timed
    // window); under load only the five slowest, to keep the server's extra work small
    // ZHIKE_JOBS=off: the daily roll-over would otherwise recompute every reminder inbox a few seconds after
    // start, inside the first viewer's timed runs; a page whose inbox is a day old recomputes it on its first
    // read, which the warm-up requests pay
    env: { ...process.env, ZHIKE_SQL_TIMING: NO_SQL_TIMING ? "" : CONCURRENCY ? "1" : "full", ZHIKE_JOBS: "off", WEB_CONCURRENCY: String(WORKERS), NEXTAUTH_SECRET: SECRET, NEXTAUTH_URL: BASE, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  readline.createInterface({ input: server.stdout! }).on("line", takeLine);
  readline.createInterface({ input: server.stderr! }).on("line", (l) => {
    serverLog.push(l);
    if (serverLog.length > 80) serverLog.shift();
  });
  await waitFor(`${BASE}/api/health`);
}

async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server!.once("exit", resolve));
  const kill = (sig: NodeJS.Signals) => {
    try {
      process.kill(-server!.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  kill("SIGTERM");
  const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), 10_000))]);
  if (timedOut) kill("SIGKILL");
}

/**
 * CPU time (user + system, ms) used so far by the server's process group, from /proc (Linux; 10 ms ticks, so
 * only sums over many requests are meaningful). Undefined without our own server.
 */
function serverCpuMs(): number | undefined {
  const pgid = server?.pid;
  if (!pgid || process.platform !== "linux") return undefined;
  let ticks = 0;
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      // after "pid (comm) ": state ppid pgrp … utime(14th field) stime(15th)
      const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* the process has gone */
    }
  }
  return ticks * 10;
}

// ---------------------------------------------------------------- who signs in

type Person = { email: string; role: string; scope: string; customers: number };

/** Reps and unit managers of the generated set (for the concurrent mix), read before the server holds the database. */
async function loadPeople(): Promise<Person[] | null> {
  let opened: OpenedDb | undefined;
  try {
    opened = await openDb();
    return await queryRows<Person>(
      opened.db,
      sql`select u.email, r.code as role, r.data_scope as scope,
            (select count(*)::int from customers c join org_units cu on cu.id = c.org_unit_id
              where c.deleted_at is null and cu.path like o.path || '%') as customers
          from users u join roles r on r.id = u.role_id join org_units o on o.id = u.org_unit_id
          where u.active and u.deleted_at is null and r.code in ('rep', 'manager')
          order by u.email`,
    );
  } catch (e) {
    console.warn(`[bench:pages] could not read the users (${(e as Error).message.split("\n")[0]}); the demo accounts will be used`);
    return null;
  } finally {
    await opened?.close();
  }
}

function loadMix(people: Person[] | null, n: number) {
  const reps = people?.filter((p) => p.role === "rep").map((p) => p.email) ?? ["sz1.rep1@demo.cn", "sz1.rep2@demo.cn", "sz2.rep1@demo.cn", "sh.rep1@demo.cn"];
  // unit managers: a department's manager (not a branch's), largest scope first so 深圳业务一部 is in every mix
  const managers = people?.filter((p) => p.role === "manager" && p.scope === "unit_tree" && p.customers < 25_000).sort((a, b) => b.customers - a.customers).map((p) => p.email) ?? [
    "sz1.manager@demo.cn",
    "sz2.manager@demo.cn",
    "sh.manager@demo.cn",
  ];
  const nManagers = Math.round(n / 8);
  return Array.from({ length: n }, (_, i) => (i < nManagers ? managers[i % managers.length] : reps[(i - nManagers) % reps.length]));
}

// ---------------------------------------------------------------- sequential mode

type PageResult = { role: RoleKey; page: string; path: string; hits: Hit[]; sql: (TimingLine | undefined)[]; cpuMs?: number };

/**
 * One sequential view: the request, then (with SQL timing) the wait for its timing line, so that the server's
 * writing of one line never overlaps the next timed request.
 */
async function view(path: string, cookie: string, id: string) {
  const h = await hit(path, cookie, id);
  const [t] = sqlAvailable() ? await timingsFor([id], 2000) : [undefined];
  return { h, t };
}

async function benchRole(role: RoleKey, pages: string[]) {
  const cookie = await signIn(ROLES[role].email);
  // a customer from the viewer's own list, so the profile is always in scope
  const list = await (await fetch(`${BASE}/customers`, { headers: { Cookie: cookie } })).text();
  const profile = /\/customers\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(list)?.[1] ?? "00000000-0000-0000-0000-000000000000";
  const results: PageResult[] = [];
  for (const key of pages) {
    const path = PAGES.find((p) => p.key === key)!.path({ profile });
    for (let i = 0; i < WARMUP; i++) await view(path, cookie, nextId("warmup"));
    const hits: Hit[] = [];
    const sqlLines: (TimingLine | undefined)[] = [];
    const cpu0 = serverCpuMs();
    for (let i = 0; i < RUNS; i++) {
      const { h, t } = await view(path, cookie, nextId(`${role}.${key}`));
      hits.push(h);
      sqlLines.push(t);
    }
    const cpu1 = serverCpuMs();
    const reportMs = sqlLines.reduce((s, t) => s + (t?.reportMs ?? 0), 0);
    const cpuMs = cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0 - reportMs) / RUNS : undefined;
    results.push({ role, page: key, path, hits, sql: sqlLines, cpuMs });
  }
  return results;
}

function summarise(r: PageResult) {
  const ms = r.hits.map((h) => h.ms);
  const withSql = r.hits.map((h, i) => ({ h, t: r.sql[i] })).filter((x): x is { h: Hit; t: TimingLine } => !!x.t);
  const sqlMs = withSql.map((x) => x.t.sqlMs);
  const over = withSql.map((x) => x.h.ms - x.t.sqlMs);
  const bad = r.hits.filter((h) => h.status !== 200);
  const p95 = pct(ms, 0.95);
  return {
    p50: pct(ms, 0.5),
    p95,
    sqlP50: pct(sqlMs, 0.5),
    sqlP95: pct(sqlMs, 0.95),
    queries: pct(withSql.map((x) => x.t.n), 0.5),
    overP50: pct(over, 0.5),
    overP95: pct(over, 0.95),
    bad,
    okP95: p95 <= TARGET.p95,
    okOver: !withSql.length || pct(over, 0.5) <= TARGET.overhead,
  };
}

/**
 * The statements that take a page's SQL time: per distinct statement text, its time per page view (summed
 * when a view runs it more than once), median over the runs. Needs every statement (ZHIKE_SQL_TIMING=full);
 * from the five slowest only, a statement is missing from the views where it was faster, and its median is
 * taken over the views that listed it (so it is biased upwards).
 */
function dominant(r: PageResult, k = 3) {
  const lines = r.sql.filter((t): t is TimingLine => !!t);
  const complete = lines.some((t) => t.queries);
  const by = new Map<string, { perView: Map<TimingLine, number>; times: number; sql: string; params?: unknown[] }>();
  for (const t of lines)
    for (const q of t.queries ?? t.top ?? []) {
      const e = by.get(q.sql) ?? { perView: new Map(), times: 0, sql: q.sql, params: q.params };
      e.perView.set(t, (e.perView.get(t) ?? 0) + q.ms);
      e.times++;
      by.set(q.sql, e);
    }
  return [...by.values()]
    .map((e) => {
      const xs = complete ? lines.map((t) => e.perView.get(t) ?? 0) : [...e.perView.values()];
      return { ...e, median: pct(xs, 0.5), perView: e.times / (complete ? lines.length : e.perView.size) };
    })
    .sort((a, b) => b.median - a.median)
    .slice(0, k);
}

const oneLine = (s: string, max = 150) => {
  const t = s.replace(/\s+/g, " ").trim();
  const from = /^select /i.test(t) ? t.search(/ from /i) : -1;
  const shown = from > 0 ? `select … ${t.slice(from + 1)}` : t;
  return shown.length > max ? shown.slice(0, max) + "…" : shown;
};

async function explain(targets: { title: string; sql: string; params?: unknown[] }[]) {
  if (!targets.length) return;
  if (!OWN_SERVER && KIND === "pglite") {
    console.log("\n--explain: the PGlite folder is held by the running server; skipped");
    return;
  }
  const opened = await openDb();
  const client = (opened.db as unknown as { $client: { query: (t: string, p?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> } }).$client;
  try {
    console.log("\n## EXPLAIN (ANALYZE, BUFFERS) of the slowest statements (each in a rolled-back transaction)");
    for (const t of targets) {
      console.log(`\n### ${t.title}\n${oneLine(t.sql, 300)}`);
      if (!/^\s*(select|with)\b/i.test(t.sql)) {
        console.log("(not a select: skipped)");
        continue;
      }
      let plan: string[] = [];
      if (opened.kind === "pglite") {
        const pg = client as unknown as { transaction: (fn: (tx: { query: typeof client.query; rollback: () => Promise<void> }) => Promise<void>) => Promise<void> };
        await pg.transaction(async (tx) => {
          const r = await tx.query(`explain (analyze, buffers) ${t.sql}`, t.params ?? []);
          plan = r.rows.map((x) => String(Object.values(x)[0]));
          await tx.rollback();
        });
      } else {
        const pool = client as unknown as { connect: () => Promise<{ query: typeof client.query; release: () => void }> };
        const c = await pool.connect();
        try {
          await c.query("begin");
          const r = await c.query(`explain (analyze, buffers) ${t.sql}`, t.params ?? []);
          plan = r.rows.map((x) => String(Object.values(x)[0]));
        } finally {
          await c.query("rollback");
          c.release();
        }
      }
      // long IN-lists (thousands of ids) make single plan lines of hundreds of kB
      const cut = plan.map((l) => (l.length > 220 ? l.slice(0, 220) + " …" : l));
      const shown = cut.length > 45 ? [...cut.slice(0, 40), `  … ${cut.length - 42} more lines …`, ...cut.slice(-2)] : cut;
      console.log(shown.join("\n"));
    }
  } catch (e) {
    console.log(`EXPLAIN failed: ${(e as Error).message}`);
  } finally {
    await opened.close();
  }
}

async function sequential() {
  const roles = listArg("roles", Object.keys(ROLES)) as RoleKey[];
  const pages = listArg("pages", PAGES.map((p) => p.key));
  const all: PageResult[] = [];
  for (const role of roles) {
    const t = performance.now();
    const results = await benchRole(role, pages);
    all.push(...results);
    console.log(`\n## ${ROLES[role].label} — ${ROLES[role].email} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    printTable(
      results.map((r) => {
        const s = summarise(r);
        return {
          page: r.path.length > 36 ? r.path.slice(0, 35) + "…" : r.path,
          "p50 ms": f0(s.p50),
          "p95 ms": f0(s.p95),
          [`p95 ≤ ${TARGET.p95}`]: mark(s.okP95),
          "SQL p50": f0(s.sqlP50),
          "SQL p95": f0(s.sqlP95),
          queries: f0(s.queries),
          "overhead p50": f0(s.overP50),
          "overhead p95": f0(s.overP95),
          "server CPU": f0(r.cpuMs ?? NaN),
          [`overhead ≤ ${TARGET.overhead}`]: Number.isFinite(s.overP50) ? mark(s.okOver) : "–",
          "non-200": s.bad.length ? `${s.bad.length}× ${[...new Set(s.bad.map((b) => b.status || b.error))].join(",")}` : "",
        };
      }),
    );
  }

  // where the time of the missed pages goes
  const missed = all.filter((r) => {
    const s = summarise(r);
    return !s.okP95 || !s.okOver;
  });
  const shownSql = EXPLAIN === "all" ? all : missed;
  const lastSql = all.flatMap((r) => r.sql).find((t) => t);
  if (lastSql && !lastSql.queries) console.log("\n(the server logs only each request's five slowest statements: the medians below are over the views that listed them)");
  if (sqlAvailable() && shownSql.length) {
    console.log(`\n## Slowest statements of the ${EXPLAIN === "all" ? "" : "missed "}pages (median ms over the runs; SQL p50 is their overlap in time)`);
    for (const r of shownSql) {
      const s = summarise(r);
      console.log(`\n${ROLES[r.role].label} ${r.path}: page p50 ${f0(s.p50)} ms, SQL p50 ${f0(s.sqlP50)} ms over ${f0(s.queries)} statements`);
      for (const q of dominant(r)) console.log(`  ${pad(f0(q.median) + " ms", 8)}${pad(q.perView > 1.05 ? `×${q.perView.toFixed(1)}` : "", 6)}${oneLine(q.sql)}`);
    }
  }

  // page × viewer
  console.log(`\n## Summary: p50 / p95 ms to the last byte (SQL p50) — ${describeTarget()}`);
  printTable(
    pages.map((key) => {
      const row: Record<string, string> = { page: PAGES.find((p) => p.key === key)!.path({ profile: "…" }) };
      for (const role of roles) {
        const r = all.find((x) => x.role === role && x.page === key)!;
        const s = summarise(r);
        row[ROLES[role].label] = `${f0(s.p50)} / ${f0(s.p95)}${Number.isFinite(s.sqlP50) ? ` (${f0(s.sqlP50)})` : ""}${s.okP95 ? "" : " ✗"}${s.bad.length ? " !" : ""}`;
      }
      return row;
    }),
  );
  if (SQL_OUT) {
    fs.writeFileSync(SQL_OUT, all.flatMap((r) => r.sql.map((t) => (t ? JSON.stringify({ role: r.role, page: r.page, ...t }) + "\n" : ""))).join(""));
    console.log(`timing lines of the timed requests written to ${SQL_OUT}`);
  }
  const pass = all.filter((r) => summarise(r).okP95).length;
  const passOver = all.filter((r) => summarise(r).okOver).length;
  const bad = all.flatMap((r) => r.hits.filter((h) => h.status !== 200).map(() => r.path));
  console.log(`✗ = p95 over ${TARGET.p95} ms; ! = non-200 answers`);
  console.log(`p95 ≤ ${TARGET.p95} ms: met by ${pass} of ${all.length} page×viewer, ${mark(pass === all.length)}; overhead p50 ≤ ${TARGET.overhead} ms: ${sqlAvailable() ? `met by ${passOver} of ${all.length}, ${mark(passOver === all.length)}` : "no SQL figures"}; non-200: ${bad.length}${bad.length ? ` (${[...new Set(bad)].join(", ")})` : ""}`);
  if (sqlAvailable() && all.every((r) => r.sql.every((t) => !t))) console.log("no [sql-timing] lines came back: is the build older than db/sql-timing.ts? run `npm run build`");

  if (EXPLAIN) {
    await stopServer();
    const targets = shownSql.flatMap((r) => dominant(r).filter((q) => q.median >= EXPLAIN_MIN).map((q) => ({ title: `${ROLES[r.role].label} ${r.path} — ${f0(q.median)} ms per view`, sql: q.sql, params: q.params })));
    if (targets.some((t) => t.params === undefined)) console.log("\n--explain needs the full statements: run the server with ZHIKE_SQL_TIMING=full");
    // one EXPLAIN per distinct statement (the text differs with the viewer's scope), the first page that ran it
    const seen = new Set<string>();
    await explain(targets.filter((t) => t.params !== undefined && !seen.has(t.sql) && seen.add(t.sql)));
  }
}

// ---------------------------------------------------------------- concurrent mode

async function concurrent(people: Person[] | null) {
  const users = loadMix(people, CONCURRENCY);
  const t0 = performance.now();
  const sessions: { email: string; cookie: string }[] = [];
  for (const email of users) sessions.push({ email, cookie: await signIn(email) });
  console.log(`\n## ${CONCURRENCY} concurrent sessions (${new Set(users).size} distinct users: ${users.filter((u) => u.includes("manager")).length} unit managers, the rest reps), ${DURATION} s — signed in in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const paths = LOAD_PAGES.map((key) => ({ key, path: PAGES.find((p) => p.key === key)!.path({ profile: "" }) }));
  // warm-up: every session views its dashboard once
  await Promise.all(sessions.map((s) => hit("/", s.cookie, nextId("warmup"))));
  const hits: (Hit & { page: string })[] = [];
  // on PostgreSQL, how many of the server's connections are running a statement, sampled twice a second
  const dbBusy: number[] = [];
  const watcher = KIND === "pg" ? await openDb() : undefined;
  const sampling = watcher
    ? setInterval(() => {
        queryRows<{ n: number }>(watcher.db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`).then(
          ([r]) => dbBusy.push(Number(r?.n ?? 0)),
          () => {},
        );
      }, 500)
    : undefined;
  const cpu0 = serverCpuMs();
  const start = performance.now();
  const end = start + DURATION * 1000;
  await Promise.all(
    sessions.map(async (s, i) => {
      for (let k = i; performance.now() < end; k++) {
        const { key, path } = paths[k % paths.length];
        const h = await hit(path, s.cookie, nextId(`load.${key}`));
        if (performance.now() <= end) hits.push({ ...h, page: key });
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const cpu1 = serverCpuMs();
  clearInterval(sampling);
  await watcher?.close();
  const sqlLines = sqlAvailable() ? await timingsFor(hits.map((h) => h.id), 5000) : [];
  const sqlOf = new Map(hits.map((h, i) => [h.id, sqlLines[i]]));
  const errors = hits.filter((h) => h.status !== 200);
  const rate = hits.length / elapsed;
  const p95 = pct(hits.map((h) => h.ms), 0.95);
  const row = (label: string, hs: typeof hits) => {
    const sq = hs.map((h) => sqlOf.get(h.id)?.sqlMs).filter((x): x is number => x !== undefined);
    return { page: label, views: f0(hs.length), "pages/s": (hs.length / elapsed).toFixed(1), "p50 ms": f0(pct(hs.map((h) => h.ms), 0.5)), "p95 ms": f0(pct(hs.map((h) => h.ms), 0.95)), "SQL p50": f0(pct(sq, 0.5)), "SQL p95": f0(pct(sq, 0.95)), errors: String(hs.filter((h) => h.status !== 200).length) };
  };
  printTable([...paths.map((p) => row(p.path, hits.filter((h) => h.page === p.key))), row("all", hits)]);
  // where the database time goes under load: the statements listed among each view's five slowest, summed
  const by = new Map<string, { ms: number; n: number }>();
  for (const t of sqlLines) for (const q of t?.queries ?? t?.top ?? []) {
    const e = by.get(q.sql) ?? { ms: 0, n: 0 };
    e.ms += q.ms;
    e.n++;
    by.set(q.sql, e);
  }
  if (cpu0 !== undefined && cpu1 !== undefined)
    console.log(`\nserver CPU: ${f0((cpu1 - cpu0) / hits.length)} ms per page view (${((cpu1 - cpu0) / 1000 / elapsed).toFixed(2)} of the ${os.cpus().length} cores busy on average; its JavaScript runs on one thread, so about one core is its ceiling)`);
  if (dbBusy.length)
    console.log(`PostgreSQL: on average ${(dbBusy.reduce((a, b) => a + b, 0) / dbBusy.length).toFixed(1)} statements running at once (of the pool's ${process.env.DB_POOL_MAX || 10} connections; ${dbBusy.length} samples) — near 0 means the database waits for the server, not the other way round`);
  const heavy = [...by].sort((x, y) => y[1].ms - x[1].ms).slice(0, 8);
  if (heavy.length) {
    const waiting = KIND === "pglite" ? "PGlite's single connection" : `one of the pool's DB_POOL_MAX=${process.env.DB_POOL_MAX || 10} connections`;
    console.log(`\nStatements with the most time in flight (summed over the views that listed them among their five slowest; includes waiting for ${waiting}):`);
    for (const [text, e] of heavy) console.log(`  ${pad(`${f0(e.ms / 1000)} s`, 7)}${pad(`${f0(e.n)}×`, 7)}${pad(`${f0(e.ms / e.n)} ms`, 9)}${oneLine(text, 130)}`);
  }
  console.log(
    `${rate.toFixed(1)} pages/s (target ≥ ${TARGET.rate}: ${mark(rate >= TARGET.rate)}), p50 ${f0(pct(hits.map((h) => h.ms), 0.5))} ms, p95 ${f0(p95)} ms (target ≤ ${TARGET.loadP95}: ${mark(p95 <= TARGET.loadP95)}), errors ${errors.length} (${mark(errors.length === 0)})` +
      (errors.length ? ` — ${[...new Set(errors.map((e) => e.status || e.error))].join(", ")}` : ""),
  );
}

// ---------------------------------------------------------------- main

process.on("SIGINT", () => {
  void stopServer().finally(() => process.exit(130));
});

run(async () => {
  const people = CONCURRENCY ? await loadPeople() : null;
  console.log(`# bench:pages — ${new Date().toISOString()}`);
  console.log(`database: ${describeTarget()}; server: ${OWN_SERVER ? `${WORKERS > 1 ? `${WORKERS} workers of ` : ""}next start on ${BASE} (this build)` : BASE}; node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  if (CONCURRENCY) console.log(`mode: ${CONCURRENCY} concurrent sessions for ${DURATION} s over ${LOAD_PAGES.join(", ")}`);
  else console.log(`mode: sequential, ${WARMUP} warm-up + ${RUNS} timed requests per page and viewer; search "${SEARCH}"; targets p95 ≤ ${TARGET.p95} ms, overhead p50 ≤ ${TARGET.overhead} ms`);
  if (!sqlAvailable()) console.log(`SQL times: not available (${NO_SQL_TIMING ? "--no-sql-timing" : "BASE_URL without --sql-log"})`);
  try {
    if (OWN_SERVER) await startServer();
    if (CONCURRENCY) await concurrent(people);
    else await sequential();
    console.log(`\nload at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  } finally {
    await stopServer();
  }
});
