"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setReminderDone, snoozeReminder } from "@/db/queries/reminder-inbox";
import { action, formAction } from "@/lib/action";
import { today as todayIn } from "@/lib/dates";
import { failsAs } from "@/lib/validation/common";
import { reminderKeySchema, snoozeSchema } from "@/lib/validation/reminders";

/** A reminder key the inbox never issued does not exist. */
const reminderKey = z.custom<string>((v) => reminderKeySchema.safeParse(v).success, failsAs("NOT_FOUND"));

/** 完成 / 撤销完成 one reminder occurrence. */
export const setReminderDoneAction = action(z.tuple([reminderKey, z.boolean({ error: "参数无效" })]), async ([key, done], { db, viewer }) => {
  await setReminderDone(db, viewer, key, todayIn(), done);
  revalidatePath("/", "layout");
  return { ok: true };
});

/** 推迟 (form): key + until; a date that is not after today is a field error. */
export const snoozeReminderAction = formAction(snoozeSchema, async ({ key, until }, { db, viewer }) => {
  await snoozeReminder(db, viewer, key, until!, todayIn());
  revalidatePath("/", "layout");
  return { ok: true, data: { until: until! } };
});
