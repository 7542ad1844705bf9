"use server";

import { revalidatePath } from "next/cache";
import { saveReminderSettings } from "@/db/queries/forgetting";
import { runAction, type ActionState } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { fieldErrors, formDataToObject } from "@/lib/validation/common";
import { reminderSettingsSchema } from "@/lib/validation/reminder-settings";

export async function saveReminderSettingsAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const raw = formDataToObject(formData);
  const advance = Object.fromEntries(Object.entries(raw).filter(([k]) => k.startsWith("advance_")).map(([k, v]) => [k.slice(8), v]));
  const r = await runAction(async ({ db, viewer }) => {
    const p = reminderSettingsSchema.safeParse({ touchDays: raw.touchDays, advance });
    if (!p.success) {
      const fe = fieldErrors(p.error);
      throw new AppError("VALIDATION", "请修正标出的字段", Object.fromEntries(Object.entries(fe).map(([k, v]) => [k.replace("advance.", "advance_"), v])));
    }
    await saveReminderSettings(db, viewer, p.data);
    return { ok: true };
  });
  if (r.ok) revalidatePath("/", "layout");
  return r.ok ? r : { ...r, data: { values: raw } };
}
