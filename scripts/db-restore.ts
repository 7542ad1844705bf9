/**
 * `npm run db:restore -- FILE`: puts a backup made by db:backup back as the embedded database folder
 * (DATA_DIR, default ./.data). The current folder is kept beside it as .data.before-restore-<time>.
 * Refuses while the app holds the folder. With DATABASE_URL it prints the pg_restore command instead.
 */
import { dataDir, driverFor } from "@/db/client";
import { restorePglite } from "@/lib/backup";
import { describeTarget, ms, run } from "./_db";

run(async () => {
  if (driverFor() !== "pglite") {
    console.log(`[db:restore] ${describeTarget()} is a PostgreSQL server: restore with pg_restore, e.g.\n  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" zhike.dump\n(see README, "Backups")`);
    process.exitCode = 2;
    return;
  }
  const file = process.argv.slice(2).find((a) => !a.startsWith("--"));
  if (!file) {
    console.error("usage: npm run db:restore -- FILE");
    process.exitCode = 1;
    return;
  }
  const started = performance.now();
  console.log(`[db:restore] ${file} → ${describeTarget()}`);
  const kept = await restorePglite(file, dataDir());
  console.log(`[db:restore] done in ${ms(started)}${kept ? `; the previous folder is kept as ${kept}` : ""}`);
});
