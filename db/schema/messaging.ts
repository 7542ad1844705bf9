import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { editable, id } from "./common";
import { customers } from "./customers";
import { orgUnits, users } from "./org";

export const messageChannel = pgEnum("message_channel", ["sms", "email"]);
export const sendStatus = pgEnum("send_status", ["queued", "sent", "failed", "skipped"]);

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
    ownerId: uuid("owner_id").references(() => users.id),
    orgUnitId: uuid("org_unit_id").references(() => orgUnits.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("message_sends_idempotency_idx").on(t.idempotencyKey), index("message_sends_customer_idx").on(t.customerId)],
);

export const optOuts = pgTable(
  "opt_outs",
  {
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    channel: messageChannel("channel").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.channel] })],
);
