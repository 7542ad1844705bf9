import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { CUSTOMER_STAGES } from "../../lib/stages";
import { editable, id } from "./common";
import { dictionaryItems } from "./dictionaries";
import { orgUnits, users } from "./org";

export const customerKind = pgEnum("customer_kind", ["individual", "company"]);
/** 客户五级分类: 潜在 → 目标 → 准 → 成交 → 忠诚. */
export const customerStage = pgEnum("customer_stage", CUSTOMER_STAGES);
export const gender = pgEnum("gender", ["male", "female", "unknown"]);
export const maritalStatus = pgEnum("marital_status", ["single", "married", "divorced", "widowed", "unknown"]);

export const customers = pgTable(
  "customers",
  {
    id: id(),
    kind: customerKind("kind").notNull().default("individual"),
    // 名片信息
    name: text("name").notNull(),
    /** Full pinyin of the name, lower-case: the sort key for 按姓名排序 (code-point order is meaningless for 汉字). */
    namePinyin: text("name_pinyin").notNull().default(""),
    companyId: uuid("company_id").references((): AnyPgColumn => customers.id),
    companyName: text("company_name"),
    title: text("title"),
    mobile: text("mobile"),
    email: text("email"),
    qq: text("qq"),
    wechat: text("wechat"),
    landline: text("landline"),
    gender: gender("gender").notNull().default("unknown"),
    /** A custom form of address (王总, 李老师) for {称呼} in marketing messages; else surname + 先生/女士. */
    salutation: text("salutation"),
    address: text("address"),
    website: text("website"),
    cardPhotoUrl: text("card_photo_url"),
    // 单位客户
    companySize: text("company_size"),
    // 认识信息
    introducerId: uuid("introducer_id").references((): AnyPgColumn => customers.id),
    introducerText: text("introducer_text"),
    sourceId: uuid("source_id").references(() => dictionaryItems.id),
    firstImpression: text("first_impression"),
    metOn: date("met_on", { mode: "string" }),
    // 重要日期
    solarBirthday: date("solar_birthday", { mode: "string" }),
    lunarBirthYear: smallint("lunar_birth_year"),
    lunarBirthMonth: smallint("lunar_birth_month"),
    lunarBirthDay: smallint("lunar_birth_day"),
    lunarBirthLeap: boolean("lunar_birth_leap").notNull().default(false),
    weddingAnniversary: date("wedding_anniversary", { mode: "string" }),
    importantDateNotes: text("important_date_notes"),
    // 相关信息
    nativePlace: text("native_place"),
    maritalStatus: maritalStatus("marital_status").notNull().default("unknown"),
    homeAddress: text("home_address"),
    /** AES-256-GCM ciphertext of the ID-card number (lib/crypto.ts); never selected into views. */
    idCardCipher: text("id_card_cipher"),
    /** Keyed HMAC of the number, for duplicate checks without decrypting. */
    idCardHash: text("id_card_hash"),
    /** Masked form shown everywhere, e.g. 4403**********1234. */
    idCardMasked: text("id_card_masked"),
    // 客户分类
    industryId: uuid("industry_id").references(() => dictionaryItems.id),
    regionId: uuid("region_id").references(() => dictionaryItems.id),
    cityId: uuid("city_id").references(() => dictionaryItems.id),
    stage: customerStage("stage").notNull().default("potential"),
    otherCategory: text("other_category"),
    // 客户分级
    /** The computed grade (migration 0014's trigger on deals and the daily regrade); never set by hand. */
    valueGrade: text("value_grade"),
    /** A manual grade (手动调整): wins over the computed one wherever a grade is shown or counted. */
    valueGradeOverride: text("value_grade_override"),
    /** Won revenue in the grade window at the last grading: the basis of value_grade and of the grade statistics. */
    valueRevenue: numeric("value_revenue", { precision: 14, scale: 2, mode: "string" }).notNull().default("0"),
    /** When value_revenue or value_grade last changed. */
    valueGradedAt: timestamp("value_graded_at", { withTimezone: true }),
    /** Close date of the customer's first live won deal (认识到首单), kept with the grade by migration 0014. */
    firstWonOn: date("first_won_on", { mode: "string" }),
    creditGrade: text("credit_grade"),
    otherGrade: text("other_grade"),
    // 个性描述
    personality: text("personality"),
    // ownership
    ownerId: uuid("owner_id").references(() => users.id),
    orgUnitId: uuid("org_unit_id").references(() => orgUnits.id),
    lastContactAt: timestamp("last_contact_at", { withTimezone: true }),
    /**
     * Live communications of this customer. With last_contact_at it is kept by the trigger of migration
     * 0003 (communications insert / soft delete / move), so the reminder inbox reads the forgetting
     * curve's touches without aggregating every communication in scope.
     */
    contactCount: integer("contact_count").notNull().default(0),
    /**
     * When the forgetting curve (渐忘曲线) next asks for a touch: lib/reminders/forgetting.ts's rule, kept by
     * the trigger of migration 0005 from met_on / created_at / contact_count / last_contact_at and the
     * admin's intervals, so the inbox and the "about to forget you" list read an index instead of
     * evaluating the curve for every customer in scope.
     */
    nextTouchOn: date("next_touch_on", { mode: "string" }),
    /**
     * The open follow-up (下次跟进): the next_follow_up of this customer's latest communication and that
     * communication's id, kept by the communications trigger (migrations 0003/0005). An earlier
     * communication's follow-up is settled by the later contact, so only the latest one can be open.
     */
    followUpOn: date("follow_up_on", { mode: "string" }),
    followUpId: uuid("follow_up_id"),
    /** Quick-search tokens (lib/search-tokens.ts): CJK uni/bigrams, pinyin, initials, latin words, phone digits. */
    searchTokens: text("search_tokens").array().notNull().default(sql`'{}'::text[]`),
    /**
     * For a customer created by an import: a hash of the row's normalised content (lib/import/row.ts), so
     * re-running the same file with "skip" finds it even when the row has no mobile, e-mail or company.
     */
    importKey: text("import_key"),
    /** 公海: when the customer fell into its unit's pool (owner_id is then null); null while someone owns it. */
    pooledAt: timestamp("pooled_at", { withTimezone: true }),
    /** When a rep last claimed it from the pool: the "claimed but untouched for K days" pool rule reads it. */
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    ...editable(),
  },
  (t) => [
    // serves a rep's list: WHERE owner_id = $1 AND deleted_at IS NULL ORDER BY updated_at DESC, id DESC
    index("customers_owner_updated_idx").on(t.ownerId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    // serves unit / unit-tree lists: WHERE org_unit_id = ANY($1) ORDER BY updated_at DESC
    index("customers_unit_updated_idx").on(t.orgUnitId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    // serves the GM's list (scope all) ORDER BY updated_at DESC, id DESC
    // the phone's delta pull (db/queries/sync.ts): one owner's rows by (updated_at, id), deleted ones too
    index("customers_owner_sync_idx").on(t.ownerId, t.updatedAt, t.id),
    index("customers_updated_idx").on(t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    // serve the GM's other sort orders (name, created)
    index("customers_name_pinyin_idx").on(t.namePinyin, t.id).where(sql`deleted_at is null`),
    index("customers_created_idx").on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    // serves 按最近联系排序: ORDER BY coalesce(last_contact_at, '-infinity') DESC|ASC, id (never contacted = longest ago)
    index("customers_contact_idx").on(sql`coalesce(${t.lastContactAt}, '-infinity'::timestamptz) desc`, t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    // serves quick search: search_tokens @> ARRAY[...]
    index("customers_search_tokens_idx").using("gin", t.searchTokens),
    // serve the duplicate check (查重) on mobile / e-mail / company / ID card
    index("customers_mobile_idx").on(t.mobile).where(sql`deleted_at is null`),
    index("customers_email_idx").on(sql`lower(${t.email})`).where(sql`deleted_at is null`),
    index("customers_company_name_idx").on(t.companyName).where(sql`deleted_at is null`),
    index("customers_name_idx").on(t.name).where(sql`deleted_at is null`),
    // serves the import's duplicate check by row content (re-running the same file)
    index("customers_import_key_idx").on(t.importKey).where(sql`deleted_at is null and import_key is not null`),
    index("customers_id_card_hash_idx").on(t.idCardHash).where(sql`deleted_at is null`),
    // company contacts, introducer chains
    index("customers_company_id_idx").on(t.companyId),
    index("customers_introducer_idx").on(t.introducerId),
    // serve the reminder inbox's window lookups: birthday / anniversary month-day (MMDD), lunar birthday
    // (month*100+day), next forgetting-curve touch
    index("customers_birthday_md_idx")
      .on(sql`((extract(month from ${t.solarBirthday}))::int * 100 + (extract(day from ${t.solarBirthday}))::int)`)
      .where(sql`deleted_at is null and solar_birthday is not null`),
    index("customers_anniversary_md_idx")
      .on(sql`((extract(month from ${t.weddingAnniversary}))::int * 100 + (extract(day from ${t.weddingAnniversary}))::int)`)
      .where(sql`deleted_at is null and wedding_anniversary is not null`),
    index("customers_lunar_md_idx").on(sql`(${t.lunarBirthMonth} * 100 + ${t.lunarBirthDay})`).where(sql`deleted_at is null and lunar_birth_month is not null`),
    // serves the share basis (sum of the revenue ranked above one customer) and the Pareto over the grade
    // window as an index-only scan for any scope (GM, 20k customers with revenue: 129 ms with heap visits)
    index("customers_value_revenue_idx").on(t.valueRevenue.desc(), t.id, t.ownerId, t.orgUnitId).where(sql`deleted_at is null and value_revenue > 0`),
    index("customers_next_touch_idx").on(t.nextTouchOn).where(sql`deleted_at is null`),
    index("customers_follow_up_idx").on(t.followUpOn).where(sql`deleted_at is null and follow_up_on is not null`),
    // serve the team feed's new customers per rep and per unit (db/queries/team.ts), keyset on (created_at, id)
    index("customers_owner_created_idx").on(t.ownerId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    index("customers_unit_created_idx").on(t.orgUnitId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    // serves a unit's pool (公海) list, newest first
    index("customers_pool_idx").on(t.orgUnitId, t.pooledAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null and pooled_at is not null`),
    // the trash (deleted customers) of a scope
    index("customers_deleted_idx").on(t.deletedAt).where(sql`deleted_at is not null`),
  ],
);

/** 人脉圈 membership (many per customer). */
export const customerCircles = pgTable(
  "customer_circles",
  {
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    circleId: uuid("circle_id").notNull().references(() => dictionaryItems.id),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.circleId] }), index("customer_circles_circle_idx").on(t.circleId)],
);

/** Custom dated events beyond birthdays (e.g. 公司周年庆, 孩子高考). */
export const customerDates = pgTable(
  "customer_dates",
  {
    id: id(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    label: text("label").notNull(),
    date: date("date", { mode: "string" }).notNull(),
    recurring: boolean("recurring").notNull().default(true),
    notes: text("notes"),
    ...editable(),
  },
  (t) => [index("customer_dates_customer_idx").on(t.customerId)],
);

/** Every change of the five-level stage: from, to, when, by whom. */
export const customerStageHistory = pgTable(
  "customer_stage_history",
  {
    id: id(),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    fromStage: customerStage("from_stage"),
    toStage: customerStage("to_stage").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
    changedBy: uuid("changed_by").references(() => users.id),
    reason: text("reason"),
  },
  (t) => [
    index("customer_stage_history_customer_idx").on(t.customerId, t.changedAt.desc().nullsFirst()),
    index("customer_stage_history_changed_idx").on(t.changedAt),
  ],
);

export type Customer = typeof customers.$inferSelect;
export type NewCustomer = typeof customers.$inferInsert;
export type CustomerStage = (typeof customerStage.enumValues)[number];

/**
 * Live customers per (unit, owner, five-level stage): the rollup behind 客户五级分类 statistics, kept
 * exact by statement triggers on customers (migration 0007) so the GM's counts over 100,000 customers
 * read a few hundred rows.
 */
export const customerStageCounts = pgTable(
  "customer_stage_counts",
  {
    orgUnitId: uuid("org_unit_id"),
    ownerId: uuid("owner_id"),
    stage: customerStage("stage").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [unique("customer_stage_counts_key").on(t.orgUnitId, t.ownerId, t.stage).nullsNotDistinct()],
);

/**
 * 价值分级 and 认识来源 figures per (unit, owner, source, stage, effective grade), kept exact by migration
 * 0014's statement triggers on customers: how many live customers, how many graded by hand, their window
 * revenue (value_revenue), how many have bought, and the days from meeting to the first won deal. The grade
 * statistics and the source analysis read a few thousand rows instead of every customer in scope.
 */
export const customerValueRollup = pgTable(
  "customer_value_rollup",
  {
    orgUnitId: uuid("org_unit_id"),
    ownerId: uuid("owner_id"),
    sourceId: uuid("source_id"),
    stage: customerStage("stage").notNull(),
    grade: text("grade"),
    n: integer("n").notNull().default(0),
    manual: integer("manual").notNull().default(0),
    revenue: numeric("revenue").notNull().default("0"),
    buyers: integer("buyers").notNull().default(0),
    /** days from meeting (met_on, else created) to the first won deal, summed over the `timed` customers */
    days: numeric("days").notNull().default("0"),
    timed: integer("timed").notNull().default(0),
  },
  (t) => [
    unique("customer_value_rollup_key").on(t.orgUnitId, t.ownerId, t.sourceId, t.stage, t.grade).nullsNotDistinct(),
    index("customer_value_rollup_owner_idx").on(t.ownerId),
    index("customer_value_rollup_unit_idx").on(t.orgUnitId),
    // serves the triggers' removal of emptied keys
    index("customer_value_rollup_zero_idx").on(t.n).where(sql`n = 0`),
  ],
);

/**
 * Per (unit, owner, source, effective grade, month) of live customers: the won revenue closed that month
 * (kept by triggers on deals, and moved between keys by triggers on customers when a customer's grade,
 * source, owner or deletion changes) and the customers met that month. Serves the monthly trends of the
 * grade statistics and the source analysis.
 */
export const customerMonthRollup = pgTable(
  "customer_month_rollup",
  {
    orgUnitId: uuid("org_unit_id"),
    ownerId: uuid("owner_id"),
    sourceId: uuid("source_id"),
    grade: text("grade"),
    month: date("month", { mode: "string" }).notNull(),
    revenue: numeric("revenue").notNull().default("0"),
    met: integer("met").notNull().default(0),
  },
  (t) => [
    unique("customer_month_rollup_key").on(t.orgUnitId, t.ownerId, t.sourceId, t.grade, t.month).nullsNotDistinct(),
    index("customer_month_rollup_owner_idx").on(t.ownerId, t.month),
    index("customer_month_rollup_unit_idx").on(t.orgUnitId, t.month),
    index("customer_month_rollup_month_idx").on(t.month),
    // serves the triggers' removal of emptied keys
    index("customer_month_rollup_zero_idx").on(t.met).where(sql`met = 0 and revenue = 0`),
  ],
);
