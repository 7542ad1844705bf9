import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * What Neon's own proxy does in front of its databases, in miniature: the serverless driver opens
 * `ws://<proxy>/v2?address=host:port` and speaks the PostgreSQL wire protocol inside binary frames;
 * each WebSocket becomes one TCP connection to the database. Tests only — no TLS, loopback only, and a
 * single allowed target so it never relays anywhere else.
 *
 * `GET /stats` answers what it has carried (JSON), so a test in a worker process can prove its
 * queries went through it.
 */
export type WsProxyStats = {
  connections: number;
  refused: number;
  bytesToDb: number;
  bytesFromDb: number;
  /** local ports of the TCP connections open to the database — `inet_client_port()` as the server sees them */
  openClientPorts: number[];
};

export type WsProxy = { port: number; address: string; stats: () => WsProxyStats; close: () => Promise<void> };

export async function startWsProxy(opts: { target: string; port?: number }): Promise<WsProxy> {
  const [targetHost, targetPort] = splitHostPort(opts.target);
  const s = { connections: 0, refused: 0, bytesToDb: 0, bytesFromDb: 0 };
  const upstreams = new Set<net.Socket>();
  const stats = (): WsProxyStats => ({
    ...s,
    openClientPorts: [...upstreams].map((u) => u.localPort).filter((p): p is number => typeof p === "number"),
  });

  const server = http.createServer((req, res) => {
    if (req.url === "/stats") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(stats()));
      return;
    }
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws: WebSocket, req) => {
    const address = new URL(req.url ?? "/", "http://proxy").searchParams.get("address") ?? "";
    let host: string, port: number;
    try {
      [host, port] = splitHostPort(address);
    } catch {
      host = "";
      port = 0;
    }
    if (host !== targetHost || port !== targetPort) {
      s.refused++;
      ws.close(1008, `target not allowed: ${address}`);
      return;
    }
    s.connections++;
    const tcp = net.connect({ host, port });
    upstreams.add(tcp);
    tcp.setNoDelay(true);
    // bytes the driver sends before the TCP side is up are buffered by net.Socket until it connects
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      s.bytesToDb += buf.length;
      tcp.write(buf);
    });
    tcp.on("data", (chunk) => {
      s.bytesFromDb += chunk.length;
      if (ws.readyState === ws.OPEN) ws.send(chunk);
    });
    // either side going away ends the other: the driver sees a cut connection exactly as over TCP
    const end = () => {
      upstreams.delete(tcp);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    ws.on("close", end);
    ws.on("error", end);
    tcp.on("close", end);
    tcp.on("error", end);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    stats,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      for (const u of upstreams) u.destroy();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function splitHostPort(hp: string): [string, number] {
  const i = hp.lastIndexOf(":");
  const host = hp.slice(0, i);
  const port = Number(hp.slice(i + 1));
  if (i <= 0 || !Number.isInteger(port) || port <= 0) throw new Error(`not host:port: ${hp}`);
  return [host, port];
}
