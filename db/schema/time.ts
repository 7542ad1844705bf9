import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { REMINDER_KINDS } from "../../lib/reminders/kinds";
import { TODO_QUADRANTS } from "../../lib/todos";
import { editable, id } from "./common";
import { customers } from "./customers";
import { orgUnits, users } from "./org";

export const planPeriod = pgEnum("plan_period", ["day", "week", "month", "quarter", "year"]);
export const reviewStatus = pgEnum("review_status", ["draft", "submitted", "approved", "returned"]);
export const todoQuadrant = pgEnum("todo_quadrant", TODO_QUADRANTS);
export const reminderKind = pgEnum("reminder_kind", REMINDER_KINDS);

/** 计划安排. */
export const plans = pgTable(
  "plans",
  {
    id: id(),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    orgUnitId: uuid("org_unit_id").notNull().references(() => orgUnits.id),
    subject: text("subject").notNull(),
    period: planPeriod("period").notNull(),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    important: boolean("important").notNull().default(false),
    urgent: boolean("urgent").notNull().default(false),
    category: text("category"),
    content: text("content"),
    completedOn: date("completed_on", { mode: "string" }),
    completion: text("completion"),
    reviewStatus: reviewStatus("review_status").notNull().default("draft"),
    ...editable(),
  },
  (t) => [
    index("plans_owner_idx").on(t.ownerId, t.startDate),
    index("plans_unit_idx").on(t.orgUnitId, t.startDate),
    // serve the team feed (db/queries/team.ts), keyset on (created_at, id) — company, rep, unit
    index("plans_created_idx").on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    index("plans_owner_created_idx").on(t.ownerId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    index("plans_unit_created_idx").on(t.orgUnitId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
  ],
);

/** 工作总结 per period. */
export const workSummaries = pgTable(
  "work_summaries",
  {
    id: id(),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    orgUnitId: uuid("org_unit_id").notNull().references(() => orgUnits.id),
    period: planPeriod("period").notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    content: text("content").notNull(),
    reviewStatus: reviewStatus("review_status").notNull().default("draft"),
    ...editable(),
  },
  (t) => [
    index("work_summaries_owner_idx").on(t.ownerId, t.periodStart),
    // serve the team feed (db/queries/team.ts), keyset on (created_at, id) — company, rep, unit
    index("work_summaries_created_idx").on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    index("work_summaries_owner_created_idx").on(t.ownerId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    index("work_summaries_unit_created_idx").on(t.orgUnitId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
  ],
);

/** 审核: a manager's comment / approval / send-back on a plan, work summary or deal summary. */
export const reviews = pgTable(
  "reviews",
  {
    id: id(),
    targetType: text("target_type").notNull(),
    targetId: uuid("target_id").notNull(),
    reviewerId: uuid("reviewer_id").notNull().references(() => users.id),
    action: text("action").notNull(),
    comment: text("comment"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("reviews_target_idx").on(t.targetType, t.targetId)],
);

/** 待办事宜 in the four quadrants. */
export const todos = pgTable(
  "todos",
  {
    id: id(),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    orgUnitId: uuid("org_unit_id").notNull().references(() => orgUnits.id),
    title: text("title").notNull(),
    notes: text("notes"),
    quadrant: todoQuadrant("quadrant").notNull(),
    dueOn: date("due_on", { mode: "string" }),
    doneAt: timestamp("done_at", { withTimezone: true }),
    customerId: uuid("customer_id").references(() => customers.id),
    ...editable(),
  },
  (t) => [index("todos_owner_idx").on(t.ownerId, t.dueOn)],
);

/** Stored reminders (snooze / done state); computed reminders are keyed by dedupe_key. */
export const reminders = pgTable(
  "reminders",
  {
    id: id(),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    kind: reminderKind("kind").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    title: text("title").notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    customerId: uuid("customer_id").references(() => customers.id),
    refType: text("ref_type"),
    refId: uuid("ref_id"),
    doneAt: timestamp("done_at", { withTimezone: true }),
    snoozedUntil: date("snoozed_until", { mode: "string" }),
    ...editable(),
  },
  (t) => [uniqueIndex("reminders_owner_dedupe_idx").on(t.ownerId, t.dedupeKey), index("reminders_owner_due_idx").on(t.ownerId, t.dueOn)],
);

/**
 * The reminder inbox, materialised per person (db/queries/reminder-inbox.ts): exactly what the engine
 * (lib/reminders/engine.ts) computes from the person's own work for `reminder_owners.computed_for`, in
 * the engine's order (`position`), with the person's done / snooze state copied in. The badge is one
 * count on the primary key's prefix and the inbox one read of it.
 */
export const reminderItems = pgTable(
  "reminder_items",
  {
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    dedupeKey: text("dedupe_key").notNull(),
    position: integer("position").notNull(),
    kind: reminderKind("kind").notNull(),
    title: text("title").notNull(),
    detail: jsonb("detail").notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    customerId: uuid("customer_id"),
    customerName: text("customer_name"),
    refType: text("ref_type").notNull(),
    refId: uuid("ref_id").notNull(),
    href: text("href").notNull(),
    doneAt: timestamp("done_at", { withTimezone: true }),
    snoozedUntil: date("snoozed_until", { mode: "string" }),
  },
  (t) => [primaryKey({ name: "reminder_items_pkey", columns: [t.ownerId, t.dedupeKey] }), index("reminder_items_owner_position_idx").on(t.ownerId, t.position)],
);

/**
 * One row per person whose inbox is materialised: the day it was computed for, and two counters — the
 * triggers of migration 0011 bump `stale_seq` whenever a write changes the person's work; a refresh
 * records the `stale_seq` it saw as `fresh_seq`. Fresh = same day and fresh_seq = stale_seq. Also the
 * figures a manager's team digest shows for this person, computed with the inbox.
 */
export const reminderOwners = pgTable("reminder_owners", {
  ownerId: uuid("owner_id")
    .primaryKey()
    .references(() => users.id),
  computedFor: date("computed_for", { mode: "string" }),
  staleSeq: bigint("stale_seq", { mode: "number" }).notNull().default(1),
  freshSeq: bigint("fresh_seq", { mode: "number" }).notNull().default(0),
  /** Data problems the engine reported (a stored lunar birthday that does not exist…). */
  issues: jsonb("issues").notNull().default([]),
  /** Open follow-ups already past their day (within the inbox's overdue window). */
  overdueFollowUps: integer("overdue_follow_ups").notNull().default(0),
  /** Plans submitted for review (review_status = 'submitted'). */
  plansToReview: integer("plans_to_review").notNull().default(0),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }),
});

export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: id(),
    userId: uuid("user_id").notNull().references(() => users.id),
    endpoint: text("endpoint").notNull().unique(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("push_subscriptions_user_idx").on(t.userId)],
);
