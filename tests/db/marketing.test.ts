import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import {
  campaignProgress,
  claimBatch,
  countAudience,
  createCampaign,
  deliveryLog,
  getCampaign,
  previewFor,
  recordOptOut,
  retryFailed,
  saveTemplate,
  UNCERTAIN_ERROR,
} from "@/db/queries/marketing";
import { customers, messageSends } from "@/db/schema";
import { sendCampaign } from "@/lib/jobs/marketing";
import { transportFor, type Transport } from "@/lib/marketing/transports";
import { readUnsubscribeToken } from "@/lib/marketing/unsubscribe";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

type Received = { to: string[]; raw: string };
let o: OpenedDb;
let server: SMTPServer;
let smtpUrl: string;
const inbox: Received[] = [];
let connections = 0;
let rep: Viewer, rep2: Viewer, manager: Viewer, otherUnitRep: Viewer;
const mine: { id: string; name: string; gender: "male" | "female" | "unknown"; email: string | null }[] = [];

beforeAll(async () => {
  o = await freshDb();
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onConnect(_session, cb) {
      connections++;
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  [rep, rep2, manager, otherUnitRep] = await Promise.all(["sz1.rep1@demo.cn", "sz1.rep2@demo.cn", "sz1.manager@demo.cn", "sz2.rep1@demo.cn"].map((e) => viewerFor(o.db, e)));
  const genders = ["male", "female", "unknown"] as const;
  for (let i = 0; i < 24; i++) {
    const g = genders[i % 3];
    const email = i === 23 ? null : `mk${i}@example.cn`;
    const [row] = await o.db
      .insert(customers)
      .values({ name: `营${"甲乙丙丁戊己庚辛"[i % 8]}${i}`, gender: g, email, mobile: `1390000${String(i).padStart(4, "0")}`, companyName: i % 2 ? "华强电子" : null, ownerId: rep.id, orgUnitId: rep.orgUnitId, otherCategory: "mk" })
      .returning();
    mine.push({ id: row.id, name: row.name, gender: g, email });
  }
});
afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
  await o?.close();
});

function textPart(raw: string) {
  const m = raw.match(/Content-Type: text\/plain; charset=utf-8\r?\nContent-Transfer-Encoding: base64\r?\n\r?\n([\s\S]*?)\r?\n(?:--|$)/i);
  if (!m) throw new Error("no text part in:\n" + raw.slice(0, 2000));
  return Buffer.from(m[1].replace(/\s+/g, ""), "base64").toString("utf8");
}
function header(raw: string, name: string) {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  const m = new RegExp(`^${name}: (.*)$`, "im").exec(head);
  return m?.[1].trim() ?? null;
}
function decodedSubject(raw: string) {
  return (header(raw, "Subject") ?? "").replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_s, t: string) => Buffer.from(t, "base64").toString("utf8"));
}

const ids = () => ({ kind: "ids" as const, ids: mine.map((c) => c.id) });

describe("audience", () => {
  test("scope, address and opt-outs are applied; the count is known before sending", async () => {
    expect(await countAudience(o.db, rep, "email", ids())).toEqual({ matched: 24, noAddress: 1, optedOut: 0, recipients: 23, capped: false });
    // another unit's rep sees none of them; the manager of the unit sees them all
    expect((await countAudience(o.db, otherUnitRep, "email", ids())).matched).toBe(0);
    expect((await countAudience(o.db, manager, "email", ids())).matched).toBe(24);
    // a colleague in the same unit but scope "self" sees none
    expect((await countAudience(o.db, rep2, "email", ids())).matched).toBe(0);
    // the customer list's filters: the same count the list's own query gives, less those without e-mail
    const filtered = await countAudience(o.db, rep, "sms", { kind: "filter", filters: { kind: "individual", sort: "updated", dir: "desc" } });
    const [want] = await queryRows<{ n: number }>(o.db, sql`select count(*)::int as n from customers where owner_id = ${rep.id} and deleted_at is null and kind = 'individual'`);
    expect(filtered.matched).toBe(Number(want.n));
  });

  test("the preview personalises for any chosen recipient and flags a broken greeting", async () => {
    const [m, f, u] = mine;
    const p = await previewFor(o.db, rep, "尊敬的{称呼}：{公司|贵公司}的朋友您好，我是{业务员}", null, [m.id, f.id, u.id]);
    const by = new Map(p.map((r) => [r.id, r]));
    expect(by.get(m.id)!.text).toBe(`尊敬的营先生：贵公司的朋友您好，我是${rep.name}`);
    expect(by.get(f.id)!.text).toBe(`尊敬的营女士：华强电子的朋友您好，我是${rep.name}`);
    expect(by.get(u.id)).toMatchObject({ text: `尊敬的：贵公司的朋友您好，我是${rep.name}`, broken: true, empty: ["称呼"] });
    // out of scope: nothing
    expect(await previewFor(o.db, otherUnitRep, "{姓名}", null, [m.id])).toEqual([]);
    // a custom form of address on the card wins over the one from gender
    await o.db.update(customers).set({ salutation: "营总" }).where(eq(customers.id, u.id));
    expect((await previewFor(o.db, rep, "尊敬的{称呼}：", null, [u.id]))[0]).toMatchObject({ text: "尊敬的营总：", broken: false });
    await o.db.update(customers).set({ salutation: null }).where(eq(customers.id, u.id));
  });
});

