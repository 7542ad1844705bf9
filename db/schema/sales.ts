import { sql } from "drizzle-orm";
import { boolean, customType, date, index, integer, numeric, pgEnum, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { editable, id } from "./common";
import { reviewStatus } from "./time";
import { customers } from "./customers";
import { orgUnits, users } from "./org";
import { COMMUNICATION_METHODS } from "../../lib/communications";

export const communicationMethod = pgEnum("communication_method", COMMUNICATION_METHODS);

/**
 * 交流记录. owner_id / org_unit_id mirror the customer's owner (kept in step by assignment) so that the
 * overview is scoped with the same index-friendly predicate as customers; author_id is who wrote it.
 */
export const communications = pgTable(
  "communications",
  {
    id: id(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    contactName: text("contact_name"),
    companyName: text("company_name"),
    method: communicationMethod("method").notNull(),
    topic: text("topic").notNull(),
    purpose: text("purpose"),
    interest: smallint("interest"),
    summary: text("summary"),
    needsInsight: text("needs_insight"),
    contactedAt: timestamp("contacted_at", { withTimezone: true }).notNull(),
    nextFollowUp: date("next_follow_up", { mode: "string" }),
    authorId: uuid("author_id").references(() => users.id),
    ownerId: uuid("owner_id").references(() => users.id),
    orgUnitId: uuid("org_unit_id").references(() => orgUnits.id),
    ...editable(),
  },
  (t) => [
    // a customer's timeline
    index("communications_customer_idx").on(t.customerId, t.contactedAt.desc().nullsFirst()),
    // overview per scope, newest first; also the team feed's communications (db/queries/team.ts)
    index("communications_owner_idx").on(t.ownerId, t.contactedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    index("communications_owner_sync_idx").on(t.ownerId, t.updatedAt, t.id),
    index("communications_unit_idx").on(t.orgUnitId, t.contactedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    index("communications_contacted_idx").on(t.contactedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    // serves the reminder inbox: follow-ups due in a window (next_follow_up BETWEEN $1 AND $2)
    index("communications_follow_up_idx").on(t.nextFollowUp).where(sql`deleted_at is null and next_follow_up is not null`),
  ],
);

export const products = pgTable("products", {
  id: id(),
  name: text("name").notNull(),
  category: text("category"),
  price: numeric("price", { precision: 14, scale: 2, mode: "string" }),
  unit: text("unit"),
  description: text("description"),
  archivedAt: timestamp("archived_at", { withTimezone: true }),
  ...editable(),
});

/** FAB 产品陈述: 属性 → 作用 → 益处, written per customer type. */
export const fabEntries = pgTable(
  "fab_entries",
  {
    id: id(),
    productId: uuid("product_id").notNull().references(() => products.id),
    customerType: text("customer_type").notNull(),
    feature: text("feature").notNull(),
    advantage: text("advantage").notNull(),
    benefit: text("benefit").notNull(),
    sort: integer("sort").notNull().default(0),
    authorId: uuid("author_id").references(() => users.id),
    ...editable(),
  },
  (t) => [index("fab_entries_product_idx").on(t.productId)],
);

/** 产品优势分析: the product against a competitor on one dimension, scored 1–10. */
export const advantageScores = pgTable(
  "advantage_scores",
  {
    id: id(),
    productId: uuid("product_id").notNull().references(() => products.id),
    competitor: text("competitor").notNull(),
    dimension: text("dimension").notNull(),
    ownScore: smallint("own_score").notNull(),
    competitorScore: smallint("competitor_score").notNull(),
    weight: smallint("weight").notNull().default(1),
    note: text("note"),
    authorId: uuid("author_id").references(() => users.id),
    ...editable(),
  },
  (t) => [index("advantage_scores_product_idx").on(t.productId)],
);

/** 流程管理: a process per product or project with ordered stages. */
export const processes = pgTable("processes", {
  id: id(),
  name: text("name").notNull(),
  productId: uuid("product_id").references(() => products.id),
  description: text("description"),
  isDefault: boolean("is_default").notNull().default(false),
  ...editable(),
});

export const processStages = pgTable(
  "process_stages",
  {
    id: id(),
    processId: uuid("process_id").notNull().references(() => processes.id),
    name: text("name").notNull(),
    sort: integer("sort").notNull(),
    probability: smallint("probability").notNull(),
    ...editable(),
  },
  (t) => [index("process_stages_process_idx").on(t.processId, t.sort)],
);

export const dealStatus = pgEnum("deal_status", ["open", "won", "lost"]);

/** 交易信息: forecast (收入预测), revenue (收入信息) and summary (交易总结) in one row per deal. */
export const deals = pgTable(
  "deals",
  {
    id: id(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    productId: uuid("product_id").references(() => products.id),
    processId: uuid("process_id").notNull().references(() => processes.id),
    stageId: uuid("stage_id").notNull().references(() => processStages.id),
    title: text("title").notNull(),
    status: dealStatus("status").notNull().default("open"),
    expectedAmount: numeric("expected_amount", { precision: 14, scale: 2, mode: "string" }),
    expectedDate: date("expected_date", { mode: "string" }),
    probability: smallint("probability"),
    amount: numeric("amount", { precision: 14, scale: 2, mode: "string" }),
    closedOn: date("closed_on", { mode: "string" }),
    discount: text("discount"),
    introducerId: uuid("introducer_id").references(() => customers.id),
    introducerText: text("introducer_text"),
    paymentMethod: text("payment_method"),
    contractNo: text("contract_no"),
    contractFile: text("contract_file"),
    relatedIntroducers: text("related_introducers"),
    successReasons: text("success_reasons"),
    failureReasons: text("failure_reasons"),
    lessonsLearned: text("lessons_learned"),
    /** 交易总结审核: null while open; 'submitted' when closed; a manager approves or returns it (reviews rows). */
    summaryReviewStatus: reviewStatus("summary_review_status"),
    stageEnteredAt: timestamp("stage_entered_at", { withTimezone: true }).notNull().defaultNow(),
    ownerId: uuid("owner_id").references(() => users.id),
    orgUnitId: uuid("org_unit_id").references(() => orgUnits.id),
    ...editable(),
  },
  (t) => [
    index("deals_customer_idx").on(t.customerId),
    index("deals_owner_idx").on(t.ownerId, t.updatedAt.desc().nullsFirst()).where(sql`deleted_at is null`),
    index("deals_owner_sync_idx").on(t.ownerId, t.updatedAt, t.id),
    index("deals_unit_idx").on(t.orgUnitId, t.updatedAt.desc().nullsFirst()).where(sql`deleted_at is null`),
    // the GM's deal list (no owner/unit predicate): newest first without sorting 200,000 deals
    index("deals_updated_idx").on(t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    // serve the team feed's new deals (db/queries/team.ts), keyset on (created_at, id) — company, rep, unit
    index("deals_created_idx").on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    index("deals_owner_created_idx").on(t.ownerId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    index("deals_unit_created_idx").on(t.orgUnitId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    index("deals_stage_idx").on(t.stageId).where(sql`deleted_at is null`),
    index("deals_status_closed_idx").on(t.status, t.closedOn),
    // serves the value grading (a customer's won revenue in the window) and the Pareto / source revenue per customer
    index("deals_customer_won_idx").on(t.customerId, t.closedOn).where(sql`deleted_at is null and status = 'won'`),
    // serve the period's won revenue per customer of a scope (Pareto, sources, grade trend) — rep, unit, company —
    // as index-only scans: customer and amount ride along (GM, 12 months of 200k deals: 113 ms with a heap
    // visit per deal)
    index("deals_won_owner_closed_idx").on(t.ownerId, t.closedOn, t.customerId, t.amount).where(sql`deleted_at is null and status = 'won'`),
    index("deals_won_unit_closed_idx").on(t.orgUnitId, t.closedOn, t.customerId, t.amount).where(sql`deleted_at is null and status = 'won'`),
    index("deals_won_closed_idx").on(t.closedOn, t.customerId, t.amount).where(sql`deleted_at is null and status = 'won'`),
    // serves the reminder inbox: open deals expected in a window
    index("deals_open_expected_idx").on(t.expectedDate).where(sql`deleted_at is null and status = 'open'`),
    // the kanban's columns (db/queries/pipeline.ts getPipelineDeals): a stage's open deals, soonest expected date
    // first, keyset on (coalesce(expected_date, infinity), id) — for the GM and subtree managers, a rep or an
    // owner filter, and a one-unit scope
    index("deals_open_stage_idx").on(t.stageId, sql`coalesce(${t.expectedDate}, 'infinity'::date)`, t.id).where(sql`deleted_at is null and status = 'open'`),
    index("deals_open_owner_stage_idx").on(t.ownerId, t.stageId, sql`coalesce(${t.expectedDate}, 'infinity'::date)`, t.id).where(sql`deleted_at is null and status = 'open'`),
    index("deals_open_unit_stage_idx").on(t.orgUnitId, t.stageId, sql`coalesce(${t.expectedDate}, 'infinity'::date)`, t.id).where(sql`deleted_at is null and status = 'open'`),
  ],
);

export const dealStageHistory = pgTable(
  "deal_stage_history",
  {
    id: id(),
    dealId: uuid("deal_id").notNull().references(() => deals.id),
    fromStageId: uuid("from_stage_id").references(() => processStages.id),
    toStageId: uuid("to_stage_id").notNull().references(() => processStages.id),
    movedAt: timestamp("moved_at", { withTimezone: true }).notNull().defaultNow(),
    movedBy: uuid("moved_by").references(() => users.id),
  },
  (t) => [
    index("deal_stage_history_deal_idx").on(t.dealId, t.movedAt),
    // serves the team feed's stage moves, newest first, keyset on (moved_at, id)
    index("deal_stage_history_moved_idx").on(t.movedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);

export type Communication = typeof communications.$inferSelect;
export type Deal = typeof deals.$inferSelect;
export type Product = typeof products.$inferSelect;

const funnelMeasures = () => ({
  processId: uuid("process_id").notNull(),
  stageId: uuid("stage_id").notNull(),
  orgUnitId: uuid("org_unit_id"),
  ownerId: uuid("owner_id"),
  productId: uuid("product_id"),
  createdMonth: date("created_month", { mode: "string" }).notNull(),
  /** deals whose furthest stage (highest sort reached) is this one */
  furthest: integer("furthest").notNull().default(0),
  /** finished stays in this stage and their total length in seconds */
  staysClosed: integer("stays_closed").notNull().default(0),
  secondsClosed: numeric("seconds_closed").notNull().default("0"),
  /** stays still running (open deals sitting here) and the sum of their start times (epoch seconds) */
  staysOpen: integer("stays_open").notNull().default(0),
  openSince: numeric("open_since").notNull().default("0"),
  /** open deals now in this stage and their expected amount */
  openCount: integer("open_count").notNull().default(0),
  openAmount: numeric("open_amount", { precision: 18, scale: 2, mode: "string" }).notNull().default("0"),
});

/**
 * 销售漏斗 rollup: the funnel's figures summed per (process, stage, unit, owner, product, month the deal
 * was created), so a GM's funnel over 200,000 deals reads a few thousand rows instead of a million stage
 * moves. deal_funnel_facts holds each deal's own contribution; statement triggers on deals and
 * deal_stage_history (migration 0006) take a changed deal's old facts out of the rollup and put its
 * recomputed facts in (zhike_funnel_refresh), so the rollup is always the exact sum. Open stays are kept
 * as a count and the sum of their start times, so time in stage is read as of the query's now().
 */
export const dealFunnelFacts = pgTable("deal_funnel_facts", { dealId: uuid("deal_id").notNull(), ...funnelMeasures() }, (t) => [
  primaryKey({ columns: [t.dealId, t.stageId] }),
]);

export const dealFunnelRollup = pgTable(
  "deal_funnel_rollup",
  {
    /** 0: per owner (a rep's funnel, an owner filter); 1: per unit, owner_id null (managers' and the GM's funnels) */
    grain: smallint("grain").notNull().default(0),
    ...funnelMeasures(),
  },
  (t) => [
  unique("deal_funnel_rollup_key").on(t.grain, t.processId, t.stageId, t.orgUnitId, t.ownerId, t.productId, t.createdMonth).nullsNotDistinct(),
  index("deal_funnel_rollup_unit_idx").on(t.orgUnitId),
  index("deal_funnel_rollup_owner_idx").on(t.ownerId),
  // the kanban's column totals (db/queries/pipeline.ts getPipelineTotals): the keys holding open deals of a
  // process, read index-only — the GM's board sums ~25k of them in ~10 ms instead of scanning the whole rollup
  index("deal_funnel_rollup_open_idx")
    .on(t.processId, t.grain, t.ownerId, t.orgUnitId, t.stageId, t.productId, t.openCount, t.openAmount)
    .where(sql`open_count <> 0`),
  ],
);

/**
 * 自动统计 rollup: the deal statistics (open/won/lost counts, forecast, weighted forecast, actual revenue)
 * summed per (unit, owner, product, process, month created, month of close or expected date), at four
 * grains: 0 per owner and close/expected month, 1 per owner, 2 per unit and month (owner_id null), 3 per
 * unit (both null). A rep's figures and the per-rep breakdown read the owner grains; managers and the GM
 * the unit grains, a few times fewer rows. A statement trigger on deals (migration 0008) adds
 * each written row's new contribution and takes its old one out, so the sums are always exact.
 * `weighted` is kept unrounded and rounded to cents when read, as the live query does.
 */
export const dealStatsRollup = pgTable(
  "deal_stats_rollup",
  {
    grain: smallint("grain").notNull(),
    orgUnitId: uuid("org_unit_id"),
    ownerId: uuid("owner_id"),
    productId: uuid("product_id"),
    processId: uuid("process_id").notNull(),
    createdMonth: date("created_month", { mode: "string" }).notNull(),
    bucketMonth: date("bucket_month", { mode: "string" }),
    open: integer("open").notNull().default(0),
    won: integer("won").notNull().default(0),
    lost: integer("lost").notNull().default(0),
    forecast: numeric("forecast", { mode: "string" }).notNull().default("0"),
    weighted: numeric("weighted", { mode: "string" }).notNull().default("0"),
    actual: numeric("actual", { mode: "string" }).notNull().default("0"),
  },
  (t) => [
    unique("deal_stats_rollup_key").on(t.grain, t.orgUnitId, t.ownerId, t.productId, t.processId, t.createdMonth, t.bucketMonth).nullsNotDistinct(),
    index("deal_stats_rollup_unit_idx").on(t.grain, t.orgUnitId),
    index("deal_stats_rollup_owner_idx").on(t.grain, t.ownerId),
    /** keys whose deals all left them: the trigger finds and removes them through this (normally empty) index */
    index("deal_stats_rollup_zero_idx").on(t.grain).where(sql`open = 0 and won = 0 and lost = 0`),
  ],
);

/** Raw bytes: PostgreSQL bytea as a Node Buffer / Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * 合同文件: files kept with a deal (the signed contract, its scans), in the database itself so the embedded and
 * the server database work alike and a backup holds everything. Read only through the deal's scope.
 */
export const dealFiles = pgTable(
  "deal_files",
  {
    id: id(),
    dealId: uuid("deal_id")
      .notNull()
      .references(() => deals.id),
    name: text("name").notNull(),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    data: bytea("data").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid("created_by").references(() => users.id),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("deal_files_deal_idx").on(t.dealId).where(sql`deleted_at is null`)],
);
export type DealFile = typeof dealFiles.$inferSelect;
