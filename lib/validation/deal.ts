import { z } from "zod";
import { parseMoney } from "../money";
import { optDate, optInt, optText, reqText } from "./common";
import { today } from "@/lib/dates";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (msg: string) => z.preprocess((v) => (v === "" ? undefined : v), z.string({ error: msg }).regex(UUID, { error: msg }));
const optUuid = z.preprocess((v) => (v === "" || v == null ? null : v), z.string().regex(UUID, { error: "选择无效" }).nullable());

const MONEY_ERR = { format: "金额应为数字，例如 12800 或 12800.50", negative: "金额不能为负数", too_large: "金额过大，请核对（上限 9999 亿元）", precision: "金额最多保留两位小数" } as const;

/** Exact money: a decimal string "1234.50" (never a float); "" → null. */
export const money = z
  .preprocess((v) => (v == null ? null : typeof v === "number" ? String(v) : v), z.string({ error: MONEY_ERR.format }).nullable())
  .transform((v, ctx) => {
  const r = parseMoney(v);
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: MONEY_ERR[r.reason] });
    return z.NEVER;
  }
  return r.value;
});

export const dealInputSchema = z.object({
  customerId: uuid("请选择客户"),
  title: reqText(100, "交易名称"),
  productId: optUuid,
  processId: uuid("请选择流程"),
  stageId: optUuid,
  expectedAmount: money,
  expectedDate: optDate,
  probability: optInt(0, 100, "成交概率应为 0–100"),
});
export type DealInput = z.infer<typeof dealInputSchema>;

/**
 * 修改收入预测: what may change on an existing deal — its name, product, expected amount and date, and (while
 * open) the probability. Customer and process stay (a move between processes would orphan its stage history);
 * the revenue booked on close is not edited here, so a recorded sale never changes silently.
 */
export const dealEditSchema = z.object({
  dealId: uuid("交易无效"),
  version: z.coerce.number({ error: "版本无效" }).int().positive(),
  title: reqText(100, "交易名称"),
  productId: optUuid,
  expectedAmount: money,
  expectedDate: optDate,
  probability: optInt(0, 100, "成交概率应为 0–100"),
});
export type DealEditInput = z.infer<typeof dealEditSchema>;

export const moveDealSchema = z.object({ dealId: uuid("交易无效"), toStageId: uuid("阶段无效") });

/** 收入信息 + 交易总结 when a deal is closed: the summary is required either way. */
export const closeDealSchema = z
  .object({
    dealId: uuid("交易无效"),
    outcome: z.enum(["won", "lost"], { error: "请选择成交或失败" }),
    amount: money,
    closedOn: optDate,
    discount: optText(100),
    /** the introducer of this deal (a customer in scope); left empty, the customer's own introducer */
    introducerId: optUuid,
    introducerText: optText(50),
    paymentMethod: optText(50),
    contractNo: optText(50),
    contractFile: optText(300),
    relatedIntroducers: optText(200),
    successReasons: optText(2000),
    failureReasons: optText(2000),
    lessonsLearned: optText(2000),
  })
  .superRefine((c, ctx) => {
    if (!c.closedOn) ctx.addIssue({ code: "custom", path: ["closedOn"], message: "请填写交易时间" });
    else if (c.closedOn > today())
      ctx.addIssue({ code: "custom", path: ["closedOn"], message: "交易时间不能晚于今天" });
    if (c.outcome === "won") {
      if (!c.amount || c.amount === "0.00") ctx.addIssue({ code: "custom", path: ["amount"], message: "请填写交易金额" });
      if (!c.successReasons) ctx.addIssue({ code: "custom", path: ["successReasons"], message: "成交时请填写成功原因分析" });
    } else if (!c.failureReasons) ctx.addIssue({ code: "custom", path: ["failureReasons"], message: "失败时请填写失败原因分析" });
    if (!c.lessonsLearned) ctx.addIssue({ code: "custom", path: ["lessonsLearned"], message: "请填写经验总结" });
  });
export type CloseDealInput = z.infer<typeof closeDealSchema>;

/** 修改交易总结 of a closed deal (the reason required is the one of its outcome, checked against the deal). */
export const dealSummarySchema = z
  .object({
    dealId: uuid("交易无效"),
    version: z.coerce.number({ error: "版本无效" }).int({ error: "版本无效" }).min(1, { error: "版本无效" }),
    successReasons: optText(2000),
    failureReasons: optText(2000),
    lessonsLearned: optText(2000),
  })
  .superRefine((c, ctx) => {
    if (!c.lessonsLearned) ctx.addIssue({ code: "custom", path: ["lessonsLearned"], message: "请填写经验总结" });
  });
export type DealSummaryInput = z.infer<typeof dealSummarySchema>;
