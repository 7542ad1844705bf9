"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  createCustomer,
  deleteCustomer,
  checkDuplicates,
  restoreCustomer,
  revealIdCard,
  updateCustomer,
  type Duplicate,
} from "@/db/queries/customers";
import { action, formAction } from "@/lib/action";
import { entityId, isUuid, withId } from "@/lib/validation/common";
import { customerInputSchema, normalizeMobile } from "@/lib/validation/customer";

export const saveCustomerAction = formAction(withId(customerInputSchema), async (input, { db, viewer, ip }) => {
  if (!input.confirmDuplicate) {
    const dups = await checkDuplicates(db, viewer, input, input.id);
    if (dups.length) return { ok: false, error: "发现可能重复的客户，请确认后再保存", duplicates: dups };
  }
  const row = input.id ? await updateCustomer(db, viewer, input.id, input, ip) : await createCustomer(db, viewer, input, ip);
  revalidatePath("/customers");
  redirect(`/customers/${row.id}?saved=${input.id ? "updated" : "created"}`);
});

/** What the duplicate warning reads while the user types: anything malformed is simply not looked up. */
const duplicateQuerySchema = z.object({
  kind: z.unknown().transform((v) => (v === "company" ? ("company" as const) : ("individual" as const))),
  name: z.unknown().transform((v) => (typeof v === "string" && v.trim() ? v.trim().slice(0, 100) : undefined)),
  mobile: z.unknown().transform((v) => (typeof v === "string" && v ? normalizeMobile(v).slice(0, 20) : null)),
  email: z.unknown().transform((v) => (typeof v === "string" && v ? v.trim().slice(0, 100) : null)),
  excludeId: z.unknown().transform((v) => (isUuid(v) ? v : null)),
});

/** The duplicate warning shown while typing (查重): only who owns the duplicate, nothing more. */
export const checkDuplicatesAction = action(z.tuple([duplicateQuerySchema]), async ([{ excludeId, ...input }], { db, viewer }) => {
  const data: Duplicate[] = await checkDuplicates(db, viewer, input, excludeId);
  return { ok: true, data };
});

export const deleteCustomerAction = action(z.tuple([entityId]), async ([id], { db, viewer, ip }) => {
  await deleteCustomer(db, viewer, id, ip);
  revalidatePath("/customers");
  return { ok: true };
});

export const restoreCustomerAction = action(z.tuple([entityId]), async ([id], { db, viewer, ip }) => {
  await restoreCustomer(db, viewer, id, ip);
  revalidatePath("/customers");
  return { ok: true };
});

export const revealIdCardAction = action(z.tuple([entityId]), async ([id], { db, viewer, ip }) => {
  const data: string | null = await revealIdCard(db, viewer, id, ip);
  return { ok: true, data };
});
