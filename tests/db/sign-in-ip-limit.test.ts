// Regression: the per-IP sign-in limit trusted any X-Forwarded-For, so rotating the header never locked the attacker's address.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Db, OpenedDb } from "@/db/client";
import { LOGIN_LIMITS, lockedMinutes } from "@/db/queries/login-attempts";
import { DEMO_PASSWORD } from "@/db/seed/demo";
import { authenticate, clientIp } from "@/lib/auth";
import { installPeerStamp, parseTrustedProxies } from "@/lib/forwarded";
import { freshDb } from "./helpers";

let o: OpenedDb;
let db: Db;
let server: http.Server;
let url: string;
let undo: () => void;
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  o = await freshDb();
  db = o.db;
  // the same stamp instrumentation.ts installs in the Next server: the socket address, whatever the client says
  undo = installPeerStamp();
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/callback/credentials`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  undo?.();
  await o?.close();
});

/** The headers authorize() would get for a request from this machine (an untrusted peer) with the given X-Forwarded-For. */
async function headersWith(xff: string) {
  await fetch(url, { method: "POST", headers: { "x-forwarded-for": xff, "x-real-ip": xff } });
  return seen.pop()!;
}

test("failed sign-ins with a new X-Forwarded-For each time from an untrusted peer still lock the peer's IP", async () => {
  const limit = LOGIN_LIMITS.ip.failures;
  const ips = new Set<string>();
  for (let i = 0; i < limit; i++) {
    const ip = clientIp(await headersWith(`198.51.100.${i + 1}`));
    ips.add(ip);
    // a different (unknown) account each time, so only the per-IP limit can stop this
    await expect(authenticate(`guess${i}@nowhere.example`, "wrong-password", ip, db)).rejects.toThrow();
  }
  expect([...ips]).toEqual(["127.0.0.1"]);
  expect(await lockedMinutes(db, "ip:127.0.0.1")).toBeGreaterThan(0);
  // even the right password, under yet another forwarded address, waits out the lock
  const ip = clientIp(await headersWith("203.0.113.250"));
  await expect(authenticate("sz1.rep1@demo.cn", DEMO_PASSWORD, ip, db)).rejects.toThrow(/登录失败次数过多/);
});

test("behind a trusted proxy each forwarded client has its own limit", async () => {
  const proxy = parseTrustedProxies("127.0.0.1");
  const ip = clientIp(await headersWith("6.6.6.6, 192.0.2.44"), proxy);
  expect(ip).toBe("192.0.2.44");
  expect(await lockedMinutes(db, `ip:${ip}`)).toBe(0);
  await expect(authenticate("sz1.rep1@demo.cn", DEMO_PASSWORD, ip, db)).resolves.toMatchObject({ email: "sz1.rep1@demo.cn" });
});
