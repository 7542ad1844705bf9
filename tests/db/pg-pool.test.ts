import { sql } from "drizzle-orm";
import { expect, inject, test } from "vitest";
import { openNeon, openPg } from "@/db/client";

const t = inject("dbTemplate");

// Only meaningful on a PostgreSQL server; the embedded database has no connections to lose. Through the
// Neon driver the cut reaches the pool as the proxy closing the WebSocket, which must be survived too.
test.runIf(t.kind === "pg")("a server-side cut of an idle connection is survived, not a crash", async () => {
  if (t.kind !== "pg") return;
  const url = new URL(t.base);
  url.pathname = `/${t.template}`;
  const o = t.driver === "neon" ? await openNeon(url.toString(), { wsProxy: t.wsProxy }) : await openPg(url.toString());
  expect(o.kind).toBe(t.driver);
  const errors: unknown[] = [];
  const onUncaught = (e: unknown) => errors.push(e);
  process.on("uncaughtException", onUncaught);
  try {
    const pid = ((await o.db.execute(sql`select pg_backend_pid() as pid`)) as unknown as { rows: { pid: number }[] }).rows[0].pid;
    const { Client } = await import("pg");
    const admin = new Client({ connectionString: t.adminUrl });
    await admin.connect();
    await admin.query("select pg_terminate_backend($1)", [pid]);
    await admin.end();
    await new Promise((r) => setTimeout(r, 200));
    const again = ((await o.db.execute(sql`select 1 as one`)) as unknown as { rows: { one: number }[] }).rows[0].one;
    expect(again).toBe(1);
    expect(errors).toEqual([]);
  } finally {
    process.off("uncaughtException", onUncaught);
    await o.close();
  }
});
