"use server";

import { revalidatePath } from "next/cache";
import { setReminderDone, snoozeReminder } from "@/db/queries/reminders";
import { runAction, type ActionState } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { today as todayIn } from "@/lib/dates";
import { fieldErrors, formDataToObject } from "@/lib/validation/common";
import { reminderKeySchema, snoozeSchema } from "@/lib/validation/reminders";

/** 完成 / 撤销完成 one reminder occurrence. */
export async function setReminderDoneAction(key: string, done: boolean): Promise<ActionState> {
  const r = await runAction(async ({ db, viewer }) => {
    const k = reminderKeySchema.safeParse(key);
    if (!k.success) throw new AppError("NOT_FOUND");
    await setReminderDone(db, viewer, k.data, todayIn(), done === true);
    return { ok: true };
  });
  if (r.ok) revalidatePath("/", "layout");
  return r;
}

/** 推迟 (form): key + until; a date that is not after today is a field error. */
export async function snoozeReminderAction(_prev: ActionState, formData: FormData): Promise<ActionState<{ until: string }>> {
  const raw = formDataToObject(formData);
  const r = await runAction<{ until: string }>(async ({ db, viewer }) => {
    const parsed = snoozeSchema.safeParse(raw);
    if (!parsed.success) throw new AppError("VALIDATION", "请修正标出的字段", fieldErrors(parsed.error));
    const until = parsed.data.until!;
    await snoozeReminder(db, viewer, parsed.data.key, until, todayIn());
    return { ok: true, data: { until } };
  });
  if (r.ok) revalidatePath("/", "layout");
  return r;
}
