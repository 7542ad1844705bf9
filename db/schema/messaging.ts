import { date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { editable, id } from "./common";
import { customers } from "./customers";
import { orgUnits, users } from "./org";

export const messageChannel = pgEnum("message_channel", ["sms", "email"]);
/**
 * queued → sending (claimed, committed before the transport is called) → sent | failed | skipped.
 * A row still 'sending' when its process died is never sent again by itself (at most once): it becomes
 * failed with UNCERTAIN_ERROR and only a person's 重试 sends it again.
 */
export const sendStatus = pgEnum("send_status", ["queued", "sent", "failed", "skipped", "sending"]);
export const campaignStatus = pgEnum("campaign_status", ["sending", "paused", "done", "cancelled"]);

/** 短信/邮件个性群发 templates with merge fields ({姓名}, {称呼}, {公司}, {生日} …). */
export const messageTemplates = pgTable("message_templates", {
  id: id(),
  channel: messageChannel("channel").notNull(),
  name: text("name").notNull(),
  subject: text("subject"),
  body: text("body").notNull(),
  ownerId: uuid("owner_id").references(() => users.id),
  orgUnitId: uuid("org_unit_id").references(() => orgUnits.id),
  ...editable(),
});

/**
 * 群发: one send of one template to an audience fixed when it starts (its message_sends rows, one per
 * recipient, each already personalised). Progress is counted from those rows.
 */
export const campaigns = pgTable(
  "campaigns",
  {
    id: id(),
    channel: messageChannel("channel").notNull(),
    name: text("name").notNull(),
    templateId: uuid("template_id").references(() => messageTemplates.id),
    subject: text("subject"),
    body: text("body").notNull(),
    /** How the audience was chosen: the customer list's filters or the hand-picked ids (for the record). */
    audience: jsonb("audience").notNull(),
    total: integer("total").notNull().default(0),
    status: campaignStatus("status").notNull().default("sending"),
    /** Which transport sent it (smtp, file, aliyun, tencent). */
    transport: text("transport").notNull(),
    ownerId: uuid("owner_id").references(() => users.id),
    orgUnitId: uuid("org_unit_id").references(() => orgUnits.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("campaigns_owner_idx").on(t.ownerId, t.createdAt), index("campaigns_unit_idx").on(t.orgUnitId, t.createdAt), index("campaigns_status_idx").on(t.status)],
);

/** One message to one customer; idempotency_key makes a retried batch send nothing twice. */
export const messageSends = pgTable(
  "message_sends",
  {
    id: id(),
    templateId: uuid("template_id").references(() => messageTemplates.id),
    channel: messageChannel("channel").notNull(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    toAddress: text("to_address").notNull(),
    subject: text("subject"),
    body: text("body").notNull(),
    status: sendStatus("status").notNull().default("queued"),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    error: text("error"),
    idempotencyKey: text("idempotency_key").notNull(),
    campaignId: uuid("campaign_id").references((): AnyPgColumn => campaigns.id),
    attempts: integer("attempts").notNull().default(0),
    /** The provider's id of the message (SMTP Message-ID, SMS BizId / SerialNo). */
    providerId: text("provider_id"),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    ownerId: uuid("owner_id").references(() => users.id),
    orgUnitId: uuid("org_unit_id").references(() => orgUnits.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("message_sends_idempotency_idx").on(t.idempotencyKey),
    index("message_sends_customer_idx").on(t.customerId),
    // the sender's claim (status = 'queued' order by id) and the delivery log (by campaign, keyset on id)
    index("message_sends_campaign_status_idx").on(t.campaignId, t.status, t.id),
    index("message_sends_campaign_idx").on(t.campaignId, t.id),
  ],
);

export const optOuts = pgTable(
  "opt_outs",
  {
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    channel: messageChannel("channel").notNull(),
    /** How it was recorded: manual (回T退订 entered on the profile), link (the e-mail's unsubscribe page), provider. */
    source: text("source").notNull().default("manual"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.channel] })],
);

/**
 * The in-app scheduler's lock (lib/jobs/scheduler.ts): one row per job and company day, inserted before the
 * job runs. The unique key makes a second app server's insert find the row and skip the job.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    job: text("job").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    result: jsonb("result"),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.job, t.day] })],
);
