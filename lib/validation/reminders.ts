import { z } from "zod";
import { optDate } from "./common";

export const reminderKeySchema = z.string({ error: "提醒无效" }).min(3, { error: "提醒无效" }).max(200, { error: "提醒无效" });

/** 推迟: which reminder and until when; "later than today" is checked against the server's today. */
export const snoozeSchema = z.object({
  key: reminderKeySchema,
  until: optDate.refine((v) => v !== null, { error: "请选择推迟到的日期" }),
});
