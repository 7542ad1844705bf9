"use server";

import { revalidatePath } from "next/cache";
import { savePoolRule } from "@/db/queries/pool";
import { formAction } from "@/lib/action";
import { poolRuleSchema } from "@/lib/validation/team";

/** Saves (or removes) one unit's pool rule; admins only (checked in db/queries/pool.ts). */
export const savePoolRuleAction = formAction(poolRuleSchema, async (input, { db, viewer, ip }) => {
  await savePoolRule(db, viewer, input, ip);
  revalidatePath("/admin/pool");
  return { ok: true };
});
