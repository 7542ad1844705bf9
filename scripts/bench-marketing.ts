/**
 * `npm run bench:marketing`: 10,000 personalised e-mails through the durable queue to a local SMTP server
 * (smtp-server, in this process), then the restart test.
 *
 * 1. Throughput: one campaign of N recipients (default 10,000; --n) sent by sendCampaign over nodemailer's
 *    pooled SMTP transport (--lanes N: claim→send→record loops, default LANES); messages per second, RSS
 *    growth while sending, every message checked for its recipient's own name and the List-Unsubscribe header.
 * 2. Restart: a second campaign sent by a child process that is killed (SIGKILL) once a third of it has
 *    arrived; a new child resumes it. Every recipient must receive it at most once; the rows the dead
 *    child had claimed and not recorded are settled as "outcome unknown" (never resent), so
 *    delivered-once + unknown-and-undelivered = N.
 *
 * Needs PostgreSQL (the child processes share it): DATABASE_URL=postgres://…/a_dedicated_db (migrated and
 * seeded with the demo company when empty). Runs as a benchmark, not a timed test.
 */
import { spawn } from "node:child_process";
import os from "node:os";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { isEmpty, migrateDb, openPg, queryRows, type Db } from "@/db/client";
import { campaignProgress, createCampaign } from "@/db/queries/marketing";
import { getUserByEmail, getViewer } from "@/db/queries/users";
import { customers, users } from "@/db/schema";
import { seedDemo } from "@/db/seed/demo";
import { sendCampaign } from "@/lib/jobs/marketing";
import { transportFor } from "@/lib/marketing/transports";
import { arg, ms } from "./_db";

process.env.NEXTAUTH_SECRET ||= "zhike-bench-secret-not-for-production";
const N = Number(arg("n") ?? 10_000);
/** --lanes N: claim→send→record loops per process (lib/jobs/marketing.ts LANES by default). */
const lanes = arg("lanes") ? Number(arg("lanes")) : undefined;
const MB = 1024 * 1024;

/** The child: resumes one campaign until done (the restart test kills the first one). */
async function child(campaignId: string) {
  const o = await openPg(process.env.DATABASE_URL!);
  const transport = await transportFor("email");
  for (;;) {
    if (await sendCampaign(o.db, campaignId, { transport, lanes })) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await transport.close();
  await o.close();
}

type Inbox = { count: Map<string, number>; total: number; bad: number; unsub: number };
function smtp(inbox: Inbox, names: Map<string, string>) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        for (const r of session.envelope.rcptTo) {
          inbox.count.set(r.address, (inbox.count.get(r.address) ?? 0) + 1);
          const m = /Content-Type: text\/plain; charset=utf-8\r?\nContent-Transfer-Encoding: base64\r?\n\r?\n([\s\S]*?)\r?\n--/i.exec(raw);
          const text = m ? Buffer.from(m[1].replace(/\s+/g, ""), "base64").toString("utf8") : "";
          if (!text.startsWith(`${names.get(r.address)}，您好`)) inbox.bad++;
          const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
          if (/^List-Unsubscribe: <http[^>]+\/unsubscribe\/[^>]+>/im.test(head) && /^List-Unsubscribe-Post: List-Unsubscribe=One-Click/im.test(head)) inbox.unsub++;
        }
        inbox.total++;
        cb();
      });
    },
  });
  // the restart test kills a sender with its pooled connections open: their reset must not stop the server
  server.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "ECONNRESET" && e.code !== "EPIPE") console.error("[bench] SMTP server:", e);
  });
  return server;
}

