import { z } from "zod";
import { checkbox, optDate, optText, reqText } from "./common";

export const PLAN_PERIODS = ["day", "week", "month", "quarter", "year"] as const;
export type PlanPeriod = (typeof PLAN_PERIODS)[number];

const period = z.enum(PLAN_PERIODS, { error: "请选择计划周期" });
const reqDate = (label: string) => optDate.refine((v) => v !== null, { error: `请选择${label}` });

/** 计划安排: every field of DOMAIN.md §2.7; the end may not precede the start. */
export const planInputSchema = z
  .object({
    subject: reqText(200, "计划主题"),
    period,
    startDate: reqDate("开始日期"),
    endDate: reqDate("结束日期"),
    important: checkbox,
    urgent: checkbox,
    category: optText(50),
    content: optText(5000),
    completedOn: optDate,
    completion: optText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.startDate && v.endDate && v.endDate < v.startDate) ctx.addIssue({ code: "custom", path: ["endDate"], message: "结束日期不能早于开始日期" });
    if (v.completedOn && v.startDate && v.completedOn < v.startDate) ctx.addIssue({ code: "custom", path: ["completedOn"], message: "完成日期不能早于开始日期" });
  });
export type PlanInput = z.infer<typeof planInputSchema>;

/** A plan's completion alone (the field's 记完成, offline too). */
export const planCompletionSchema = z.object({ completedOn: reqDate("完成日期"), completion: optText(2000) });
export type PlanCompletion = z.infer<typeof planCompletionSchema>;

/** 工作总结 for one period. */
export const summaryInputSchema = z
  .object({
    period,
    periodStart: reqDate("开始日期"),
    periodEnd: reqDate("结束日期"),
    content: reqText(10000, "总结内容"),
  })
  .superRefine((v, ctx) => {
    if (v.periodStart && v.periodEnd && v.periodEnd < v.periodStart) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "结束日期不能早于开始日期" });
  });
export type SummaryInput = z.infer<typeof summaryInputSchema>;

/** 审核: approve, send back (with a reason) or only comment. */
export const reviewInputSchema = z
  .object({
    action: z.enum(["approve", "return", "comment"], { error: "请选择审核结果" }),
    comment: optText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.action !== "approve" && !v.comment) ctx.addIssue({ code: "custom", path: ["comment"], message: v.action === "return" ? "退回时请写明原因" : "请填写批注" });
  });
export type ReviewInput = z.infer<typeof reviewInputSchema>;
