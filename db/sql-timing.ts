import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import { wrapServerEmit } from "@/lib/server-hook";

/*
 * Per-request SQL timing for `npm run bench:pages`, off unless ZHIKE_SQL_TIMING is set.
 *
 * Why a log line and not a `Server-Timing` header: pages stream (the layout's reminder badge, Suspense
 * boundaries), so the headers leave before most of the queries have run. Instead every HTTP request of the
 * server process runs inside an AsyncLocalStorage record (installSqlTiming wraps http.Server's emit like
 * lib/forwarded.ts does, so the record flows into Next's whole render); the drivers in db/client.ts time each
 * query into the record of the request that issued it; and when the response has been sent to its last byte
 * (and the record's queries have all returned) one line is printed:
 *
 *   [sql-timing] {"id":"<x-zhike-bench-id>","path":"/deals","status":200,"ms":231.4,"n":14,"sqlMs":180.2,"sqlSumMs":244.9,"top":[…],"reportMs":0.2}
 *
 * `sqlMs` is the wall time during which at least one of the request's queries was in flight (the union of
 * their intervals: queries run in parallel under Promise.all, so the plain sum, `sqlSumMs`, overstates what
 * the page waited for). A query's interval runs from the driver call to its rows, so it includes waiting for
 * a pooled connection (pg) or for the embedded database's single connection (PGlite) — time the page spends
 * waiting on the database either way — and, when the server's event loop is saturated (under load), the time
 * a finished query's rows wait for the loop to come round. `top` lists the five slowest statements (ms and a short label); with
 * ZHIKE_SQL_TIMING=full the line carries every statement instead (`queries`: ms, full text, parameters), so
 * the bench can say which statements take a page's time and EXPLAIN them.
 */

/** The header a benchmark sends to name its request in the timing line. */
export const BENCH_ID_HEADER = "x-zhike-bench-id";
export const SQL_TIMING_PREFIX = "[sql-timing] ";

type TimedQuery = { start: number; end: number; text: string; params?: unknown[] };
type RequestRecord = { id: string; method: string; path: string; start: number; queries: TimedQuery[]; open: number; done?: () => void };

export type SqlTimingMode = "off" | "on" | "full";

export function sqlTimingMode(env: NodeJS.ProcessEnv = process.env): SqlTimingMode {
  const v = (env.ZHIKE_SQL_TIMING ?? "").trim().toLowerCase();
  if (!v || v === "0" || v === "false" || v === "off") return "off";
  return v === "full" ? "full" : "on";
}

const KEY = Symbol.for("zhike.sqlTiming");
type Shared = { als: AsyncLocalStorage<RequestRecord>; installed: boolean };
/** One store per process, whichever bundle (instrumentation, route, page) imported this module. */
function shared(): Shared {
  const g = globalThis as typeof globalThis & { [KEY]?: Shared };
  return (g[KEY] ??= { als: new AsyncLocalStorage<RequestRecord>(), installed: false });
}

/** Union of intervals: the time during which at least one query was running. */
export function busyTime(intervals: { start: number; end: number }[]) {
  const xs = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const { start, end } of xs) {
    if (start > to) {
      if (to > from) total += to - from;
      from = start;
      to = end;
    } else if (end > to) to = end;
  }
  if (to > from) total += to - from;
  return total;
}

const round = (x: number) => Math.round(x * 10) / 10;

/**
 * A short name for a statement: drizzle spells out every selected column, so a select is shown from its
 * FROM on ("select … from "deals" inner join …"), which says which tables it reads.
 */
export function sqlLabel(text: string, max = 140) {
  const t = text.slice(0, 6000).replace(/\s+/g, " ").trim();
  const from = /^select /i.test(t) ? t.search(/ from /i) : -1;
  return from > 0 ? `select … ${t.slice(from + 1, from + 1 + max)}` : t.slice(0, max);
}

function report(rec: RequestRecord, status: number) {
  const t0 = performance.now();
  const q = rec.queries;
  const line = {
    id: rec.id,
    method: rec.method,
    path: rec.path,
    status,
    ms: round(performance.now() - rec.start),
    n: q.length,
    sqlMs: round(busyTime(q)),
    sqlSumMs: round(q.reduce((s, x) => s + (x.end - x.start), 0)),
    ...(sqlTimingMode() === "full"
      ? { queries: q.map((x) => ({ ms: round(x.end - x.start), sql: x.text, params: x.params })) }
      : { top: [...q].sort((a, b) => b.end - b.start - (a.end - a.start)).slice(0, 5).map((x) => ({ ms: round(x.end - x.start), sql: sqlLabel(x.text) })) }),
  };
  const json = JSON.stringify(line, (_k, v) => (typeof v === "bigint" ? String(v) : v));
  // what writing this line cost the server (a GM's statement can carry thousands of ids): the bench takes it
  // out of the server's CPU time per page view
  process.stdout.write(`${SQL_TIMING_PREFIX}${json.slice(0, -1)},"reportMs":${round(performance.now() - t0)}}\n`);
}

