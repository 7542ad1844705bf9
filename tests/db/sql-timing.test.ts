import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { OpenedDb } from "@/db/client";
import { BENCH_ID_HEADER, busyTime, installSqlTiming, SQL_TIMING_PREFIX, sqlLabel } from "@/db/sql-timing";
import { freshDb } from "./helpers";

/**
 * ZHIKE_SQL_TIMING (npm run bench:pages): each HTTP request's statements are timed into its own record, the
 * statements it runs after its headers have gone (streaming) included, and one line is printed per request
 * once the response has ended. Through the app's real drivers (db/client.ts opens them with the timers).
 */
type Line = { id: string; status: number; n: number; sqlMs: number; sqlSumMs: number; queries: { ms: number; sql: string; params?: unknown[] }[] };

let o: OpenedDb;
let server: http.Server;
let base: string;
let undo: () => void;
const lines: Line[] = [];

beforeAll(async () => {
  vi.stubEnv("ZHIKE_SQL_TIMING", "full");
  undo = installSqlTiming();
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const s = String(chunk);
    if (s.startsWith(SQL_TIMING_PREFIX)) {
      lines.push(JSON.parse(s.slice(SQL_TIMING_PREFIX.length)) as Line);
      return true;
    }
    return write(chunk, ...(rest as []));
  });
  o = await freshDb();
  const db = o.db;
  server = http.createServer(async (req, res) => {
    const path = req.url ?? "/";
    if (path === "/stream") {
      // headers and a first chunk leave before the queries run, as with a streamed page
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("first ");
      await Promise.all([db.execute(sql`select pg_sleep(0.05), 1 as a`), db.execute(sql`select pg_sleep(0.05), ${2}::int as b`)]);
      res.end("last");
    } else if (path.startsWith("/n/")) {
      const n = Number(path.slice(3));
      for (let i = 0; i < n; i++) await db.execute(sql`select ${i}::int as i`);
      res.end(String(n));
    } else if (path === "/tx") {
      await db.transaction(async (tx) => {
        await tx.execute(sql`select 1 as one`);
        await tx.execute(sql`select 2 as two`);
      });
      res.end("tx");
    } else res.end("none");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await o?.close();
  undo?.();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

async function get(path: string, id: string) {
  const res = await fetch(base + path, { headers: { [BENCH_ID_HEADER]: id } });
  await res.text();
  for (let i = 0; i < 100 && !lines.some((l) => l.id === id); i++) await new Promise((r) => setTimeout(r, 20));
  const line = lines.find((l) => l.id === id);
  if (!line) throw new Error(`no timing line for ${id}`);
  return line;
}

test("statements run after the headers have gone are counted; overlapping ones count once in sqlMs", async () => {
  const l = await get("/stream", "stream-1");
  expect(l.status).toBe(200);
  expect(l.n).toBe(2);
  expect(l.queries.map((q) => q.sql).every((s) => s.includes("pg_sleep"))).toBe(true);
  expect(l.queries.find((q) => q.sql.includes("as b"))?.params).toEqual([2]);
  expect(l.sqlMs).toBeGreaterThanOrEqual(45);
  expect(l.sqlMs).toBeLessThanOrEqual(l.sqlSumMs + 0.1);
});

test("concurrent requests each get their own statements, and a pooled query is timed once", async () => {
  const [a, b, c] = await Promise.all([get("/n/1", "conc-a"), get("/n/3", "conc-b"), get("/", "conc-c")]);
  expect([a.n, b.n, c.n]).toEqual([1, 3, 0]);
});

test("a transaction is timed without counting its statements twice", async () => {
  const l = await get("/tx", "tx-1");
  // pg: begin, two selects and commit on the checked-out client; PGlite: the transaction as one interval
  expect(l.n).toBe(o.kind === "pglite" ? 1 : 4);
  // the client went back to the pool untimed: a plain query afterwards is still one statement
  expect((await get("/n/1", "after-tx")).n).toBe(1);
});

test("busyTime is the union of the intervals; sqlLabel shows a select from its FROM", () => {
  expect(busyTime([{ start: 0, end: 10 }, { start: 5, end: 15 }, { start: 20, end: 25 }, { start: 21, end: 22 }])).toBe(20);
  expect(busyTime([])).toBe(0);
  expect(sqlLabel('select "a"."x", "a"."y"\n  from "a" where "a"."x" = $1')).toBe('select … from "a" where "a"."x" = $1');
  expect(sqlLabel("begin")).toBe("begin");
});
