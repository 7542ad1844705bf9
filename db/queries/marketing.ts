/**
 * 服务营销: templates, the audience, campaigns and their durable send queue (message_sends), opt-outs.
 *
 * The queue is the send table itself. A campaign's recipients are written once, when it starts, one row per
 * customer with the message already personalised and idempotency_key = campaign:customer (unique), so the
 * same campaign can never hold a customer twice. A sender claims rows with FOR UPDATE SKIP LOCKED and marks
 * them 'sending' in the same committed statement before it calls the transport, then writes each outcome.
 * A row found still 'sending' after its lease (its process died between the claim and the outcome) is not
 * sent again by itself: whether the provider took it is unknown, so it becomes failed with UNCERTAIN_ERROR
 * (at most once); a person may retry it knowingly.
 */
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { appSettings, campaigns, customers, messageSends, messageTemplates, optOuts, users } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { birthdayOn, lunarCandidates, NO_GREETINGS, type GreetingSettings } from "@/lib/marketing/greetings";
import { brokenGreeting, checkTemplate, render, type Recipient } from "@/lib/marketing/template";
import type { Audience, CampaignInput, TemplateInput } from "@/lib/validation/marketing";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { listFilters } from "./customers";
import { scopeWhere } from "./scope";

export type Channel = "sms" | "email";
export const UNCERTAIN_ERROR = "发送结果未知：发送过程中服务停止，为避免重复未自动重发";
export const OPTED_OUT_ERROR = "客户已退订";
export const BROKEN_ERROR = "问候语不完整，未发送";
export const CANCELLED_ERROR = "发送人取消了这次问候";

function assertCanSend(viewer: Viewer) {
  if (!can(viewer, "marketing:send")) throw forbidden();
}

// ---------------------------------------------------------------- templates

/** Templates the viewer may use: their own, their units', and the company's shared ones (no owner). */
function templatesVisible(viewer: Viewer): SQL {
  return or(isNull(messageTemplates.ownerId), scopeWhere(viewer, messageTemplates))!;
}

export async function listTemplates(db: Db, viewer: Viewer, channel?: Channel) {
  assertCanSend(viewer);
  return db
    .select({ id: messageTemplates.id, channel: messageTemplates.channel, name: messageTemplates.name, subject: messageTemplates.subject, body: messageTemplates.body, ownerId: messageTemplates.ownerId, updatedAt: messageTemplates.updatedAt })
    .from(messageTemplates)
    .where(and(isNull(messageTemplates.deletedAt), templatesVisible(viewer), channel ? eq(messageTemplates.channel, channel) : undefined))
    .orderBy(desc(messageTemplates.updatedAt))
    .limit(200);
}

/** Creates a template, or updates one of the viewer's own (shared company templates are read-only here). */
export async function saveTemplate(db: Db, viewer: Viewer, id: string | null, input: TemplateInput, ip?: string) {
  assertCanSend(viewer);
  const values = { channel: input.channel, name: input.name, subject: input.channel === "email" ? input.subject : null, body: input.body };
  return db.transaction(async (tx) => {
    if (id) {
      const [before] = await tx.select().from(messageTemplates).where(and(eq(messageTemplates.id, id), isNull(messageTemplates.deletedAt), eq(messageTemplates.ownerId, viewer.id)));
      if (!before) throw notFound();
      const [row] = await tx.update(messageTemplates).set({ ...values, updatedBy: viewer.id, version: sql`${messageTemplates.version} + 1` }).where(eq(messageTemplates.id, id)).returning();
      await writeAudit(tx, viewer, { action: "update", entityType: "message_template", entityId: id, before, after: row, ip });
      return row;
    }
    const [row] = await tx.insert(messageTemplates).values({ ...values, ownerId: viewer.id, orgUnitId: viewer.orgUnitId, createdBy: viewer.id, updatedBy: viewer.id }).returning();
    await writeAudit(tx, viewer, { action: "create", entityType: "message_template", entityId: row.id, after: row, ip });
    return row;
  });
}