/**
 * Makes every http(s) server of this process run each request inside its own timing record and print the
 * record when the response is finished. Does nothing unless ZHIKE_SQL_TIMING is set. Idempotent. Returns a
 * function that undoes it.
 */
export function installSqlTiming() {
  const s = shared();
  if (s.installed || sqlTimingMode() === "off") return () => {};
  s.installed = true;
  const undo = wrapServerEmit((event, req, res, next) => {
    if (event !== "request" || !(res instanceof http.ServerResponse)) return next();
    const id = req.headers[BENCH_ID_HEADER];
    const rec: RequestRecord = { id: typeof id === "string" ? id : "-", method: req.method ?? "", path: req.url ?? "", start: performance.now(), queries: [], open: 0 };
    res.once("close", () => {
      const status = res.statusCode;
      // a query still running when the last byte left (work after the response) is waited for, so it counts
      if (rec.open === 0) report(rec, status);
      else rec.done = () => report(rec, status);
    });
    return s.als.run(rec, next);
  });
  return () => {
    undo();
    s.installed = false;
  };
}

/** Runs one query, timing it into the current request's record (if there is one). */
export function timed<T>(run: () => Promise<T>, text: unknown, params?: unknown): Promise<T> {
  const rec = shared().als.getStore();
  if (!rec) return run();
  const start = performance.now();
  rec.open++;
  const finish = () => {
    rec.queries.push({
      start,
      end: performance.now(),
      text: typeof text === "string" ? text : String((text as { text?: unknown } | null)?.text ?? ""),
      params: Array.isArray(params) ? params : ((text as { values?: unknown[] } | null)?.values ?? undefined),
    });
    if (--rec.open === 0 && rec.done) {
      const d = rec.done;
      rec.done = undefined;
      d();
    }
  };
  let p: Promise<T>;
  try {
    p = run();
  } catch (e) {
    finish();
    throw e;
  }
  return p.then(
    (r) => (finish(), r),
    (e) => {
      finish();
      throw e;
    },
  );
}

type AnyFn = (...args: unknown[]) => unknown;
type PoolLike = { query: AnyFn; connect: AnyFn };

/**
 * Times a pg (or Neon) Pool's queries: `pool.query` (how drizzle runs every statement outside a transaction)
 * and the queries of a client taken with `await pool.connect()` (drizzle's transactions) until it is released.
 * The pool's own `query` takes its client with a callback, which is left untimed so nothing counts twice.
 */
export function timePgPool(pool: PoolLike) {
  const query = pool.query.bind(pool);
  const connect = pool.connect.bind(pool);
  pool.query = (...args: unknown[]) => (typeof args[args.length - 1] === "function" ? query(...args) : timed(() => query(...args) as Promise<unknown>, args[0], args[1]));
  pool.connect = (...args: unknown[]) => {
    if (typeof args[0] === "function") return connect(...args);
    return (connect() as Promise<{ query: AnyFn; release: AnyFn }>).then((client) => {
      const own = client.query.bind(client);
      const release = client.release;
      client.query = (...a: unknown[]) => (typeof a[a.length - 1] === "function" ? own(...a) : timed(() => own(...a) as Promise<unknown>, a[0], a[1]));
      client.release = (...a: unknown[]) => {
        // back in the pool the client is used by pool.query (timed there): its own query again
        delete (client as Partial<typeof client>).query;
        client.release = release;
        return release.apply(client, a);
      };
      return client;
    });
  };
}

/** Times PGlite's query, exec and transaction (a transaction as one interval; its statements are not counted again). */
export function timePglite(client: { query: AnyFn; exec: AnyFn; transaction: AnyFn }) {
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = (...a: unknown[]) => timed(() => query(...a) as Promise<unknown>, a[0], a[1]);
  client.exec = (...a: unknown[]) => timed(() => exec(...a) as Promise<unknown>, a[0]);
  client.transaction = (...a: unknown[]) => timed(() => transaction(...a) as Promise<unknown>, "(transaction)");
}
