import { boolean, index, integer, jsonb, numeric, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { editable, id } from "./common";
import { users } from "./org";

export const dictionaryKind = pgEnum("dictionary_kind", [
  "source",
  "industry",
  "region",
  "city",
  "circle",
  "credit_grade",
  "other_category",
  "other_grade",
  "payment_method",
  "plan_category",
  "product_category",
]);

/** Admin-editable pick lists (认识来源, 行业, 区域, 城市, 人脉圈, 信用等级 …). A city's parent is its region. */
export const dictionaryItems = pgTable(
  "dictionary_items",
  {
    id: id(),
    kind: dictionaryKind("kind").notNull(),
    label: text("label").notNull(),
    parentId: uuid("parent_id").references((): AnyPgColumn => dictionaryItems.id),
    sort: integer("sort").notNull().default(0),
    active: boolean("active").notNull().default(true),
    ...editable(),
  },
  (t) => [uniqueIndex("dictionary_items_kind_label_idx").on(t.kind, t.label), index("dictionary_items_parent_idx").on(t.parentId)],
);

/**
 * 客户价值分级: the current grades, best first (sort). Under the `revenue` basis a customer takes the first
 * grade whose min_revenue its won revenue in the rolling window reaches; under the `share` basis customers
 * are ranked by that revenue and a grade holds those whose cumulative share before them is under min_share
 * percent (A 80 = the customers making the first 80% of revenue), a grade without min_share taking the rest.
 * The basis and the window are those of the latest value_grade_rule_versions row (revenue, 12 months
 * without one). Grading itself is SQL (migration 0014: zhike_regrade_customers / zhike_regrade_all).
 */
export const valueGrades = pgTable("value_grades", {
  id: id(),
  code: text("code").notNull().unique(),
  label: text("label").notNull(),
  minRevenue: numeric("min_revenue", { precision: 14, scale: 2, mode: "string" }).notNull(),
  minShare: numeric("min_share", { precision: 6, scale: 3, mode: "string" }),
  periodMonths: integer("period_months").notNull().default(12),
  sort: integer("sort").notNull().default(0),
  ...editable(),
});

export const VALUE_GRADE_BASES = ["revenue", "share"] as const;
export type ValueGradeBasis = (typeof VALUE_GRADE_BASES)[number];

/** Every saved set of grade rules (版本): the latest row is in force; older ones are the history. */
export const valueGradeRuleVersions = pgTable("value_grade_rule_versions", {
  version: integer("version").primaryKey(),
  basis: text("basis", { enum: VALUE_GRADE_BASES }).notNull(),
  windowMonths: integer("window_months").notNull(),
  grades: jsonb("grades").$type<{ code: string; label: string; minRevenue: string; minShare: string | null }[]>().notNull(),
  note: text("note"),
  /** customers whose computed grade changed when this version was applied */
  regraded: integer("regraded").notNull().default(0),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Small key/value settings kept in the database (forgetting-curve intervals, VAPID keys, …). */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
});

export type DictionaryItem = typeof dictionaryItems.$inferSelect;
export type DictionaryKind = (typeof dictionaryKind.enumValues)[number];