export async function deleteTemplate(db: Db, viewer: Viewer, id: string, ip?: string) {
  assertCanSend(viewer);
  await db.transaction(async (tx) => {
    const [row] = await tx.update(messageTemplates).set({ deletedAt: new Date(), updatedBy: viewer.id }).where(and(eq(messageTemplates.id, id), isNull(messageTemplates.deletedAt), eq(messageTemplates.ownerId, viewer.id))).returning();
    if (!row) throw notFound();
    await writeAudit(tx, viewer, { action: "delete", entityType: "message_template", entityId: id, before: row, ip });
  });
}

// ---------------------------------------------------------------- audience

/** The customers an audience names, within the viewer's scope and not deleted (before address / opt-out). */
function audienceBase(viewer: Viewer, audience: Audience): SQL[] {
  if (audience.kind === "filter") return listFilters(viewer, { ...audience.filters, deleted: undefined, cursor: undefined });
  return [scopeWhere(viewer, customers), isNull(customers.deletedAt), inArray(customers.id, audience.ids)];
}

const addressOf = (channel: Channel) => (channel === "sms" ? customers.mobile : customers.email);
const hasAddress = (channel: Channel) => sql`coalesce(${addressOf(channel)}, '') <> ''`;
const optedOut = (channel: Channel) => sql`exists (select 1 from ${optOuts} o where o.customer_id = ${customers.id} and o.channel = ${channel})`;

/** Who would receive it: the counts shown before sending. Capped at AUDIENCE_CAP matching customers. */
export const AUDIENCE_CAP = 20_000;
export async function countAudience(db: Db, viewer: Viewer, channel: Channel, audience: Audience) {
  assertCanSend(viewer);
  const [r] = await queryRows<{ matched: number; no_address: number; opted_out: number }>(
    db,
    sql`select count(*)::int as matched,
          count(*) filter (where not ${hasAddress(channel)})::int as no_address,
          count(*) filter (where ${hasAddress(channel)} and ${optedOut(channel)})::int as opted_out
        from (select ${customers.id}, ${customers.mobile}, ${customers.email} from ${customers} where ${and(...audienceBase(viewer, audience))} limit ${AUDIENCE_CAP + 1}) as customers`,
  );
  const matched = Number(r?.matched ?? 0);
  const noAddress = Number(r?.no_address ?? 0);
  const opted = Number(r?.opted_out ?? 0);
  return { matched, noAddress, optedOut: opted, recipients: matched - noAddress - opted, capped: matched > AUDIENCE_CAP };
}

const recipientColumns = {
  id: customers.id,
  name: customers.name,
  kind: customers.kind,
  gender: customers.gender,
  salutation: customers.salutation,
  companyName: customers.companyName,
  title: customers.title,
  mobile: customers.mobile,
  email: customers.email,
  solarBirthday: customers.solarBirthday,
  lunarBirthMonth: customers.lunarBirthMonth,
  lunarBirthDay: customers.lunarBirthDay,
  lunarBirthLeap: customers.lunarBirthLeap,
  ownerId: customers.ownerId,
  orgUnitId: customers.orgUnitId,
  ownerName: users.name,
  ownerMobile: users.mobile,
};
export type RecipientRow = Recipient & { id: string; mobile: string | null; email: string | null; ownerId: string | null; orgUnitId: string | null };

/** One keyset page (by id) of the audience's deliverable recipients. */
async function audiencePage(db: Db, viewer: Viewer, channel: Channel, audience: Audience, after: string | null, limit: number): Promise<RecipientRow[]> {
  return db
    .select(recipientColumns)
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .where(and(...audienceBase(viewer, audience), hasAddress(channel), sql`not ${optedOut(channel)}`, after ? gt(customers.id, after) : undefined))
    .orderBy(asc(customers.id))
    .limit(limit);
}

