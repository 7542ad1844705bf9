import fs from "node:fs";
import { inject } from "vitest";
import { openNeon, openPg, openPglite, type Db, type OpenedDb } from "@/db/client";
import { getUserByEmail, getViewer } from "@/db/queries/users";
import type { Viewer } from "@/lib/viewer";

let counter = 0;

/** A fresh database with the migrations and the demo company, private to the calling test file. */
export async function freshDb(): Promise<OpenedDb> {
  const t = inject("dbTemplate");
  if (t.kind === "pglite") {
    const buf = fs.readFileSync(t.file);
    return openPglite({ loadDataDir: new Blob([buf]) });
  }
  const { Client } = await import("pg");
  const prefix = (process.env.ZHIKE_TEST_DB_PREFIX ?? "").replace(/[^a-z0-9_]/g, "");
  const name = `${prefix}zhike_t_${process.ppid}_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new Client({ connectionString: t.adminUrl });
  await admin.connect();
  // the template's creator pid is in its name; the parent of this worker created it
  await admin.query(`create database ${name} template ${t.template}`);
  await admin.end();
  const url = new URL(t.base);
  url.pathname = `/${name}`;
  const o = t.driver === "neon" ? await openNeon(url.toString(), { wsProxy: t.wsProxy }) : await openPg(url.toString());
  return {
    ...o,
    close: async () => {
      await o.close();
      const a = new Client({ connectionString: t.adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export async function viewerFor(db: Db, email: string): Promise<Viewer> {
  const u = await getUserByEmail(db, email);
  if (!u) throw new Error(`no demo user ${email}`);
  const v = await getViewer(db, u.id);
  if (!v) throw new Error(`inactive demo user ${email}`);
  return v;
}

/** The demo company's usual cast, in this order: sz1's two reps, sz1's manager, sz2's manager, the GM. */
export async function demoViewers(db: Db): Promise<[rep1: Viewer, rep2: Viewer, sz1Manager: Viewer, sz2Manager: Viewer, gm: Viewer]> {
  const [a, b, c, d, e] = await Promise.all(["sz1.rep1@demo.cn", "sz1.rep2@demo.cn", "sz1.manager@demo.cn", "sz2.manager@demo.cn", "gm@demo.cn"].map((m) => viewerFor(db, m)));
  return [a, b, c, d, e];
}
