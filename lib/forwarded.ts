import { BlockList, isIP } from "node:net";
import { wrapServerEmit } from "./server-hook";

/*
 * Who is on the other end of a request, and which forwarded headers to believe.
 *
 * What Next 16 (16.4.6) does, read in node_modules/next/dist/server/base-server.js (handleRequestImpl):
 *   req.headers['x-forwarded-for'] ??= originalRequest.socket.remoteAddress
 *   req.headers['x-forwarded-host'] ??= req.headers['host']
 * It fills the headers only when they are absent: a client-supplied X-Forwarded-For is passed on untouched
 * (neither overwritten nor appended to) and the socket address is then lost. Route handlers, server actions
 * and next-auth's authorize() see headers only (NextRequest has no `ip` since Next 15), so from the headers
 * alone "X-Forwarded-For: 1.2.3.4" sent by anyone is indistinguishable from Next's own fill-in.
 *
 * So the socket address is stamped into a header of our own before Next reads the request:
 * installPeerStamp (called from instrumentation.ts) wraps http.Server's emit and overwrites PEER_HEADER
 * with req.socket.remoteAddress on every request, whatever the client sent. requestPeer() only believes
 * that header once the stamp is installed in this process; otherwise the peer is unknown.
 */

/** Set from the TCP socket on every request by installPeerStamp; a client-sent value is overwritten. */
export const PEER_HEADER = "x-zhike-peer";
const STAMPED = Symbol.for("zhike.peerStamp");

type Stamped = typeof globalThis & { [STAMPED]?: boolean };

/**
 * Makes every http(s) server of this process overwrite PEER_HEADER with the socket's remote address
 * before any listener (Next's request handler) runs. Idempotent. Returns a function that undoes it.
 */
export function installPeerStamp() {
  const g = globalThis as Stamped;
  if (g[STAMPED]) return () => {};
  const undo = wrapServerEmit((_event, req, _res, next) => {
    req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    return next();
  });
  g[STAMPED] = true;
  return () => {
    undo();
    g[STAMPED] = false;
  };
}

type HeaderBag = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function header(h: HeaderBag | undefined, name: string): string | undefined {
  if (!h) return undefined;
  if (typeof (h as { get?: unknown }).get === "function") return (h as { get(n: string): string | null }).get(name) ?? undefined;
  const v = (h as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

/** An address as written by a socket or a proxy ("::ffff:1.2.3.4", "1.2.3.4:5678", "[::1]:80") → its bare IP, or null. */
export function normalizeIp(raw: string | null | undefined): string | null {
  let s = (raw ?? "").trim();
  if (!s) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(s);
  if (mapped) s = mapped[1];
  return isIP(s) ? s.toLowerCase() : null;
}

export type ProxyList = { has(ip: string): boolean; readonly size: number };

/** Parses TRUSTED_PROXIES: comma-separated IPs and CIDRs ("10.0.0.0/8, ::1"). Entries that are neither are skipped with a warning. */
export function parseTrustedProxies(list: string | undefined): ProxyList {
  const blocks = new BlockList();
  let size = 0;
  for (const entry of (list ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [addr, bits, extra] = entry.split("/");
    const ip = normalizeIp(addr);
    const family = ip ? isIP(ip) : 0;
    const max = family === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!ip || extra !== undefined || !(prefix <= max)) {
      console.warn(`[zhike] TRUSTED_PROXIES: ignoring "${entry}" (not an IP or CIDR)`);
      continue;
    }
    blocks.addSubnet(ip, prefix, family === 4 ? "ipv4" : "ipv6");
    size++;
  }
  return {
    size,
    has: (raw) => {
      const ip = normalizeIp(raw);
      return !!ip && blocks.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
    },
  };
}

let cached: { src: string | undefined; list: ProxyList } | null = null;

/** The proxies named in TRUSTED_PROXIES (parsed once per value). */
export function trustedProxies(src = process.env.TRUSTED_PROXIES): ProxyList {
  if (!cached || cached.src !== src) cached = { src, list: parseTrustedProxies(src) };
  return cached.list;
}

/** The socket address of the request's direct peer, or null when it is not known (stamp not installed). */
export function requestPeer(h: HeaderBag | undefined): string | null {
  if (!(globalThis as Stamped)[STAMPED]) return null;
  return normalizeIp(header(h, PEER_HEADER));
}

/** Whether the request reached us from a proxy listed in TRUSTED_PROXIES (so its X-Forwarded-* count). */
export function viaTrustedProxy(h: HeaderBag | undefined, trusted = trustedProxies()) {
  const peer = requestPeer(h);
  return !!peer && trusted.has(peer);
}

/**
 * The client's address from the direct peer and X-Forwarded-For: when the peer is not a trusted proxy the
 * header is ignored (anyone can write it); otherwise the list is walked from the right — each entry was
 * appended by the hop to its right — skipping trusted proxies, and the first untrusted address is the
 * client. An entry that is not an address ends the walk at the last hop known. Null when the peer is unknown.
 */
export function forwardedClient(peer: string | null, xForwardedFor: string | null | undefined, trusted: ProxyList): string | null {
  let client = normalizeIp(peer);
  if (!client || !trusted.has(client)) return client;
  const hops = (xForwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const ip = normalizeIp(hops[i]);
    if (!ip) return client;
    client = ip;
    if (!trusted.has(ip)) return ip;
  }
  return client;
}

/** The client address of a request for per-IP throttling and the audit log; "unknown" when the peer is not known. */
export function clientIp(h: HeaderBag | undefined, trusted = trustedProxies()): string {
  return forwardedClient(requestPeer(h), header(h, "x-forwarded-for"), trusted) ?? "unknown";
}