/** The first recipients of an audience, for the preview's picker. */
export async function audienceSample(db: Db, viewer: Viewer, channel: Channel, audience: Audience, limit = 20) {
  assertCanSend(viewer);
  return audiencePage(db, viewer, channel, audience, null, limit);
}

/** Previews a template for customers in scope (any of them, chosen by id). */
export async function previewFor(db: Db, viewer: Viewer, body: string, subject: string | null, ids: string[]) {
  assertCanSend(viewer);
  if (!ids.length) return [];
  const rows = await db
    .select(recipientColumns)
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .where(and(scopeWhere(viewer, customers), isNull(customers.deletedAt), inArray(customers.id, ids.slice(0, 20))));
  return rows.map((r) => {
    const b = render(body, r);
    const s = subject ? render(subject, r) : null;
    return { id: r.id, name: r.name, mobile: r.mobile, email: r.email, text: b.text, subject: s?.text ?? null, empty: [...new Set([...b.empty, ...(s?.empty ?? [])])], broken: b.empty.length > 0 || brokenGreeting(b.text) };
  });
}

// ---------------------------------------------------------------- campaigns

const BATCH = 1000;

/**
 * Starts a campaign: the audience is resolved now (scope, address, opt-outs) and every recipient's message
 * personalised and queued, in one transaction; a recipient whose greeting would come out broken is written
 * as skipped with the reason, so the log shows who was left out. Returns the campaign.
 */
export async function createCampaign(db: Db, viewer: Viewer, input: CampaignInput, transport: string, ip?: string) {
  assertCanSend(viewer);
  const problems = checkTemplate(input.body).filter((p) => p.kind !== "no_fallback");
  const subjectProblems = input.subject ? checkTemplate(input.subject).filter((p) => p.kind !== "no_fallback") : [];
  if (problems.length || subjectProblems.length) throw new AppError("VALIDATION", "模板有无法识别的合并字段或不成对的括号，请先修正", { body: "模板有无法识别的合并字段或不成对的括号" });
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(campaigns)
      .values({ channel: input.channel, name: input.name, templateId: input.templateId ?? null, subject: input.channel === "email" ? input.subject : null, body: input.body, audience: input.audience, transport, ownerId: viewer.id, orgUnitId: viewer.orgUnitId })
      .returning();
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const page = await audiencePage(tx, viewer, input.channel, input.audience, after, BATCH);
      if (!page.length) break;
      after = page[page.length - 1].id;
      total += page.length;
      await tx.insert(messageSends).values(
        page.map((r) => {
          const b = render(input.body, r);
          const s = input.channel === "email" && input.subject ? render(input.subject, r) : null;
          const broken = b.empty.length > 0 || brokenGreeting(b.text) || (s ? s.empty.length > 0 || !s.text.trim() : false);
          return {
            campaignId: c.id,
            templateId: input.templateId ?? null,
            channel: input.channel,
            customerId: r.id,
            toAddress: (input.channel === "sms" ? r.mobile : r.email)!,
            subject: s?.text ?? null,
            body: b.text,
            status: broken ? ("skipped" as const) : ("queued" as const),
            error: broken ? BROKEN_ERROR : null,
            idempotencyKey: `${c.id}:${r.id}`,
            ownerId: r.ownerId,
            orgUnitId: r.orgUnitId,
          };
        }),
      ).onConflictDoNothing();
      if (page.length < BATCH) break;
    }
    if (!total) throw new AppError("VALIDATION", "没有可发送的收件人");
    const [done] = await tx.update(campaigns).set({ total }).where(eq(campaigns.id, c.id)).returning();
    await writeAudit(tx, viewer, { action: "create", entityType: "campaign", entityId: c.id, after: { ...done, body: undefined }, ip });
    return done;
  });
}

function campaignVisible(viewer: Viewer) {
  return scopeWhere(viewer, campaigns);
}

