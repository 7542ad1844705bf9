import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

/**
 * Builds the test database once: migrations plus the demo company.
 * - PGlite (no DATABASE_URL): migrate + seed in memory, dump the data dir to a file; each test file
 *   loads a fresh copy (~0.6 s).
 * - PostgreSQL (DATABASE_URL=postgres://…/name): migrate + seed a template database; each test file
 *   gets `CREATE DATABASE … TEMPLATE` (~20 ms).
 */
export default async function setup(project: TestProject) {
  process.env.NEXTAUTH_SECRET ||= "zhike-test-secret-not-for-production";
  const { openPglite, openPg, migrateDb } = await import("../../db/client");
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
  const template = `zhike_tpl_${process.pid}`;
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const { Client } = await import("pg");
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`drop database if exists ${template}`);
  await c.query(`create database ${template}`);
  const tu = new URL(url);
  tu.pathname = `/${template}`;
  const o = await openPg(tu.toString());
  await migrateDb(o);
  await seedDemo(o.db);
  await o.close();
  project.provide("dbTemplate", { kind: "pg", adminUrl: admin.toString(), template, base: u.toString() });
  return async () => {
    const res = await c.query(`select datname from pg_database where datname like $1`, [`zhike_t_${process.pid}_%`]);
    for (const r of res.rows) await c.query(`drop database if exists ${r.datname} with (force)`);
    await c.query(`drop database if exists ${template} with (force)`);
    await c.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: { kind: "pglite"; file: string } | { kind: "pg"; adminUrl: string; template: string; base: string };
  }
}
