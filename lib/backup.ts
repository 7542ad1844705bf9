/**
 * Backups of the embedded database (PGlite): the whole data folder as PGlite's own dump (a gzipped tar of
 * the Postgres data directory, `dumpDataDir`), and a restore that puts such a file back as the folder.
 * Both open the folder themselves, so both refuse while another process (the app) holds it
 * (db/client.ts lockDataDir). PostgreSQL servers are backed up with pg_dump / pg_restore (README).
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { DataDirLockedError, openPglite, queryRows, type Db } from "@/db/client";

/** Refuses when a live process other than this one holds the folder's pid file. */
export function assertFolderFree(dir: string) {
  const lockFile = path.join(dir, "zhike.pid");
  if (!fs.existsSync(lockFile)) return;
  const pid = Number(fs.readFileSync(lockFile, "utf8").trim());
  if (!pid || pid === process.pid) return;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return; // a stale pid file
  }
  throw new DataDirLockedError(dir, pid);
}

/** Writes the folder's database to `file` (.tar.gz); returns its size in bytes. */
export async function backupPglite(dir: string, file: string) {
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) throw new Error(`${dir} 不是内嵌数据库文件夹（没有 PG_VERSION）`);
  const opened = await openPglite({ dir });
  try {
    const client = (opened.db as unknown as { $client: { dumpDataDir(c: "gzip"): Promise<Blob> } }).$client;
    const blob = await client.dumpDataDir("gzip");
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const bytes = Buffer.from(await blob.arrayBuffer());
    fs.writeFileSync(file, bytes);
    return bytes.length;
  } finally {
    await opened.close();
  }
}

/**
 * Replaces the folder with the backup in `file`. The current folder is kept beside it
 * (`<dir>.before-restore-<time>`) until the restored database has opened and answered; if it does not,
 * the old folder is put back and the error thrown. Returns where the old folder was kept (null if none).
 */
export async function restorePglite(file: string, dir: string) {
  if (!fs.existsSync(file)) throw new Error(`找不到备份文件 ${file}`);
  assertFolderFree(dir);
  const kept = fs.existsSync(dir) ? `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}` : null;
  if (kept) fs.renameSync(dir, kept);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const opened = await openPglite({ dir, loadDataDir: new Blob([fs.readFileSync(file)]) });
    try {
      await queryRows(opened.db, sql`select count(*)::int as n from users`);
    } finally {
      await opened.close();
    }
    return kept;
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    if (kept) fs.renameSync(kept, dir);
    throw e;
  }
}

/** Every table of the app's schema with its row count and a checksum of its rows (md5 over the rows as text, sorted). */
export async function tableChecksums(db: Db) {
  const tables = await queryRows<{ t: string }>(db, sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const { t } of tables) {
    const [r] = await queryRows<{ n: number; h: string | null }>(db, sql.raw(`select count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${t}" x`));
    out[t] = { rows: Number(r.n), md5: r.h ?? "" };
  }
  return out;
}