export async function getCampaign(db: Db, viewer: Viewer, id: string) {
  assertCanSend(viewer);
  const [c] = await db.select().from(campaigns).where(and(eq(campaigns.id, id), campaignVisible(viewer)));
  if (!c) throw notFound();
  return c;
}

export type Progress = { queued: number; sending: number; sent: number; failed: number; skipped: number; uncertain: number };

export async function campaignProgress(db: Db, campaignId: string): Promise<Progress> {
  const rows = await queryRows<{ status: string; uncertain: boolean; n: number }>(
    db,
    sql`select status, (status = 'failed' and error = ${UNCERTAIN_ERROR}) as uncertain, count(*)::int as n from ${messageSends} where campaign_id = ${campaignId} group by 1, 2`,
  );
  const p: Progress = { queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0, uncertain: 0 };
  for (const r of rows) {
    p[r.status as keyof Progress] += Number(r.n);
    if (r.uncertain) p.uncertain += Number(r.n);
  }
  return p;
}

/** The viewer's campaigns, newest first (one page). */
export async function listCampaigns(db: Db, viewer: Viewer, limit = 20) {
  assertCanSend(viewer);
  const rows = await db
    .select({ id: campaigns.id, name: campaigns.name, channel: campaigns.channel, status: campaigns.status, total: campaigns.total, createdAt: campaigns.createdAt, transport: campaigns.transport, ownerName: users.name })
    .from(campaigns)
    .leftJoin(users, eq(users.id, campaigns.ownerId))
    .where(campaignVisible(viewer))
    .orderBy(desc(campaigns.createdAt))
    .limit(limit);
  return Promise.all(rows.map(async (r) => ({ ...r, progress: await campaignProgress(db, r.id) })));
}

export const LOG_PAGE = 50;

/** The per-recipient delivery log of a campaign, keyset by send id; `status` narrows it. */
export async function deliveryLog(db: Db, viewer: Viewer, campaignId: string, opts: { after?: string | null; status?: "queued" | "sending" | "sent" | "failed" | "skipped" } = {}) {
  await getCampaign(db, viewer, campaignId);
  const rows = await db
    .select({ id: messageSends.id, customerId: messageSends.customerId, customerName: customers.name, toAddress: messageSends.toAddress, subject: messageSends.subject, body: messageSends.body, status: messageSends.status, error: messageSends.error, sentAt: messageSends.sentAt, attempts: messageSends.attempts, providerId: messageSends.providerId })
    .from(messageSends)
    .innerJoin(customers, eq(customers.id, messageSends.customerId))
    .where(and(eq(messageSends.campaignId, campaignId), opts.status ? eq(messageSends.status, opts.status) : undefined, opts.after ? gt(messageSends.id, opts.after) : undefined))
    .orderBy(asc(messageSends.id))
    .limit(LOG_PAGE + 1);
  const more = rows.length > LOG_PAGE;
  const page = more ? rows.slice(0, LOG_PAGE) : rows;
  return { rows: page, next: more ? page[page.length - 1].id : null };
}

/**
 * 重试: failed rows go back to the queue. Rows whose outcome is unknown stay failed unless `includeUncertain`
 * (the person accepts that some of those customers may receive it twice).
 */
export async function retryFailed(db: Db, viewer: Viewer, campaignId: string, includeUncertain: boolean, ip?: string) {
  const c = await getCampaign(db, viewer, campaignId);
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(messageSends)
      .set({ status: "queued", error: null, claimedAt: null })
      .where(and(eq(messageSends.campaignId, c.id), eq(messageSends.status, "failed"), includeUncertain ? undefined : sql`${messageSends.error} is distinct from ${UNCERTAIN_ERROR}`))
      .returning({ id: messageSends.id });
    if (rows.length) {
      await tx.update(campaigns).set({ status: "sending", finishedAt: null }).where(eq(campaigns.id, c.id));
      await writeAudit(tx, viewer, { action: "update", entityType: "campaign", entityId: c.id, after: { retried: rows.length, includeUncertain }, ip });
    }
    return rows.length;
  });
}

