/**
 * `npm run db:migrate`: applies the committed migrations (db/migrations) to the database the
 * environment names — PGlite under DATA_DIR (default ./.data) or DATABASE_URL — and says what it did.
 */
import { sql } from "drizzle-orm";
import { migrateDb, openDb, queryRows, type Db } from "@/db/client";
import { describeTarget, ms, run } from "./_db";

async function appliedMigrations(db: Db) {
  const [t] = await queryRows<{ t: string | null }>(db, sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!t?.t) return 0;
  const [r] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number(r?.n ?? 0);
}

run(async () => {
  console.log(`[db:migrate] ${describeTarget()}`);
  const started = performance.now();
  const opened = await openDb();
  try {
    const before = await appliedMigrations(opened.db);
    await migrateDb(opened);
    const after = await appliedMigrations(opened.db);
    console.log(
      after > before
        ? `[db:migrate] applied ${after - before} migration(s), ${after} in total (${ms(started)})`
        : `[db:migrate] already up to date, ${after} migration(s) applied (${ms(started)})`,
    );
  } finally {
    await opened.close();
  }
});