describe("campaign over SMTP", () => {
  let transport: Transport;
  beforeAll(async () => {
    transport = await transportFor("email", { SMTP_URL: smtpUrl, MAIL_FROM: "知客 <crm@zhike.local>" });
  });
  afterAll(async () => transport?.close());

  test("every message is personalised, carries List-Unsubscribe and goes out once; broken greetings are skipped", async () => {
    const t = await saveTemplate(o.db, rep, null, { channel: "email", name: "节日问候", subject: "{姓名|朋友}，节日快乐", body: "尊敬的{称呼|客户}：\n{业务员}祝您节日快乐！" });
    const c = await createCampaign(o.db, rep, { channel: "email", templateId: t.id, name: "节日问候", subject: t.subject, body: t.body, audience: ids() }, "smtp");
    expect(c.total).toBe(23);
    inbox.length = 0;
    expect(await sendCampaign(o.db, c.id, { transport, baseUrl: "https://crm.example.cn" })).toBe(true);
    expect(await campaignProgress(o.db, c.id)).toMatchObject({ queued: 0, sending: 0, sent: 23, failed: 0, skipped: 0 });
    expect(inbox).toHaveLength(23);
    const byEmail = new Map(mine.map((m) => [m.email, m]));
    for (const msg of inbox) {
      expect(msg.to).toHaveLength(1);
      const cust = byEmail.get(msg.to[0])!;
      const text = textPart(msg.raw);
      const salutation = cust.gender === "male" ? "营先生" : cust.gender === "female" ? "营女士" : "客户";
      expect(text).toContain(`尊敬的${salutation}：\n${rep.name}祝您节日快乐！`);
      expect(decodedSubject(msg.raw)).toBe(`${cust.name}，节日快乐`);
      const lu = header(msg.raw, "List-Unsubscribe")!;
      const m = /^<https:\/\/crm\.example\.cn\/unsubscribe\/([^>]+)>$/.exec(lu);
      expect(m, lu).toBeTruthy();
      expect(readUnsubscribeToken(m![1])).toEqual({ customerId: cust.id, channel: "email" });
      expect(text).toContain(`/unsubscribe/${m![1]}`);
      expect(header(msg.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    }
    expect(new Set(inbox.map((m) => m.to[0])).size).toBe(23);
    // sent again: nothing more goes out
    expect(await sendCampaign(o.db, c.id, { transport })).toBe(true);
    expect(inbox).toHaveLength(23);
    const log = await deliveryLog(o.db, rep, c.id);
    expect(log.rows).toHaveLength(23);
    expect(log.rows.every((r) => r.status === "sent" && r.providerId)).toBe(true);
    // the manager of the unit sees it; a colleague and another unit do not
    await expect(getCampaign(o.db, manager, c.id)).resolves.toBeTruthy();
    await expect(getCampaign(o.db, rep2, c.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getCampaign(o.db, otherUnitRep, c.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    // a template without fallback: the unknown-gender customers are skipped, and the log says why
    const c2 = await createCampaign(o.db, rep, { channel: "email", templateId: null, name: "无备用", subject: "您好", body: "尊敬的{称呼}：您好", audience: ids() }, "smtp");
    const p2 = await campaignProgress(o.db, c2.id);
    expect(p2.skipped).toBe(mine.filter((m) => m.email && m.gender === "unknown").length);
  });

  test("a restart mid-send: rows claimed by the dead process are settled as uncertain, nobody gets it twice", async () => {
    const c = await createCampaign(o.db, rep, { channel: "email", templateId: null, name: "重启", subject: "{姓名}您好", body: "{姓名}您好", audience: ids() }, "smtp");
    // the first process claims 5 rows and dies before any outcome is written (the transport may or may not have taken them)
    const claimed = await claimBatch(o.db, c.id, 5);
    expect(claimed).toHaveLength(5);
    await o.db.update(messageSends).set({ claimedAt: new Date(Date.now() - 10 * 60_000) }).where(eq(messageSends.campaignId, c.id));
    inbox.length = 0;
    expect(await sendCampaign(o.db, c.id, { transport, leaseMs: 60_000 })).toBe(true);
    const p = await campaignProgress(o.db, c.id);
    expect(p).toMatchObject({ sent: 18, failed: 5, uncertain: 5, queued: 0, sending: 0 });
    expect(inbox).toHaveLength(18);
    const claimedTo = new Set(claimed.map((r) => r.toAddress));
    expect(inbox.some((m) => claimedTo.has(m.to[0]))).toBe(false);
    // retry leaves the uncertain ones alone unless asked
    expect(await retryFailed(o.db, rep, c.id, false)).toBe(0);
    expect(await retryFailed(o.db, rep, c.id, true)).toBe(5);
    await sendCampaign(o.db, c.id, { transport });
    expect(await campaignProgress(o.db, c.id)).toMatchObject({ sent: 23, failed: 0 });
    expect(new Set(inbox.map((m) => m.to[0])).size).toBe(23);
  });

  test("the SMTP transport keeps a pool of connections (not one per message); the loops share its concurrency and rate", async () => {
    const pooled = await transportFor("email", { SMTP_URL: smtpUrl, MARKETING_SMTP_CONNECTIONS: "2", MARKETING_EMAIL_RATE: "40" });
    const c = await createCampaign(o.db, rep, { channel: "email", templateId: null, name: "连接池", subject: "池", body: "{姓名}", audience: ids() }, "smtp");
    inbox.length = 0;
    const before = connections;
    let inFlight = 0;
    let maxInFlight = 0;
    const counting: Transport = {
      ...pooled,
      async send(m) {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await pooled.send(m);
        } finally {
          inFlight--;
        }
      },
    };
    const t0 = performance.now();
    // three loops of batches of 4 over a transport of 2 connections (4 in flight) at 40 messages/s
    expect(await sendCampaign(o.db, c.id, { transport: counting, batch: 4, lanes: 3 })).toBe(true);
    const secs = (performance.now() - t0) / 1000;
    await pooled.close();
    expect(await campaignProgress(o.db, c.id)).toMatchObject({ sent: 23, queued: 0, sending: 0 });
    expect(new Set(inbox.map((m) => m.to[0])).size).toBe(23);
    expect(inbox).toHaveLength(23);
    expect(connections - before).toBeLessThanOrEqual(2);
    expect(maxInFlight).toBeLessThanOrEqual(pooled.concurrency);
    // 23 messages at 40 per second: the 23rd starts no sooner than 22/40 s after the first
    expect(secs).toBeGreaterThanOrEqual(22 / 40 - 0.02);
  });

  test("two senders on one campaign never send a row twice", async () => {
    const c = await createCampaign(o.db, rep, { channel: "email", templateId: null, name: "并发", subject: "并发", body: "{姓名}", audience: ids() }, "smtp");
    inbox.length = 0;
    await Promise.all([sendCampaign(o.db, c.id, { transport, batch: 3 }), sendCampaign(o.db, c.id, { transport, batch: 3 })]);
    expect(inbox).toHaveLength(23);
    expect(new Set(inbox.map((m) => m.to[0])).size).toBe(23);
  });

  test("failures are recorded and can be retried; opt-outs recorded later apply to the queue", async () => {
    const c = await createCampaign(o.db, rep, { channel: "email", templateId: null, name: "失败", subject: "s", body: "{姓名}", audience: ids() }, "smtp");
    await recordOptOut(o.db, mine[0].id, "email", "link");
    let n = 0;
    const flaky: Transport = { ...transport, async send(m) { if (n++ % 2) throw new Error("421 try later"); return transport.send(m); } };
    await sendCampaign(o.db, c.id, { transport: flaky });
    const p = await campaignProgress(o.db, c.id);
    expect(p.skipped).toBe(1);
    expect(p.failed).toBeGreaterThan(0);
    expect(p.sent + p.failed).toBe(22);
    const failed = await deliveryLog(o.db, rep, c.id, { status: "failed" });
    expect(failed.rows.every((r) => r.error === "421 try later")).toBe(true);
    expect(await retryFailed(o.db, rep, c.id, false)).toBe(p.failed);
    await sendCampaign(o.db, c.id, { transport });
    expect(await campaignProgress(o.db, c.id)).toMatchObject({ sent: 22, failed: 0, skipped: 1 });
    // and every later campaign leaves the opted-out customer out from the start
    expect((await countAudience(o.db, rep, "email", ids())).optedOut).toBe(1);
    const rows = await o.db.select().from(messageSends).where(and(eq(messageSends.customerId, mine[0].id), eq(messageSends.status, "sent"), eq(messageSends.campaignId, c.id)));
    expect(rows).toHaveLength(0);
    expect(UNCERTAIN_ERROR).toContain("未知");
  });
});

describe("automatic greetings", () => {
  test("birthdays of the day (solar and lunar) are greeted once, held for approval or sent; holidays go to everyone", async () => {
    const { runGreetings } = await import("@/lib/jobs/greetings");
    const { decideApproval, getGreetingSettings, pendingApprovals, saveGreetingSettings } = await import("@/db/queries/marketing");
    const { solarToLunar } = await import("@/lib/lunar");
    const day = "2026-06-19"; // 端午节 2026
    const l = solarToLunar("2026-03-09");
    const [solar] = await o.db.insert(customers).values({ name: "寿星阳", gender: "male", email: "solar@example.cn", solarBirthday: "1980-03-09", ownerId: rep.id, orgUnitId: rep.orgUnitId }).returning();
    const [lunar] = await o.db.insert(customers).values({ name: "寿星阴", gender: "female", email: "lunar@example.cn", lunarBirthMonth: l.month, lunarBirthDay: l.day, lunarBirthLeap: l.leap, ownerId: rep.id, orgUnitId: rep.orgUnitId }).returning();
    const bt = await saveTemplate(o.db, rep, null, { channel: "email", name: "生日", subject: "{姓名}生日快乐", body: "{称呼|朋友}，生日快乐！" });
    expect(await getGreetingSettings(o.db, rep.id)).toMatchObject({ birthday: { templateId: null } });
    await saveGreetingSettings(o.db, rep, { birthday: { templateId: bt.id, mode: "approve" }, holiday: { templateId: null, mode: "auto" } });
    // 9 March 2026: the solar birthday and the lunar one (whose lunar date is that of 2026-03-09)
    const r = await runGreetings(o.db, "2026-03-09");
    expect(r).toMatchObject({ campaigns: 1, held: 1 });
    const [p] = await pendingApprovals(o.db, rep);
    expect(p.total).toBeGreaterThanOrEqual(2);
    const log = await deliveryLog(o.db, rep, p.id);
    expect(log.rows.map((x) => x.customerId)).toEqual(expect.arrayContaining([solar.id, lunar.id]));
    expect(log.rows.find((x) => x.customerId === solar.id)!.body).toBe("营先生，生日快乐！".replace("营", "寿"));
    await decideApproval(o.db, rep, p.id, false);
    expect(await campaignProgress(o.db, p.id)).toMatchObject({ queued: 0 });
    // no birthday and no holiday template: nothing on the Dragon Boat festival
    expect(await runGreetings(o.db, day)).toMatchObject({ campaigns: 0 });
  });
});