// ---------------------------------------------------------------- the sender's side (no viewer: the queue)

export type Claimed = { id: string; customerId: string; toAddress: string; subject: string | null; body: string; channel: Channel };

/**
 * Claims up to `n` queued rows of a campaign: FOR UPDATE SKIP LOCKED so concurrent senders (two app
 * servers) take different rows; rows of customers who opted out since the campaign started become skipped
 * in the same statement; the rest become 'sending' and are returned. One statement, committed on return.
 */
export async function claimBatch(db: Db, campaignId: string, n: number): Promise<Claimed[]> {
  const rows = await queryRows<{ id: string; customer_id: string; to_address: string; subject: string | null; body: string; channel: Channel; status: string }>(
    db,
    sql`with c as (
          select id from ${messageSends} where campaign_id = ${campaignId} and status = 'queued' order by id limit ${n} for update skip locked
        ), o as (
          select c.id, exists (select 1 from ${optOuts} oo join ${messageSends} ms on ms.customer_id = oo.customer_id and ms.channel = oo.channel where ms.id = c.id) as opted from c
        )
        update ${messageSends} m set
          status = (case when o.opted then 'skipped' else 'sending' end)::send_status,
          error = case when o.opted then ${OPTED_OUT_ERROR} else null end,
          claimed_at = now(),
          attempts = m.attempts + (case when o.opted then 0 else 1 end)
        from o where m.id = o.id
        returning m.id, m.customer_id, m.to_address, m.subject, m.body, m.channel, m.status`,
  );
  return rows
    .filter((r) => r.status === "sending")
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((r) => ({ id: r.id, customerId: r.customer_id, toAddress: r.to_address, subject: r.subject, body: r.body, channel: r.channel }));
}

/**
 * Rows claimed longer than `leaseMs` ago and still 'sending' belonged to a process that died: their outcome
 * is unknown, so they become failed with UNCERTAIN_ERROR and are never sent again by themselves.
 */
export async function settleExpiredClaims(db: Db, leaseMs: number, campaignId?: string) {
  const rows = await db
    .update(messageSends)
    .set({ status: "failed", error: UNCERTAIN_ERROR })
    .where(and(eq(messageSends.status, "sending"), lt(messageSends.claimedAt, new Date(Date.now() - leaseMs)), campaignId ? eq(messageSends.campaignId, campaignId) : undefined))
    .returning({ id: messageSends.id });
  return rows.length;
}

/** Writes the outcomes of a batch in one statement (same rule: only rows still 'sending' change). */
export async function recordOutcomes(db: Db, outcomes: { id: string; ok: boolean; providerId?: string | null; error?: string }[]) {
  if (!outcomes.length) return;
  await db.execute(sql`
    update ${messageSends} m set
      status = (case when v.ok then 'sent' else 'failed' end)::send_status,
      sent_at = case when v.ok then now() else m.sent_at end,
      provider_id = case when v.ok then v.pid else m.provider_id end,
      error = case when v.ok then null else v.err end
    from unnest(${sql.param(outcomes.map((o) => o.id))}::uuid[], ${sql.param(outcomes.map((o) => o.ok))}::boolean[], ${sql.param(outcomes.map((o) => o.providerId ?? null))}::text[], ${sql.param(outcomes.map((o) => (o.error ?? "").slice(0, 500) || null))}::text[]) as v(id, ok, pid, err)
    where m.id = v.id and m.status = 'sending'`);
}

