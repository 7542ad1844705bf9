import { boolean, date, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
  (t) => [index("plans_owner_idx").on(t.ownerId, t.startDate), index("plans_unit_idx").on(t.orgUnitId, t.startDate)],
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
  (t) => [index("work_summaries_owner_idx").on(t.ownerId, t.periodStart)],
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
