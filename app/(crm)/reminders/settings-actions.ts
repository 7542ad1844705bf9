"use server";

import { revalidatePath } from "next/cache";
import { saveReminderSettings } from "@/db/queries/forgetting";
import { formAction } from "@/lib/action";
import { reminderSettingsFormSchema } from "@/lib/validation/reminder-settings";

export const saveReminderSettingsAction = formAction(reminderSettingsFormSchema, async (input, { db, viewer }) => {
  await saveReminderSettings(db, viewer, input);
  revalidatePath("/", "layout");
  return { ok: true };
});
