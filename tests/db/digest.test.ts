import type { AddressInfo } from "node:net";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { OpenedDb } from "@/db/client";
import { customers } from "@/db/schema";
import { solarToLunar } from "@/lib/lunar";
import { sendDailyDigests, transportFromEnv } from "@/lib/notify/digest";
import { today as companyToday } from "@/lib/dates";
import { freshDb, viewerFor } from "./helpers";

type Received = { from: string; to: string[]; raw: string };
let o: OpenedDb;
let server: SMTPServer;
let port: number;
const inbox: Received[] = [];
const today = companyToday();

beforeAll(async () => {
  o = await freshDb();
  // a real SMTP server on a free local port that keeps what it receives
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.server.address() as AddressInfo).port;
  const rep = await viewerFor(o.db, "sz1.rep1@demo.cn");
  const l = solarToLunar(today);
  await o.db.insert(customers).values({ name: "摘要寿星", ownerId: rep.id, orgUnitId: rep.orgUnitId, lunarBirthMonth: l.month, lunarBirthDay: l.day, lunarBirthLeap: l.leap });
  const other = await viewerFor(o.db, "sz2.rep1@demo.cn");
  await o.db.insert(customers).values({ name: "别部门寿星", ownerId: other.id, orgUnitId: other.orgUnitId, lunarBirthMonth: l.month, lunarBirthDay: l.day, lunarBirthLeap: l.leap });
});
afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
  await o?.close();
});

/** The decoded text/plain part of a raw MIME message (nodemailer sends it base64 here). */
function textPart(raw: string) {
  const m = raw.match(/Content-Type: text\/plain; charset=utf-8\r?\nContent-Transfer-Encoding: base64\r?\n\r?\n([\s\S]*?)\r?\n(?:--|$)/i);
  if (!m) throw new Error("no text part in:\n" + raw.slice(0, 2000));
  return Buffer.from(m[1].replace(/\s+/g, ""), "base64").toString("utf8");
}
function subject(raw: string) {
  const m = raw.match(/^Subject: (.*(?:\r?\n[ \t].*)*)/im)!;
  // RFC 2047 encoded words: =?UTF-8?B?...?= or =?UTF-8?Q?...?=
  return m[1].replace(/\r?\n[ \t]/g, "").replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_s, enc: string, txt: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(txt, "base64").toString("utf8") : Buffer.from(txt.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
}

test("the daily digest arrives at a real SMTP server, scoped per user", async () => {
  expect(await transportFromEnv({})).toBeNull();
  const transport = await transportFromEnv({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  const r = await sendDailyDigests(o.db, transport!, { today, baseUrl: "https://crm.example.cn", from: "知客 CRM <noreply@zhike.local>", only: ["sz1.rep1@demo.cn", "admin@demo.cn"] });
  // the admin has no sales scope and nothing to remind: skipped
  expect(r).toEqual({ sent: 1, skipped: 1, failed: [] });
  expect(inbox).toHaveLength(1);
  const mail = inbox[0];
  expect(mail.from).toBe("noreply@zhike.local");
  expect(mail.to).toEqual(["sz1.rep1@demo.cn"]);
  expect(subject(mail.raw)).toMatch(new RegExp(`^【知客】${today} 提醒摘要：\\d+ 条待处理$`));
  const text = textPart(mail.raw);
  expect(text).toContain("陈晓明，您好");
  expect(text).toMatch(/\[今天\] 农历生日：摘要寿星（农历.+）/);
  expect(text).toContain("https://crm.example.cn/customers/");
  expect(text).toContain("商务提醒");
  expect(text).not.toContain("别部门寿星");
  transport!.close();
});

test("an unreachable server is reported per user, not thrown", async () => {
  const t = nodemailer.createTransport({ host: "127.0.0.1", port: 1, connectionTimeout: 500 });
  const r = await sendDailyDigests(o.db, t, { today, baseUrl: "http://x", from: "a@b.c", only: ["sz1.rep1@demo.cn"] });
  expect(r.sent).toBe(0);
  expect(r.failed.map((f) => f.email)).toEqual(["sz1.rep1@demo.cn"]);
});
