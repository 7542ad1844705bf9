/**
 * `npm run db:seed [-- --reset]`: migrates the database the environment names and loads the demo
 * company (db/seed/demo.ts) when it has no users yet.
 * --reset: PostgreSQL only — drops and recreates the schema, migrates and seeds again. An embedded
 * (PGlite) database is reset by deleting its DATA_DIR folder instead.
 */
import { sql } from "drizzle-orm";
import { dataDir, isEmpty, migrateDb, openDb } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { arg, count, describeTarget, loadAppSecret, ms, run } from "./_db";

run(async () => {
  const reset = arg("reset") !== undefined;
  console.log(`[db:seed] ${describeTarget()}`);
  if (!loadAppSecret()) console.warn("[db:seed] no NEXTAUTH_SECRET / ENCRYPTION_KEY (environment or .env.local): demo ID cards are left out");
  const started = performance.now();
  const opened = await openDb();
  try {
    if (reset) {
      if (opened.kind === "pglite") {
        console.error(`[db:seed] --reset is not supported for the embedded database. Stop the app, delete the folder and seed again:\n  rm -rf ${dataDir()} && npm run db:seed`);
        process.exitCode = 1;
        return;
      }
      console.log("[db:seed] --reset: dropping schemas public and drizzle");
      await opened.db.execute(sql`drop schema if exists drizzle cascade`);
      await opened.db.execute(sql`drop schema if exists public cascade`);
      await opened.db.execute(sql`create schema public`);
    }
    await migrateDb(opened);
    console.log(`[db:seed] migrations applied (${ms(started)})`);
    if (!(await isEmpty(opened.db))) {
      console.log(`[db:seed] the database already has ${await count(opened.db, "users")} users: nothing to do (use --reset on PostgreSQL, or delete the PGlite folder, to start over)`);
      return;
    }
    const t = performance.now();
    await seedDemo(opened.db);
    const counts = await Promise.all(["users", "customers", "communications", "deals", "plans", "todos"].map(async (x) => `${x} ${await count(opened.db, x)}`));
    console.log(`[db:seed] demo company loaded in ${ms(t)}: ${counts.join(", ")}`);
    console.log("[db:seed] sign in as gm@demo.cn, sz1.manager@demo.cn, sz1.rep1@demo.cn … with password zhike-demo");
  } finally {
    await opened.close();
  }
});
