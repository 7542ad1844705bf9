/**
 * `npm run db:backup [-- FILE]`: the embedded database (PGlite under DATA_DIR, default ./.data) to a
 * .tar.gz (default backups/zhike-<time>.tar.gz). Refuses while the app holds the folder: stop it first.
 * With DATABASE_URL (PostgreSQL) it prints the pg_dump command to use instead.
 */
import path from "node:path";
import { dataDir, driverFor } from "@/db/client";
import { backupPglite } from "@/lib/backup";
import { describeTarget, ms, run } from "./_db";

run(async () => {
  if (driverFor() !== "pglite") {
    console.log(`[db:backup] ${describeTarget()} is a PostgreSQL server: back it up with pg_dump, e.g.\n  pg_dump --format=custom --no-owner --file=zhike.dump "$DATABASE_URL"\n(see README, "Backups")`);
    process.exitCode = 2;
    return;
  }
  const file = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? path.join("backups", `zhike-${new Date().toISOString().replace(/[:.]/g, "-")}.tar.gz`);
  const started = performance.now();
  console.log(`[db:backup] ${describeTarget()} → ${file}`);
  const bytes = await backupPglite(dataDir(), file);
  console.log(`[db:backup] done: ${(bytes / 1024 / 1024).toFixed(1)} MB in ${ms(started)}`);
});
