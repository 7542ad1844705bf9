import { sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { editable, id } from "./common";
import { customers } from "./customers";
import { orgUnits, users } from "./org";

/**
 * Why a customer changed hands: assign (one, a selection, a list's matches), handover (a leaver's customers),
 * edit (the owner field of the customer form), pool (the daily pool rules), claim (a rep took it from the
 * pool), pool_assign (a manager gave it out of the pool).
 */
export const ownerChangeReason = pgEnum("owner_change_reason", ["assign", "handover", "edit", "pool", "claim", "pool_assign"]);

/** 负责人变更记录: every change of a customer's owner — who, when, by whom, why. A null owner is the pool (公海). */
export const customerOwnerHistory = pgTable(
  "customer_owner_history",
  {
    id: id(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    fromOwnerId: uuid("from_owner_id").references(() => users.id),
    toOwnerId: uuid("to_owner_id").references(() => users.id),
    fromUnitId: uuid("from_unit_id").references(() => orgUnits.id),
    toUnitId: uuid("to_unit_id").references(() => orgUnits.id),
    reason: ownerChangeReason("reason").notNull(),
    note: text("note"),
    /** null: the daily pool job */
    byUserId: uuid("by_user_id").references(() => users.id),
    jobId: uuid("job_id"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // serves the profile's owner history, newest first
    index("customer_owner_history_customer_idx").on(t.customerId, t.at.desc().nullsFirst()),
    // serves the per-rep daily claim limit: WHERE to_owner_id = $1 AND reason = 'claim' AND at >= $today
    index("customer_owner_history_claims_idx").on(t.toOwnerId, t.at).where(sql`reason = 'claim'`),
  ],
);

/**
 * 公海规则 per org unit (a unit's rule covers its subtree unless a deeper unit has its own): a customer falls
 * into its unit's pool when not contacted for N days, without a won deal for M days, or claimed from the pool
 * and not contacted for K days after; a rep may claim at most `claim_limit` a day. A null day count is off.
 */
export const poolRules = pgTable("pool_rules", {
  orgUnitId: uuid("org_unit_id")
    .primaryKey()
    .references(() => orgUnits.id),
  notContactedDays: integer("not_contacted_days"),
  noDealDays: integer("no_deal_days"),
  claimedUntouchedDays: integer("claimed_untouched_days"),
  claimLimit: integer("claim_limit").notNull().default(20),
  ...editable(),
});

/** A bulk assignment (客户分配) or a leaver's hand-over: worked through in batches, resumable (lib/jobs/assignments.ts). */
export const assignmentJobs = pgTable(
  "assignment_jobs",
  {
    id: id(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    reason: text("reason").notNull(),
    note: text("note"),
    /** queued | running | paused | done */
    status: text("status").notNull().default("running"),
    total: integer("total").notNull().default(0),
    processed: integer("processed").notNull().default(0),
    moved: integer("moved").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("assignment_jobs_creator_idx").on(t.createdBy, t.createdAt.desc().nullsFirst()),
    // serves the start-up resume of jobs left running
    index("assignment_jobs_running_idx").on(t.status).where(sql`status = 'running'`),
  ],
);

/** One customer of an assignment job: where it goes, and once done what happened (idempotent per item). */
export const assignmentJobItems = pgTable(
  "assignment_job_items",
  {
    jobId: uuid("job_id")
      .notNull()
      .references(() => assignmentJobs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    customerId: uuid("customer_id").notNull(),
    toOwnerId: uuid("to_owner_id").notNull(),
    /** moved | unchanged | failed; null = still to do */
    outcome: text("outcome"),
    reason: text("reason"),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.seq] }),
    // serves the next batch: WHERE job_id = $1 AND outcome IS NULL ORDER BY seq LIMIT n
    index("assignment_job_items_todo_idx").on(t.jobId, t.seq).where(sql`outcome is null`),
  ],
);

/** 消息通知: what someone should know — a manager's comment on their work, a customer given to or taken from them. */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** comment | assigned_in | assigned_out | pooled */
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body"),
    href: text("href"),
    actorId: uuid("actor_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    // a person's notifications, newest first
    index("notifications_user_idx").on(t.userId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // the unread count
    index("notifications_unread_idx").on(t.userId).where(sql`read_at is null`),
  ],
);

export type PoolRule = typeof poolRules.$inferSelect;
export type AssignmentJob = typeof assignmentJobs.$inferSelect;
