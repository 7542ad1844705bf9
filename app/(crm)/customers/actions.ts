"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import {
  checkDuplicates,
  createCustomer,
  deleteCustomer,
  restoreCustomer,
  revealIdCard,
  updateCustomer,
  type Duplicate,
} from "@/db/queries/customers";
import { runAction, type ActionState } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { fieldErrors, formDataToObject, isUuid } from "@/lib/validation/common";
import { customerInputSchema, normalizeMobile } from "@/lib/validation/customer";

function parseCustomer(raw: Record<string, unknown>) {
  const parsed = customerInputSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("VALIDATION", "请修正标出的字段", fieldErrors(parsed.error));
  return parsed.data;
}

/** Keeps what the user typed so a failed save loses nothing. */
function withValues<T>(raw: Record<string, unknown>, s: ActionState<T>): ActionState<T> {
  return s.ok ? s : { ...s, data: { values: raw } as T };
}

export async function saveCustomerAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const raw = formDataToObject(formData);
  const id = typeof raw.id === "string" && raw.id ? raw.id : null;
  let savedId: string | null = null;
  const result = await runAction(async ({ db, viewer, ip }) => {
    if (id !== null && !isUuid(id)) throw new AppError("NOT_FOUND");
    const input = parseCustomer(raw);
    if (!input.confirmDuplicate) {
      const dups = await checkDuplicates(db, viewer, { ...input, idCard: input.idCard }, id);
      if (dups.length) return { ok: false, error: "发现可能重复的客户，请确认后再保存", duplicates: dups };
    }
    const row = id ? await updateCustomer(db, viewer, id, input, ip) : await createCustomer(db, viewer, input, ip);
    savedId = row.id;
    return { ok: true };
  });
  if (result.ok && savedId) {
    revalidatePath("/customers");
    redirect(`/customers/${savedId}?saved=${id ? "updated" : "created"}`);
  }
  return withValues(raw, result);
}

/** The duplicate warning shown while typing (查重): only who owns the duplicate, nothing more. */
export async function checkDuplicatesAction(input: { kind?: string; name?: string; mobile?: string; email?: string; excludeId?: string }) {
  return runAction<Duplicate[]>(async ({ db, viewer }) => {
    const mobile = input.mobile ? normalizeMobile(String(input.mobile)).slice(0, 20) : null;
    const email = input.email ? String(input.email).trim().slice(0, 100) : null;
    const name = input.name ? String(input.name).trim().slice(0, 100) : undefined;
    const excludeId = isUuid(input.excludeId) ? input.excludeId : null;
    const data = await checkDuplicates(db, viewer, { kind: input.kind === "company" ? "company" : "individual", name, mobile, email }, excludeId);
    return { ok: true, data };
  });
}

export async function deleteCustomerAction(id: string): Promise<ActionState> {
  const r = await runAction(async ({ db, viewer, ip }) => {
    if (!isUuid(id)) throw new AppError("NOT_FOUND");
    await deleteCustomer(db, viewer, id, ip);
    return { ok: true };
  });
  if (r.ok) revalidatePath("/customers");
  return r;
}

export async function restoreCustomerAction(id: string): Promise<ActionState> {
  const r = await runAction(async ({ db, viewer, ip }) => {
    if (!isUuid(id)) throw new AppError("NOT_FOUND");
    await restoreCustomer(db, viewer, id, ip);
    return { ok: true };
  });
  if (r.ok) revalidatePath("/customers");
  return r;
}

export async function revealIdCardAction(id: string): Promise<ActionState<string | null>> {
  return runAction(async ({ db, viewer, ip }) => {
    if (!isUuid(id)) throw new AppError("NOT_FOUND");
    return { ok: true, data: await revealIdCard(db, viewer, id, ip) };
  });
}
