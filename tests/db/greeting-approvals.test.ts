/**
 * 待确认的问候 in the reminder inbox (issue #15: automatic greetings "queued for the rep to approve in the
 * reminder inbox"): a greeting held for approval is an item of its sender's inbox, kept current by the
 * campaigns trigger (migration 0022), decided through the same action as on /marketing (decideApprovalAction,
 * through the real action pipeline), sent exactly once, and nobody else sees or decides it.
 */
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { OpenedDb } from "@/db/client";
import { campaignProgress, getCampaign, holdForApproval, createCampaign, pendingApprovals, saveGreetingSettings, saveTemplate } from "@/db/queries/marketing";
import { countOpenInbox, readInboxPage } from "@/db/queries/reminder-inbox";
import { campaigns, customers, messageSends } from "@/db/schema";
import { today as companyToday } from "@/lib/dates";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

const request: { headers: Headers; viewer: Viewer | null } = { headers: new Headers({ origin: "http://localhost:3000", host: "localhost:3000" }), viewer: null };

vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next-intl/server", () => ({ getTranslations: async () => (key: string) => key, getLocale: async () => "zh-CN" }));
vi.mock("@/lib/session", () => ({ currentViewer: async () => request.viewer }));

let o: OpenedDb;
let server: SMTPServer;
const received: string[] = [];
let rep: Viewer, rep2: Viewer, manager: Viewer;
const today = companyToday();
const saved = { SMTP_URL: process.env.SMTP_URL };

beforeAll(async () => {
  o = await freshDb();
  (globalThis as { __zhikeDb?: Promise<OpenedDb> }).__zhikeDb = Promise.resolve(o);
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, cb) {
      stream.on("data", () => {});
      stream.on("end", () => {
        for (const r of session.envelope.rcptTo) received.push(r.address);
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  // the background sender started by the approval reads the transport from the environment
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  [rep, rep2, manager] = await Promise.all(["sz1.rep1@demo.cn", "sz1.rep2@demo.cn", "sz1.manager@demo.cn"].map((e) => viewerFor(o.db, e)));
});

afterAll(async () => {
  process.env.SMTP_URL = saved.SMTP_URL;
  if (saved.SMTP_URL === undefined) delete process.env.SMTP_URL;
  delete (globalThis as { __zhikeDb?: unknown }).__zhikeDb;
  await new Promise<void>((r) => server?.close(() => r()));
  await o?.close();
});

const greetingItems = async (v: Viewer) => (await readInboxPage(o.db, v, today, { kind: "greeting_approval", limit: 50 })).reminders;

async function waitUntilDone(id: string) {
  for (let i = 0; i < 200; i++) {
    const [c] = await o.db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, id));
    if (c.status === "done") return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the approved greeting was not sent");
}

test("a held birthday greeting is in its sender's inbox; approving it there sends it exactly once; nobody else sees or decides it", async () => {
  const { runGreetings } = await import("@/lib/jobs/greetings");
  const { decideApprovalAction } = await import("@/app/(crm)/marketing/actions");
  const md = today.slice(5);
  const people = await o.db
    .insert(customers)
    .values([
      { name: "寿星甲", gender: "male" as const, email: "bday1@example.cn", solarBirthday: `1980-${md}`, ownerId: rep.id, orgUnitId: rep.orgUnitId },
      { name: "寿星乙", gender: "female" as const, email: "bday2@example.cn", solarBirthday: `1990-${md}`, ownerId: rep.id, orgUnitId: rep.orgUnitId },
    ])
    .returning();
  const t = await saveTemplate(o.db, rep, null, { channel: "email", name: "生日", subject: "{姓名}生日快乐", body: "{称呼|朋友}，生日快乐！" });
  await saveGreetingSettings(o.db, rep, { birthday: { templateId: t.id, mode: "approve" }, holiday: { templateId: null, mode: "auto" } });
  const badgeBefore = await countOpenInbox(o.db, rep, today);

  expect(await runGreetings(o.db, today)).toMatchObject({ campaigns: 1, held: 1 });
  const [held] = await pendingApprovals(o.db, rep);
  const recipients = (await o.db.select({ to: messageSends.toAddress }).from(messageSends).where(eq(messageSends.campaignId, held.id))).map((r) => r.to);
  expect(recipients).toEqual(expect.arrayContaining(people.map((p) => p.email)));

  // in the sender's inbox as its own kind (the trigger marked the inbox stale; the read recomputed it), and on the badge
  const [item] = await greetingItems(rep);
  expect(item).toMatchObject({ kind: "greeting_approval", refType: "campaign", refId: held.id, title: held.name, status: "open", dueOn: today, detail: { type: "greeting", channel: "email", total: held.total } });
  expect(await countOpenInbox(o.db, rep, today)).toBe(badgeBefore + 1);
  // nobody else's inbox holds it: not a colleague's, not the unit manager's (only the sender decides)
  expect(await greetingItems(rep2)).toEqual([]);
  expect(await greetingItems(manager)).toEqual([]);

  // another rep, or the manager, cannot approve it: the same answer as a campaign that does not exist
  for (const v of [rep2, manager]) {
    request.viewer = v;
    expect(await decideApprovalAction(held.id, true)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await decideApprovalAction(held.id, false)).toMatchObject({ ok: false, code: "NOT_FOUND" });
  }
  expect((await getCampaign(o.db, rep, held.id)).status).toBe("paused");

  // the sender approves from the inbox (two clicks at once): one goes through, the other finds it decided
  request.viewer = rep;
  const answers = await Promise.all([decideApprovalAction(held.id, true), decideApprovalAction(held.id, true)]);
  expect(answers.filter((a) => a.ok)).toHaveLength(1);
  expect(answers.find((a) => !a.ok)).toMatchObject({ code: "NOT_FOUND" });
  await waitUntilDone(held.id);
  expect(await campaignProgress(o.db, held.id)).toMatchObject({ sent: held.total, queued: 0, sending: 0, failed: 0 });
  // each recipient received it exactly once
  expect(received.slice().sort()).toEqual(recipients.slice().sort());
  // decided: gone from the inbox and the badge, and a later approval changes nothing
  expect(await greetingItems(rep)).toEqual([]);
  expect(await countOpenInbox(o.db, rep, today)).toBe(badgeBefore);
  expect(await decideApprovalAction(held.id, true)).toMatchObject({ ok: false, code: "NOT_FOUND" });
  expect(received).toHaveLength(recipients.length);
});

test("skipping a held greeting from the inbox sends nothing and takes it out of the inbox", async () => {
  const { decideApprovalAction } = await import("@/app/(crm)/marketing/actions");
  const [c] = await o.db.select({ id: customers.id }).from(customers).where(eq(customers.email, "bday1@example.cn"));
  const held = await createCampaign(o.db, rep, { channel: "email", templateId: null, name: `节日问候 ${today}`, subject: "{姓名}节日快乐", body: "{称呼|朋友}，节日快乐！", audience: { kind: "ids", ids: [c.id] } }, "smtp");
  await holdForApproval(o.db, held.id);
  expect((await greetingItems(rep)).map((r) => r.refId)).toEqual([held.id]);
  const before = received.length;
  request.viewer = rep;
  expect(await decideApprovalAction(held.id, false)).toMatchObject({ ok: true });
  expect(await campaignProgress(o.db, held.id)).toMatchObject({ queued: 0, sent: 0, skipped: 1 });
  expect(await greetingItems(rep)).toEqual([]);
  await new Promise((r) => setTimeout(r, 200));
  expect(received).toHaveLength(before);
});
