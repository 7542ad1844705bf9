import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import WebSocket from "ws";
import { startWsProxy, type WsProxy } from "../db/ws-proxy";

// a stand-in database: answers every chunk with "ok:" + the chunk
let db: net.Server;
let dbPort: number;
let proxy: WsProxy;
beforeAll(async () => {
  db = net.createServer((s) => s.on("data", (d) => s.write(Buffer.concat([Buffer.from("ok:"), d]))));
  await new Promise<void>((r) => db.listen(0, "127.0.0.1", () => r()));
  dbPort = (db.address() as AddressInfo).port;
  proxy = await startWsProxy({ target: `127.0.0.1:${dbPort}` });
});
afterAll(async () => {
  await proxy.close();
  await new Promise((r) => db.close(r));
});

function open(address: string) {
  const ws = new WebSocket(`ws://${proxy.address}/v2?address=${address}`);
  ws.binaryType = "nodebuffer";
  return ws;
}

test("bytes go both ways between the WebSocket and the allowed TCP target, and are counted", async () => {
  const ws = open(`127.0.0.1:${dbPort}`);
  await new Promise((r) => ws.once("open", r));
  const reply = new Promise<Buffer>((r) => ws.once("message", (d) => r(d as Buffer)));
  ws.send(Buffer.from("select 1"));
  expect((await reply).toString()).toBe("ok:select 1");
  const s = proxy.stats();
  expect(s).toMatchObject({ connections: 1, refused: 0, bytesToDb: 8, bytesFromDb: 11 });
  expect(s.openClientPorts).toHaveLength(1);
  ws.close();
  await new Promise((r) => ws.once("close", r));
  await expect.poll(() => proxy.stats().openClientPorts).toEqual([]);
});

test.each(["127.0.0.1:22", "10.0.0.1:" + 5432, "example.com:443", "nonsense"])("any other target (%s) is refused without a connection", async (address) => {
  const before = proxy.stats();
  const ws = open(address);
  const code = await new Promise<number>((r) => ws.once("close", (c) => r(c)));
  expect(code).toBe(1008);
  expect(proxy.stats()).toMatchObject({ connections: before.connections, refused: before.refused + 1 });
});

test("the counters are readable over HTTP, for test workers in other processes", async () => {
  const r = await fetch(`http://${proxy.address}/stats`);
  expect(await r.json()).toMatchObject({ connections: proxy.stats().connections, refused: proxy.stats().refused });
});