async function setup(db: Db) {
  const rep = await getUserByEmail(db, "sz1.rep1@demo.cn");
  if (!rep) throw new Error("demo company missing");
  const email = "bench.marketing@demo.cn";
  let [u] = await db.select().from(users).where(eq(users.email, email));
  if (!u) [u] = await db.insert(users).values({ email, name: "群发压测", passwordHash: rep.passwordHash, roleId: rep.roleId, orgUnitId: rep.orgUnitId, mobile: "13800009999" }).returning();
  const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from customers where owner_id = ${u.id}`);
  const SUR = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
  const GIV = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超";
  for (let i = Number(n); i < N; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, N - i) }, (_, k) => {
      const j = i + k;
      return { name: `${SUR[j % 20]}${GIV[(j * 7) % 19]}${GIV[(j * 13) % 19]}${j}`, gender: (j % 2 ? "male" : "female") as "male" | "female", email: `b${j}@bench.zhike.local`, companyName: `公司${j % 97}`, ownerId: u.id, orgUnitId: u.orgUnitId };
    });
    await db.insert(customers).values(rows);
  }
  const viewer = (await getViewer(db, u.id))!;
  const list = await db.select({ email: customers.email, name: customers.name }).from(customers).where(eq(customers.ownerId, u.id));
  return { viewer, names: new Map(list.map((c) => [c.email!, c.name])) };
}

async function main() {
  const childId = arg("child");
  if (childId) return child(childId);
  if (!process.env.DATABASE_URL) throw new Error("set DATABASE_URL to a dedicated PostgreSQL database (the restart test runs child processes on it)");
  const o = await openPg(process.env.DATABASE_URL);
  await migrateDb(o);
  if (await isEmpty(o.db)) await seedDemo(o.db);
  const { viewer, names } = await setup(o.db);
  const inbox: Inbox = { count: new Map(), total: 0, bad: 0, unsub: 0 };
  const server = smtp(inbox, names);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  const audience = { kind: "filter" as const, filters: { sort: "updated" as const, dir: "desc" as const } };
  const body = { channel: "email" as const, templateId: null, subject: "{姓名}，您好", body: "{姓名}，您好！\n{公司|贵公司}的{称呼|朋友}，年末感谢您的支持。\n{业务员} {业务员手机}" };

  // 1. throughput
  let t0 = performance.now();
  const c1 = await createCampaign(o.db, viewer, { ...body, name: `压测 ${new Date().toISOString()}`, audience }, "smtp");
  console.log(`[bench] campaign of ${c1.total} recipients queued (personalised, in one transaction) in ${ms(t0)}`);
  const transport = await transportFor("email", { SMTP_URL: smtpUrl });
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let rssMax = rss0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 100);
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await sendCampaign(o.db, c1.id, { transport, lanes });
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  await transport.close();
  const p1 = await campaignProgress(o.db, c1.id);
  const once = [...inbox.count.values()].filter((v) => v === 1).length;
  console.log(`[bench] sent ${p1.sent} (failed ${p1.failed}) in ${secs.toFixed(1)} s: ${Math.round(p1.sent / secs)} messages/s (target ≥ 200)`);
  console.log(`[bench] CPU of this process (sender and the SMTP server together) ${cpuSecs.toFixed(1)} s: ${Math.round(p1.sent / cpuSecs)} messages per CPU second; load average now ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  console.log(`[bench] RSS ${Math.round(rss0 / MB)} MB → max ${Math.round(rssMax / MB)} MB while sending: growth ${Math.round((rssMax - rss0) / MB)} MB (limit 100)`);
  console.log(`[bench] received ${inbox.total}; each of ${once} recipients exactly once; personalisation wrong in ${inbox.bad}; List-Unsubscribe + one-click on ${inbox.unsub}`);

  // 2. restart: kill the sending process a third of the way, start another
  inbox.count.clear();
  inbox.total = inbox.bad = inbox.unsub = 0;
  const c2 = await createCampaign(o.db, viewer, { ...body, name: `重启压测 ${new Date().toISOString()}`, audience }, "smtp");
  const env = { ...process.env, SMTP_URL: smtpUrl, MARKETING_LEASE_MS: "3000" };
  const run = () => spawn(process.execPath, ["--import", "tsx", "scripts/bench-marketing.ts", "--child", c2.id, ...(lanes ? ["--lanes", String(lanes)] : [])], { env, stdio: ["ignore", "inherit", "inherit"] });
  const first = run();
  await new Promise<void>((resolve) => {
    const h = setInterval(() => {
      if (inbox.total >= c2.total / 3) {
        clearInterval(h);
        first.kill("SIGKILL");
        resolve();
      }
    }, 5);
  });
  await new Promise((r) => first.once("exit", r));
  const atKill = inbox.total;
  const [{ sending }] = await queryRows<{ sending: number }>(o.db, sql`select count(*)::int as sending from message_sends where campaign_id = ${c2.id} and status = 'sending'`);
  console.log(`[bench] restart: killed the sender (SIGKILL) after ${atKill} of ${c2.total} arrived; ${sending} rows left claimed ('sending')`);
  t0 = performance.now();
  const second = run();
  await new Promise((r) => second.once("exit", r));
  const p2 = await campaignProgress(o.db, c2.id);
  const counts = [...inbox.count.values()];
  const twice = counts.filter((v) => v > 1).length;
  const uncertainRows = await queryRows<{ to_address: string }>(o.db, sql`select to_address from message_sends where campaign_id = ${c2.id} and status = 'failed'`);
  const uncertainDelivered = uncertainRows.filter((r) => inbox.count.has(r.to_address)).length;
  console.log(`[bench] resumed in ${ms(t0)}: sent ${p2.sent}, outcome unknown ${p2.uncertain} (of which the SMTP server had received ${uncertainDelivered}), failed otherwise ${p2.failed - p2.uncertain}, queued ${p2.queued}`);
  console.log(`[bench] restart result: ${inbox.count.size} distinct recipients received it, ${twice} received it twice or more; personalisation wrong in ${inbox.bad}`);
  const ok = twice === 0 && p2.queued === 0 && p2.sent + p2.uncertain === c2.total && inbox.bad === 0;
  console.log(ok ? "[bench] restart test: PASS (nobody sent twice; all but the unknown ones sent exactly once)" : "[bench] restart test: FAIL");
  await new Promise<void>((r) => server.close(() => r()));
  await o.close();
  if (!ok) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
