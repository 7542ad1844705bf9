import fs from "node:fs";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { sqlTimingMode, timePglite, timePgPool } from "./sql-timing";

export type Schema = typeof schema;
/** One typed handle whatever the driver; transactions (PgTransaction) are assignable to it too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

export type DriverKind = "pglite" | "pg" | "neon";

/** Chooses the driver from the environment: no DATABASE_URL → embedded PGlite; *.neon.tech or DB_DRIVER=neon → Neon; else pg. */
export function driverFor(env: NodeJS.ProcessEnv = process.env): DriverKind {
  const url = env.DATABASE_URL;
  if (!url) return "pglite";
  if (env.DB_DRIVER === "neon" || /\.neon\.tech(?::|\/|$)/.test(new URL(url).host + "/")) return "neon";
  return "pg";
}

export function dataDir(env: NodeJS.ProcessEnv = process.env) {
  return path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR || ".data");
}

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `数据库文件夹 ${dir} 正被进程 ${pid} 使用（只允许一个进程打开内嵌数据库）。请先停止该进程（例如开发服务器）再运行此命令。\n` +
        `The embedded database folder ${dir} is in use by process ${pid}; stop it first.`,
    );
    this.name = "DataDirLockedError";
  }
}

function pidAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Guards a PGlite folder with a pid file: two processes on one folder silently lose committed rows,
 * so a second opener gets a clear error instead.
 */
export function lockDataDir(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, "zhike.pid");
  try {
    const other = Number(fs.readFileSync(lockFile, "utf8").trim());
    if (other && other !== process.pid && pidAlive(other)) throw new DataDirLockedError(dir, other);
  } catch (e) {
    if (e instanceof DataDirLockedError) throw e;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  };
  process.once("exit", release);
  return release;
}

export type OpenedDb = { db: Db; kind: DriverKind; close: () => Promise<void> };

export async function openPglite(opts: { dir?: string; loadDataDir?: Blob | File } = {}): Promise<OpenedDb> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  let release = () => {};
  if (opts.dir) release = lockDataDir(opts.dir);
  const client = await PGlite.create({ dataDir: opts.dir, loadDataDir: opts.loadDataDir, extensions: { pg_trgm } });
  if (sqlTimingMode() !== "off") timePglite(client as never);
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    close: async () => {
      await client.close();
      release();
    },
  };
}

export async function openPg(url: string): Promise<OpenedDb> {
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX || 10) });
  if (sqlTimingMode() !== "off") timePgPool(pool as never);
  const closing = watchIdleErrors(pool);
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  return { db, kind: "pg", close: () => (closing.value = true, pool.end()) };
}

/**
 * Neon over its WebSocket endpoint. With `wsProxy` (env NEON_WS_PROXY=host:port) the driver goes through
 * a plain `ws://` proxy in front of an ordinary PostgreSQL instead — how CI runs the database tests on
 * this driver against a local server. Without it Neon's defaults stay untouched (wss, pipelined startup).
 */
export async function openNeon(url: string, opts: { wsProxy?: string } = {}): Promise<OpenedDb> {
  const { Pool, neonConfig } = await import("@neondatabase/serverless");
  const { drizzle } = await import("drizzle-orm/neon-serverless");
  const ws = (await import("ws")).default;
  neonConfig.webSocketConstructor = ws;
  const proxy = opts.wsProxy ?? process.env.NEON_WS_PROXY;
  if (proxy) {
    neonConfig.wsProxy = (host, port) => `${proxy}/v2?address=${host}:${port}`;
    // a local proxy has no TLS, and pipelining the password only works with cleartext-password auth
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: url });
  if (sqlTimingMode() !== "off") timePgPool(pool as never);
  const closing = watchIdleErrors(pool);
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  return { db, kind: "neon", close: () => (closing.value = true, pool.end()) };
}

/**
 * A pool whose idle connection is cut (server restart, failover, `drop database … with (force)`) emits
 * 'error'; without a listener Node would crash the whole server. The pool drops that connection and
 * opens a new one on the next query, so the error is only logged — and not even that once we are closing.
 */
function watchIdleErrors(pool: { on(event: "error", fn: (e: Error) => void): unknown }) {
  const closing = { value: false };
  pool.on("error", (e) => {
    if (!closing.value) console.error(`[db] idle connection lost: ${e.message}`);
  });
  return closing;
}

/** Opens the database the environment names (see driverFor). */
export async function openDb(env: NodeJS.ProcessEnv = process.env): Promise<OpenedDb> {
  const kind = driverFor(env);
  if (kind === "pglite") return openPglite({ dir: dataDir(env) });
  if (kind === "neon") return openNeon(env.DATABASE_URL!);
  return openPg(env.DATABASE_URL!);
}

export async function migrateDb(opened: OpenedDb) {
  if (opened.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(opened.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else if (opened.kind === "neon") {
    const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
    await migrate(opened.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(opened.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

/** Raw SQL rows, whatever the driver (pg and PGlite both answer with `.rows`). */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

export async function isEmpty(db: Db) {
  const [r] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users`);
  return Number(r?.n ?? 0) === 0;
}

type Global = typeof globalThis & { __zhikeDb?: Promise<OpenedDb> };

/**
 * The app's database. The embedded database migrates itself and loads the demo company the first
 * time it starts; servers are migrated with `npm run db:migrate`.
 */
export function getDb(): Promise<Db> {
  const g = globalThis as Global;
  if (!g.__zhikeDb) {
    g.__zhikeDb = (async () => {
      const opened = await openDb();
      if (opened.kind === "pglite") {
        await migrateDb(opened);
        if (await isEmpty(opened.db)) {
          const { seedDemo } = await import("./seed/demo");
          await seedDemo(opened.db);
          console.log("[zhike] 已载入演示公司数据 (demo company loaded)");
        }
        const shutdown = () => {
          opened.close().finally(() => process.exit(0));
        };
        process.once("SIGINT", shutdown);
        process.once("SIGTERM", shutdown);
      }
      return opened;
    })().catch((e) => {
      g.__zhikeDb = undefined;
      throw e;
    });
  }
  return g.__zhikeDb.then((o) => o.db);
}
