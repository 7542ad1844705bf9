"use server";

import { revalidatePath } from "next/cache";
import { createCommunication } from "@/db/queries/communications";
import { runAction, type ActionState } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { communicationInputSchema } from "@/lib/validation/communication";
import { fieldErrors, formDataToObject } from "@/lib/validation/common";

export type SavedCommunication = { id: string; customerId: string; values?: Record<string, unknown> };

/** Saves one 交流记录 (from the quick form or the customer's page); what was typed survives a failure. */
export async function saveCommunicationAction(_prev: ActionState<SavedCommunication>, formData: FormData): Promise<ActionState<SavedCommunication>> {
  const raw = formDataToObject(formData);
  const result = await runAction<SavedCommunication>(async ({ db, viewer, ip }) => {
    const parsed = communicationInputSchema.safeParse(raw);
    if (!parsed.success) throw new AppError("VALIDATION", "请修正标出的字段", fieldErrors(parsed.error));
    const row = await createCommunication(db, viewer, parsed.data, ip);
    return { ok: true, data: { id: row.id, customerId: row.customerId } };
  });
  if (result.ok && result.data) {
    revalidatePath("/communications");
    revalidatePath(`/customers/${result.data.customerId}`);
    return result;
  }
  return { ...result, data: { id: "", customerId: "", values: raw } };
}
