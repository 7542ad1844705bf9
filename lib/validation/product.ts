import { z } from "zod";
import { nameKey, SCORE_MAX, SCORE_MIN, WEIGHT_MAX, WEIGHT_MIN } from "../products";
import { entityIdAs, optInt, optText, reqText, searchText } from "./common";
import { money } from "./deal";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (msg: string) => z.preprocess((v) => (v === "" ? undefined : v), z.string({ error: msg }).regex(UUID, { error: msg }));
const optUuid = z.preprocess((v) => (v === "" || v == null ? null : v), z.string().regex(UUID, { error: "记录无效" }).nullable());

/** A required whole number in [min, max]; "" or junk gets `msg` (never a silent 0). */
export const int = (min: number, max: number, msg: string) =>
  z.preprocess(
    (v) => (v === "" || v == null ? undefined : typeof v === "string" ? (/^\s*-?\d{1,12}\s*$/.test(v) ? Number(v) : Number.NaN) : v),
    z.number({ error: msg }).int({ error: msg }).min(min, { error: msg }).max(max, { error: msg }),
  );

export const productInputSchema = z.object({
  name: reqText(100, "产品名称"),
  category: optText(50),
  price: money,
  unit: optText(10),
  description: optText(2000),
  version: optInt(1, 2_000_000_000, "版本无效"),
});
export type ProductInput = z.infer<typeof productInputSchema>;

/** One FAB chain: 属性 → 作用 → 益处 for one customer type. */
export const fabInputSchema = z.object({
  productId: entityIdAs("产品无效"),
  customerType: reqText(30, "客户类型"),
  feature: reqText(300, "属性"),
  advantage: reqText(300, "作用"),
  benefit: reqText(300, "益处"),
  version: optInt(1, 2_000_000_000, "版本无效"),
});
export type FabInput = z.infer<typeof fabInputSchema>;

const SCORE_MSG = `分数应为 ${SCORE_MIN}–${SCORE_MAX} 的整数`;
const WEIGHT_MSG = `权重应为 ${WEIGHT_MIN}–${WEIGHT_MAX} 的整数`;

const scoreRow = z.object({
  id: optUuid,
  dimension: reqText(30, "维度"),
  weight: int(WEIGHT_MIN, WEIGHT_MAX, WEIGHT_MSG),
  ownScore: int(SCORE_MIN, SCORE_MAX, SCORE_MSG),
  competitorScore: int(SCORE_MIN, SCORE_MAX, SCORE_MSG),
  note: optText(300),
});

/**
 * 产品优势分析 against one competitor: its dimensions with weights and both scores. `base` is every
 * row (id, version) the editor started from, so a save over someone else's change is a conflict, not
 * a silent overwrite; `originalCompetitor` is null for a new analysis.
 */
export const advantageInputSchema = z
  .object({
    productId: entityIdAs("产品无效"),
    competitor: reqText(50, "竞争对手"),
    originalCompetitor: optText(50),
    rows: z.array(scoreRow, { error: "请至少填写一个维度" }).min(1, { error: "请至少填写一个维度" }).max(20, { error: "最多 20 个维度" }),
    base: z.array(z.object({ id: uuid("记录无效"), version: int(1, 2_000_000_000, "版本无效") })).max(100).default([]),
  })
  .superRefine((a, ctx) => {
    const seen = new Map<string, number>();
    a.rows.forEach((r, i) => {
      const k = nameKey(r.dimension);
      if (seen.has(k)) ctx.addIssue({ code: "custom", path: ["rows", i, "dimension"], message: "维度重复" });
      else seen.set(k, i);
    });
    const ids = a.rows.map((r) => r.id).filter(Boolean);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: ["rows"], message: "记录无效" });
  });
export type AdvantageInput = z.infer<typeof advantageInputSchema>;

export const advantageDeleteSchema = z.object({
  productId: entityIdAs("产品无效"),
  competitor: reqText(50, "竞争对手"),
  base: z.array(z.object({ id: uuid("记录无效"), version: int(1, 2_000_000_000, "版本无效") })).min(1).max(100),
});

export const productListQuerySchema = z.object({
  status: z.enum(["active", "archived", "all"]).catch("active"),
  q: searchText(50),
});
export type ProductListQuery = z.infer<typeof productListQuerySchema>;
