/** Shared bits of the database scripts (db:migrate, db:seed, db:generate, bench:customers). */
import fs from "node:fs";
import { sql } from "drizzle-orm";
import { dataDir, DataDirLockedError, driverFor, queryRows, type Db } from "@/db/client";

/** The database a script is about to touch, without the password. */
export function describeTarget(env: NodeJS.ProcessEnv = process.env) {
  const kind = driverFor(env);
  if (kind === "pglite") return `PGlite ${dataDir(env)}`;
  const u = new URL(env.DATABASE_URL!);
  if (u.password) u.password = "***";
  return `${kind === "neon" ? "Neon" : "PostgreSQL"} ${u.toString()}`;
}

/**
 * The app's key for ID-card encryption: scripts run outside `npm run dev`, so read NEXTAUTH_SECRET /
 * ENCRYPTION_KEY from .env.local when the environment has neither (data encrypted with any other key
 * could not be read by the app). Returns whether a key is available.
 */
export function loadAppSecret() {
  if (process.env.ENCRYPTION_KEY || process.env.NEXTAUTH_SECRET) return true;
  if (!fs.existsSync(".env.local")) return false;
  for (const line of fs.readFileSync(".env.local", "utf8").split(/\r?\n/)) {
    const m = /^\s*(NEXTAUTH_SECRET|ENCRYPTION_KEY)\s*=\s*"?([^"]*)"?\s*$/.exec(line);
    if (m && m[2] && !process.env[m[1]]) process.env[m[1]] = m[2];
  }
  return !!(process.env.ENCRYPTION_KEY || process.env.NEXTAUTH_SECRET);
}

export async function count(db: Db, table: string) {
  const [r] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table}`));
  return Number(r?.n ?? 0);
}

export function ms(since: number) {
  const t = performance.now() - since;
  return t < 10_000 ? `${Math.round(t)} ms` : `${(t / 1000).toFixed(1)} s`;
}

/** `--name value` / `--name=value` / `--flag` from argv. */
export function arg(name: string, argv = process.argv.slice(2)): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1] && !argv[i + 1].startsWith("--") ? argv[i + 1] : "true";
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return undefined;
}

/** Runs a script's main, printing the lock message (not a stack) when the app holds the PGlite folder. */
export function run(main: () => Promise<void>) {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (e) => {
      console.error(e instanceof DataDirLockedError ? `\n${e.message}` : e);
      process.exit(1);
    },
  );
}
