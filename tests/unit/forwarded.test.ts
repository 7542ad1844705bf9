// Regression: any X-Forwarded-For value was believed, so rotating it bypassed the per-IP sign-in limit.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientIp, forwardedClient, installPeerStamp, normalizeIp, parseTrustedProxies, PEER_HEADER, requestPeer, viaTrustedProxy } from "@/lib/forwarded";

const trusted = parseTrustedProxies("10.0.0.0/8, 192.168.1.5, fd00::/8, ::1");
const none = parseTrustedProxies(undefined);

describe("TRUSTED_PROXIES", () => {
  test.each([
    ["10.1.2.3", true],
    ["10.255.255.255", true],
    ["11.0.0.1", false],
    ["192.168.1.5", true],
    ["192.168.1.6", false],
    ["::ffff:10.0.0.7", true],
    ["fd12:3456::1", true],
    ["fe80::1", false],
    ["::1", true],
    ["127.0.0.1", false],
    ["not-an-ip", false],
    ["", false],
  ])("%s trusted: %s", (ip, ok) => {
    expect(trusted.has(ip)).toBe(ok);
  });
  test("nothing is trusted unless named", () => {
    expect(none.size).toBe(0);
    expect(none.has("127.0.0.1")).toBe(false);
  });
  test.each(["10.0.0.0/", "10.0.0.0/33", "10.0.0.0/8/1", "evil.example", "1.2.3.4/x", "::1/129"])("bad entry %j is skipped", (entry) => {
    expect(parseTrustedProxies(`${entry}, 1.2.3.4`).size).toBe(1);
  });
});

describe("normalizeIp", () => {
  test.each([
    ["1.2.3.4", "1.2.3.4"],
    [" 1.2.3.4 ", "1.2.3.4"],
    ["1.2.3.4:5678", "1.2.3.4"],
    ["::ffff:1.2.3.4", "1.2.3.4"],
    ["[::1]:8080", "::1"],
    ["2001:DB8::1", "2001:db8::1"],
    ["unknown", null],
    ["1.2.3.4, 5.6.7.8", null],
    ["", null],
  ])("%j → %j", (raw, ip) => {
    expect(normalizeIp(raw)).toBe(ip);
  });
});

describe("client address: X-Forwarded-For only from trusted proxies, walked from the right", () => {
  test.each([
    // peer, X-Forwarded-For, client
    ["203.0.113.9", undefined, "203.0.113.9"],
    ["203.0.113.9", "1.1.1.1", "203.0.113.9"], // an untrusted peer's header is ignored entirely
    ["203.0.113.9", "10.0.0.1, 1.1.1.1", "203.0.113.9"],
    ["::ffff:203.0.113.9", "1.1.1.1", "203.0.113.9"],
    ["10.0.0.1", "198.51.100.7", "198.51.100.7"], // one trusted proxy
    ["10.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"], // the client's own prefix is skipped over
    ["10.0.0.1", "6.6.6.6, 198.51.100.7, 192.168.1.5", "198.51.100.7"], // two trusted hops
    ["10.0.0.1", "198.51.100.7,10.2.3.4", "198.51.100.7"],
    ["10.0.0.1", "10.9.9.9, 10.2.3.4", "10.9.9.9"], // all trusted: the farthest known hop
    ["10.0.0.1", undefined, "10.0.0.1"], // a trusted proxy that forwards nothing is the client
    ["10.0.0.1", "", "10.0.0.1"],
    ["10.0.0.1", "6.6.6.6, garbage", "10.0.0.1"], // the proxy wrote no address: stop at the last known hop
    ["10.0.0.1", "garbage, 198.51.100.7", "198.51.100.7"],
    ["10.0.0.1", "[2001:db8::7]:443", "2001:db8::7"],
    ["::1", "198.51.100.7:5555", "198.51.100.7"],
    [null, "1.1.1.1", null], // peer unknown: nothing to go on
  ])("peer %s, X-Forwarded-For %j → %s", (peer, xff, client) => {
    expect(forwardedClient(peer, xff, trusted)).toBe(client);
  });
  test("with no trusted proxies the header never counts", () => {
    expect(forwardedClient("10.0.0.1", "1.1.1.1", none)).toBe("10.0.0.1");
  });
});

describe("the socket address stamped on every request", () => {
  let undo: () => void;
  let server: http.Server;
  let url: string;
  const seen: http.IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    undo = installPeerStamp();
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    undo();
  });
  const send = async (headers: Record<string, string>) => {
    await fetch(url, { headers });
    return seen.pop()!;
  };

  test("a client cannot forge the stamp or X-Forwarded-For", async () => {
    const h = await send({ [PEER_HEADER]: "10.0.0.1", "x-forwarded-for": "6.6.6.6" });
    expect(h[PEER_HEADER]).toBe("127.0.0.1");
    expect(requestPeer(h)).toBe("127.0.0.1");
    expect(clientIp(h, trusted)).toBe("127.0.0.1");
    expect(clientIp(new Headers(h as Record<string, string>), trusted)).toBe("127.0.0.1");
    expect(viaTrustedProxy(h, trusted)).toBe(false);
  });

  test("behind a trusted proxy the forwarded client counts", async () => {
    const viaLoopback = parseTrustedProxies("127.0.0.1");
    const h = await send({ "x-forwarded-for": "6.6.6.6, 198.51.100.7" });
    expect(clientIp(h, viaLoopback)).toBe("198.51.100.7");
    expect(viaTrustedProxy(h, viaLoopback)).toBe(true);
  });

  test("without the stamp installed a header claiming the peer is not believed", () => {
    undo();
    try {
      expect(requestPeer({ [PEER_HEADER]: "10.0.0.1" })).toBeNull();
      expect(clientIp({ [PEER_HEADER]: "10.0.0.1", "x-forwarded-for": "6.6.6.6" }, trusted)).toBe("unknown");
    } finally {
      undo = installPeerStamp();
    }
  });
});
