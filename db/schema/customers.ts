import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
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
    valueGrade: text("value_grade"),
    valueGradeOverride: text("value_grade_override"),
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
    ...editable(),
  },
  (t) => [
    // serves a rep's list: WHERE owner_id = $1 AND deleted_at IS NULL ORDER BY updated_at DESC, id DESC
    index("customers_owner_updated_idx").on(t.ownerId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    // serves unit / unit-tree lists: WHERE org_unit_id = ANY($1) ORDER BY updated_at DESC
    index("customers_unit_updated_idx").on(t.orgUnitId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`deleted_at is null`),
    // serves the GM's list (scope all) ORDER BY updated_at DESC, id DESC
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
    index("customers_next_touch_idx").on(t.nextTouchOn).where(sql`deleted_at is null`),
    index("customers_follow_up_idx").on(t.followUpOn).where(sql`deleted_at is null and follow_up_on is not null`),
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