/** Marks a campaign done when nothing is queued or in flight; returns whether it is done. */
export async function finishIfDone(db: Db, campaignId: string) {
  const [left] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${messageSends} where campaign_id = ${campaignId} and status in ('queued', 'sending')`);
  if (Number(left?.n ?? 0) > 0) return false;
  await db.update(campaigns).set({ status: "done", finishedAt: new Date() }).where(and(eq(campaigns.id, campaignId), eq(campaigns.status, "sending")));
  return true;
}

export async function sendingCampaigns(db: Db) {
  return db.select({ id: campaigns.id, channel: campaigns.channel }).from(campaigns).where(eq(campaigns.status, "sending")).orderBy(asc(campaigns.createdAt)).limit(100);
}

// ---------------------------------------------------------------- opt-outs

/**
 * Records an opt-out (idempotent: returns whether it is new; only a new one is audited). From the profile
 * (manual) the customer must be in the viewer's scope. `detail` goes into the audit entry.
 */
export async function recordOptOut(db: Db, customerId: string, channel: Channel, source: "manual" | "link" | "provider", viewer?: Viewer, ip?: string, detail?: Record<string, string>) {
  return db.transaction(async (tx) => {
    if (viewer) {
      if (!can(viewer, "customer:edit")) throw forbidden();
      const [c] = await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.id, customerId), scopeWhere(viewer, customers), isNull(customers.deletedAt)));
      if (!c) throw notFound();
    }
    const rows = await tx.insert(optOuts).values({ customerId, channel, source }).onConflictDoNothing().returning();
    if (rows.length) await writeAudit(tx, viewer ?? null, { action: "create", entityType: "opt_out", entityId: customerId, after: { channel, source, ...detail }, ip });
    return rows.length > 0;
  });
}

/**
 * 回T退订 from the SMS provider's reply callback (no viewer: the callback's secret is the authority): every
 * live customer whose mobile sent it opts out of SMS, in opt_outs like the manual path, audited once.
 * A provider pushing the same reply again changes nothing. Returns how many customers have the mobile and
 * how many opt-outs are new.
 */
export async function recordSmsReplyOptOut(db: Db, mobile: string, provider: "aliyun" | "tencent", ip?: string) {
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.mobile, mobile), isNull(customers.deletedAt)))
    .limit(100);
  let added = 0;
  for (const c of rows) if (await recordOptOut(db, c.id, "sms", "provider", undefined, ip, { provider })) added++;
  return { customers: rows.length, added };
}

/** Withdraws an opt-out (the customer asked to receive messages again); from the profile, in scope. */
export async function removeOptOut(db: Db, viewer: Viewer, customerId: string, channel: Channel, ip?: string) {
  if (!can(viewer, "customer:edit")) throw forbidden();
  await db.transaction(async (tx) => {
    const [c] = await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.id, customerId), scopeWhere(viewer, customers), isNull(customers.deletedAt)));
    if (!c) throw notFound();
    const rows = await tx.delete(optOuts).where(and(eq(optOuts.customerId, customerId), eq(optOuts.channel, channel))).returning();
    if (rows.length) await writeAudit(tx, viewer, { action: "delete", entityType: "opt_out", entityId: customerId, before: { channel }, ip });
  });
}

export async function optOutsOf(db: Db, customerId: string) {
  return db.select({ channel: optOuts.channel, source: optOuts.source, createdAt: optOuts.createdAt }).from(optOuts).where(eq(optOuts.customerId, customerId));
}

// ---------------------------------------------------------------- automatic greetings

const greetingKey = (userId: string) => `greetings:${userId}`;

/** A sender's greeting settings (which template for birthdays and holidays, sent at once or approved first). */
export async function getGreetingSettings(db: Db, userId: string): Promise<GreetingSettings> {
  const [r] = await db.select().from(appSettings).where(eq(appSettings.key, greetingKey(userId)));
  return (r?.value as GreetingSettings | undefined) ?? NO_GREETINGS;
}

export async function saveGreetingSettings(db: Db, viewer: Viewer, s: GreetingSettings, ip?: string) {
  assertCanSend(viewer);
  for (const id of [s.birthday.templateId, s.holiday.templateId]) {
    if (!id) continue;
    const [t] = await db.select({ id: messageTemplates.id }).from(messageTemplates).where(and(eq(messageTemplates.id, id), isNull(messageTemplates.deletedAt), templatesVisible(viewer)));
    if (!t) throw notFound();
  }
  await db.transaction(async (tx) => {
    await tx.insert(appSettings).values({ key: greetingKey(viewer.id), value: s }).onConflictDoUpdate({ target: appSettings.key, set: { value: s } });
    await writeAudit(tx, viewer, { action: "update", entityType: "greeting_settings", entityId: viewer.id, after: s, ip });
  });
}

/** Everyone who has set up greetings (the daily job's senders). */
export async function greetingSenders(db: Db) {
  const rows = await db.select().from(appSettings).where(sql`${appSettings.key} like 'greetings:%'`).limit(10_000);
  return rows.map((r) => ({ userId: r.key.slice("greetings:".length), settings: r.value as GreetingSettings }));
}

/** The customers in the viewer's scope whose birthday (solar or lunar) is on `day`, with an address for the channel. */
export async function birthdayCustomerIds(db: Db, viewer: Viewer, channel: Channel, day: string) {
  const lc = lunarCandidates(day);
  const rows = await db
    .select({ id: customers.id, solarBirthday: customers.solarBirthday, lunarBirthMonth: customers.lunarBirthMonth, lunarBirthDay: customers.lunarBirthDay, lunarBirthLeap: customers.lunarBirthLeap })
    .from(customers)
    .where(
      and(
        scopeWhere(viewer, customers),
        isNull(customers.deletedAt),
        hasAddress(channel),
        or(
          sql`to_char(${customers.solarBirthday}, 'MM-DD') = ${day.slice(5)}`,
          day.slice(5) === "02-28" ? sql`to_char(${customers.solarBirthday}, 'MM-DD') = '02-29'` : undefined,
          and(eq(customers.lunarBirthMonth, lc.month), inArray(customers.lunarBirthDay, lc.days)),
        ),
      ),
    )
    .limit(5000);
  return rows.filter((c) => birthdayOn(c, day)).map((c) => c.id);
}

/** 待确认: greetings queued for the sender's approval (campaigns paused), newest first. */
export async function pendingApprovals(db: Db, viewer: Viewer) {
  assertCanSend(viewer);
  return db
    .select({ id: campaigns.id, name: campaigns.name, channel: campaigns.channel, total: campaigns.total, createdAt: campaigns.createdAt })
    .from(campaigns)
    .where(and(eq(campaigns.ownerId, viewer.id), eq(campaigns.status, "paused")))
    .orderBy(desc(campaigns.createdAt))
    .limit(20);
}

/** The sender approves (send) or discards (cancel) a paused greeting. */
export async function decideApproval(db: Db, viewer: Viewer, id: string, send: boolean, ip?: string) {
  assertCanSend(viewer);
  return db.transaction(async (tx) => {
    const [c] = await tx
      .update(campaigns)
      .set(send ? { status: "sending" } : { status: "cancelled", finishedAt: new Date() })
      .where(and(eq(campaigns.id, id), eq(campaigns.ownerId, viewer.id), eq(campaigns.status, "paused")))
      .returning();
    if (!c) throw notFound();
    if (!send) await tx.update(messageSends).set({ status: "skipped", error: CANCELLED_ERROR }).where(and(eq(messageSends.campaignId, id), eq(messageSends.status, "queued")));
    await writeAudit(tx, viewer, { action: "update", entityType: "campaign", entityId: id, after: { status: c.status }, ip });
    return c;
  });
}

/** Puts a just-created campaign on hold for its sender's approval. */
export async function holdForApproval(db: Db, id: string) {
  await db.update(campaigns).set({ status: "paused" }).where(eq(campaigns.id, id));
}

export async function templateById(db: Db, id: string) {
  const [t] = await db.select().from(messageTemplates).where(and(eq(messageTemplates.id, id), isNull(messageTemplates.deletedAt)));
  return t ?? null;
}
