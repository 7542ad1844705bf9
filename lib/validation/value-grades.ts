import { z } from "zod";
import { VALUE_GRADE_BASES } from "@/db/schema/dictionaries";
import { optText, reqText } from "./common";
import { money } from "./deal";

const share = z.preprocess(
  (v) => (v === "" || v == null ? null : typeof v === "number" ? String(v) : v),
  z
    .string({ error: "占比应为数字" })
    .regex(/^\d{1,3}(\.\d{1,3})?$/, { error: "占比应为 0–100 的数字，最多三位小数" })
    .refine((s) => Number(s) > 0 && Number(s) <= 100, { error: "占比应大于 0、不超过 100" })
    .nullable(),
);

export const valueGradeRowSchema = z.object({
  code: reqText(10, "等级代码").refine((s) => /^[\p{L}\p{N}_+-]+$/u.test(s), { error: "等级代码只能用字母、数字或汉字" }),
  label: reqText(30, "等级名称"),
  minRevenue: money,
  minShare: share,
});

/**
 * 价值分级规则 as an admin saves them: the basis, the rolling window and the grades best first. Revenue: each
 * grade's threshold (the lowest may be 0, taking every customer); share: each grade's cumulative share bound
 * (A 80 = the customers making the first 80% of revenue), increasing, the last grade may leave it empty to
 * take the rest.
 */
export const valueGradeRulesSchema = z
  .object({
    basis: z.enum(VALUE_GRADE_BASES, { error: "请选择分级依据" }),
    windowMonths: z.coerce.number({ error: "统计周期应为月数" }).int({ error: "统计周期应为整月数" }).min(1, { error: "统计周期至少 1 个月" }).max(60, { error: "统计周期最多 60 个月" }),
    note: optText(200),
    grades: z.array(valueGradeRowSchema, { error: "请至少设置一个等级" }).min(1, { error: "请至少设置一个等级" }).max(10, { error: "最多 10 个等级" }),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.grades.forEach((g, i) => {
      const code = g.code.toUpperCase();
      if (seen.has(code)) ctx.addIssue({ code: "custom", path: ["grades", i, "code"], message: "等级代码重复" });
      seen.add(code);
      if (r.basis === "revenue") {
        if (g.minRevenue == null) ctx.addIssue({ code: "custom", path: ["grades", i, "minRevenue"], message: "请填写收入门槛" });
        else if (i > 0 && r.grades[i - 1].minRevenue != null && Number(g.minRevenue) >= Number(r.grades[i - 1].minRevenue))
          ctx.addIssue({ code: "custom", path: ["grades", i, "minRevenue"], message: "门槛应低于上一等级" });
      } else {
        const last = i === r.grades.length - 1;
        if (g.minShare == null && !last) ctx.addIssue({ code: "custom", path: ["grades", i, "minShare"], message: "请填写累计占比（只有最后一级可以留空）" });
        else if (g.minShare != null && i > 0 && r.grades[i - 1].minShare != null && Number(g.minShare) <= Number(r.grades[i - 1].minShare))
          ctx.addIssue({ code: "custom", path: ["grades", i, "minShare"], message: "累计占比应高于上一等级" });
      }
    });
  });
export type ValueGradeRulesInput = z.infer<typeof valueGradeRulesSchema>;
