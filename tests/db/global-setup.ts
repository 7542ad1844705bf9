import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startWsProxy } from "./ws-proxy";

/**
 * Builds the test database once: migrations plus the demo company.
 * - PGlite (no DATABASE_URL): migrate + seed in memory, dump the data dir to a file; each test file
 *   loads a fresh copy (~0.6 s).
 * - PostgreSQL (DATABASE_URL=postgres://…/name): migrate + seed a template database; each test file
 *   gets `CREATE DATABASE … TEMPLATE` (~20 ms).
 * - The same with DB_DRIVER=neon: a local WebSocket→TCP proxy (tests/db/ws-proxy.ts) is started for the
 *   whole run and the template and every test database are opened through the Neon serverless driver
 *   over it; only the CREATE/DROP DATABASE administration stays on `pg`.
 */
export default async function setup(project: TestProject) {
  process.env.NEXTAUTH_SECRET ||= "zhike-test-secret-not-for-production";
  const { openPglite, openPg, openNeon, migrateDb, driverFor } = await import("../../db/client");
  const { seedDemo } = await import("../../db/seed/demo");
  const url = process.env.DATABASE_URL;
  if (!url) {
    const o = await openPglite({});
    await migrateDb(o);
    await seedDemo(o.db);
    const client = (o.db as unknown as { $client: { dumpDataDir(c: "none"): Promise<Blob> } }).$client;
    const blob = await client.dumpDataDir("none");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zhike-test-")), "template.tar");
    fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    await o.close();
    project.provide("dbTemplate", { kind: "pglite", file });
    return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  const u = new URL(url);
  // ZHIKE_TEST_DB_PREFIX: a prefix for the template and per-file databases, so runs sharing one server keep apart
  const prefix = (process.env.ZHIKE_TEST_DB_PREFIX ?? "").replace(/[^a-z0-9_]/g, "");
  const template = `${prefix}zhike_tpl_${process.pid}`;
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const { Client } = await import("pg");
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`drop database if exists ${template}`);
  await c.query(`create database ${template}`);
  const tu = new URL(url);
  tu.pathname = `/${template}`;
  const driver = driverFor(process.env) === "neon" ? "neon" : "pg";
  // a real *.neon.tech host has Neon's own proxy in front of it; a plain server needs ours
  const proxy = driver === "neon" && !/\.neon\.tech$/.test(u.hostname) ? await startWsProxy({ target: `${u.hostname}:${u.port || 5432}` }) : undefined;
  // the migrations and the demo company go through the driver under test too (db:migrate / db:seed on Neon)
  try {
    const o = driver === "neon" ? await openNeon(tu.toString(), { wsProxy: proxy?.address }) : await openPg(tu.toString());
    try {
      await migrateDb(o);
      await seedDemo(o.db);
    } finally {
      await o.close();
    }
  } catch (e) {
    // vitest skips the teardown when setup throws; a listening proxy would keep the run from exiting
    await proxy?.close();
    await c.query(`drop database if exists ${template} with (force)`);
    await c.end();
    throw e;
  }
  project.provide("dbTemplate", { kind: "pg", driver, wsProxy: proxy?.address, adminUrl: admin.toString(), template, base: u.toString() });
  return async () => {
    await proxy?.close();
    const res = await c.query(`select datname from pg_database where datname like $1`, [`${prefix}zhike_t_${process.pid}_%`]);
    for (const r of res.rows) await c.query(`drop database if exists ${r.datname} with (force)`);
    await c.query(`drop database if exists ${template} with (force)`);
    await c.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate:
      | { kind: "pglite"; file: string }
      /** a PostgreSQL server; `driver` opens the test databases, `wsProxy` is the local proxy Neon goes through */
      | { kind: "pg"; driver: "pg" | "neon"; wsProxy?: string; adminUrl: string; template: string; base: string };
  }
}
