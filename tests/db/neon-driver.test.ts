import { sql } from "drizzle-orm";
import { expect, inject, test } from "vitest";
import { queryRows } from "@/db/client";
import { customers } from "@/db/schema";
import type { WsProxyStats } from "./ws-proxy";
import { freshDb } from "./helpers";

const t = inject("dbTemplate");
const proxy = t.kind === "pg" && t.driver === "neon" ? t.wsProxy : undefined;

async function proxyStats(): Promise<WsProxyStats> {
  const r = await fetch(`http://${proxy}/stats`);
  return (await r.json()) as WsProxyStats;
}

// Only in the run through the Neon driver (DB_DRIVER=neon): proves that run really is one.
test.runIf(proxy)("the test database is a Neon pool whose sessions are the ones the WebSocket proxy opened", async () => {
  const o = await freshDb();
  try {
    expect(o.kind).toBe("neon");
    const { Pool } = await import("@neondatabase/serverless");
    expect((o.db as unknown as { $client: unknown }).$client).toBeInstanceOf(Pool);

    const before = await proxyStats();
    // the server names the client end of this session's TCP connection: the proxy's own socket
    const [{ port }] = await queryRows<{ port: number }>(o.db, sql`select inet_client_port() as port`);
    const after = await proxyStats();
    expect(after.openClientPorts).toContain(port);
    expect(after.bytesToDb).toBeGreaterThan(before.bytesToDb);
    expect(after.bytesFromDb).toBeGreaterThan(before.bytesFromDb);
    expect(after.refused).toBe(0);
  } finally {
    await o.close();
  }
});

test.runIf(proxy)("an interactive transaction over the WebSocket sees its own writes and rolls back whole", async () => {
  const o = await freshDb();
  try {
    const count = async () => (await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from customers`))[0].n;
    const n0 = await count();
    const [owner] = await queryRows<{ id: string }>(o.db, sql`select id from users order by email limit 1`);
    await expect(
      o.db.transaction(async (tx) => {
        await tx.insert(customers).values({ kind: "individual", name: "事务测试客户", ownerId: owner.id });
        const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from customers`);
        expect(n).toBe(n0 + 1);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await count()).toBe(n0);
  } finally {
    await o.close();
  }
});
