import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { DataDirLockedError, migrateDb, openPglite, queryRows } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { assertFolderFree, backupPglite, restorePglite, tableChecksums } from "@/lib/backup";

/**
 * npm run db:backup / db:restore (issue #16): back up the embedded database, wipe it, restore it, and
 * every table has its rows back — same count, same checksum. Runs on PGlite whatever the suite's driver.
 */
let root: string;
let dir: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "zhike-backup-"));
  dir = path.join(root, "data");
  const t = inject("dbTemplate");
  const o = t.kind === "pglite" ? await openPglite({ dir, loadDataDir: new Blob([fs.readFileSync(t.file)]) }) : await openPglite({ dir });
  if (t.kind !== "pglite") {
    await migrateDb(o);
    await seedDemo(o.db);
  }
  await o.close();
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("backup, wipe, restore", () => {
  test("every table's row count and checksum come back", async () => {
    let o = await openPglite({ dir });
    const before = await tableChecksums(o.db);
    await o.close();
    expect(before.customers.rows).toBeGreaterThan(0);
    expect(before.communications.rows).toBeGreaterThan(0);

    const file = path.join(root, "backups", "zhike.tar.gz");
    const size = await backupPglite(dir, file);
    expect(size).toBeGreaterThan(1000);

    // wipe: every row of every table gone
    o = await openPglite({ dir });
    const tables = Object.keys(before).map((t) => `"${t}"`).join(", ");
    // the audit log refuses TRUNCATE (append-only, migration 0016): a disaster this thorough switches that off first
    await o.db.execute(sql`alter table audit_log disable trigger audit_log_no_truncate`);
    await o.db.execute(sql.raw(`truncate ${tables} cascade`));
    const [r] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from customers`);
    expect(Number(r.n)).toBe(0);
    await o.close();

    const kept = await restorePglite(file, dir);
    expect(kept && fs.existsSync(kept)).toBeTruthy();
    o = await openPglite({ dir });
    const after = await tableChecksums(o.db);
    await o.close();
    expect(after).toEqual(before);
  }, 180_000); // four opens of the folder, a dump and a load: ~7 s alone, over a minute on a loaded machine

  test("refuses while another process holds the folder", async () => {
    fs.writeFileSync(path.join(dir, "zhike.pid"), String(process.ppid));
    expect(() => assertFolderFree(dir)).toThrow(DataDirLockedError);
    await expect(restorePglite(path.join(root, "backups", "zhike.tar.gz"), dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(backupPglite(dir, path.join(root, "x.tar.gz"))).rejects.toBeInstanceOf(DataDirLockedError);
    expect(fs.existsSync(path.join(root, "x.tar.gz"))).toBe(false);
    fs.rmSync(path.join(dir, "zhike.pid"));
  });

  test("a file that is not a backup leaves the folder as it was", async () => {
    const bad = path.join(root, "bad.tar.gz");
    fs.writeFileSync(bad, "not a backup");
    await expect(restorePglite(bad, dir)).rejects.toBeTruthy();
    const o = await openPglite({ dir });
    const [r] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from customers`);
    await o.close();
    expect(Number(r.n)).toBeGreaterThan(0);
  });
});
