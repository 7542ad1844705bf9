"use server";

import { revalidatePath } from "next/cache";
import { createCommunication } from "@/db/queries/communications";
import { formAction } from "@/lib/action";
import { communicationInputSchema } from "@/lib/validation/communication";

export type SavedCommunication = { id: string; customerId: string };

/** Saves one 交流记录 (from the quick form or the customer's page); what was typed survives a failure. */
export const saveCommunicationAction = formAction(communicationInputSchema, async (input, { db, viewer, ip }) => {
  const row = await createCommunication(db, viewer, input, ip);
  revalidatePath("/communications");
  revalidatePath(`/customers/${row.customerId}`);
  const data: SavedCommunication = { id: row.id, customerId: row.customerId };
  return { ok: true, data };
});
