import { boolean, index, integer, jsonb, numeric, pgEnum, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { editable, id } from "./common";

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

/** 客户价值分级: grades by revenue contribution over a rolling period (months). */
export const valueGrades = pgTable("value_grades", {
  id: id(),
  code: text("code").notNull().unique(),
  label: text("label").notNull(),
  minRevenue: numeric("min_revenue", { precision: 14, scale: 2, mode: "string" }).notNull(),
  periodMonths: integer("period_months").notNull().default(12),
  sort: integer("sort").notNull().default(0),
  ...editable(),
});

/** Small key/value settings kept in the database (forgetting-curve intervals, VAPID keys, …). */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
});

export type DictionaryItem = typeof dictionaryItems.$inferSelect;
export type DictionaryKind = (typeof dictionaryKind.enumValues)[number];
