import { z } from "zod";
import type { AdvanceDays } from "@/lib/reminders/engine";
import { ADVANCE_KINDS } from "@/lib/reminders/kinds";
import { parseTouchDays } from "@/lib/reminders/forgetting";

const days = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
  z.number({ error: "请填写 0–60 的整数" }).int({ error: "请填写 0–60 的整数" }).min(0, { error: "请填写 0–60 的整数" }).max(60, { error: "请填写 0–60 的整数" }),
);

/** 提醒设置 (admin): touch intervals as "1, 2, 4, 7…" and advance days per kind. */
export const reminderSettingsSchema = z.object({
  touchDays: z.preprocess(
    (v) => (typeof v === "string" ? v.split(/[,，\s]+/).filter(Boolean).map(Number) : v),
    z.custom<number[]>((v) => parseTouchDays(v) !== null, { error: "请填写递增的正整数天数，用逗号分隔，如 1, 2, 4, 7" }),
  ),
  advance: z.object(Object.fromEntries(ADVANCE_KINDS.map((k) => [k, days])) as Record<keyof AdvanceDays, typeof days>),
});

/** The settings form: the same rules, with one `advance_<kind>` field per kind (the field errors keep those names). */
export const reminderSettingsFormSchema = z
  .object({
    touchDays: reminderSettingsSchema.shape.touchDays,
    ...(Object.fromEntries(ADVANCE_KINDS.map((k) => [`advance_${k}`, days])) as Record<`advance_${keyof AdvanceDays}`, typeof days>),
  })
  .transform((v) => ({ touchDays: v.touchDays, advance: Object.fromEntries(ADVANCE_KINDS.map((k) => [k, v[`advance_${k}`]])) as AdvanceDays }));
