"use server";

import { revalidatePath } from "next/cache";
import { changeCustomerStage } from "@/db/queries/analytics";
import { addDealFile, removeDealFile } from "@/db/queries/deal-files";
import { closeDeal, createDeal, moveDeal, updateDeal } from "@/db/queries/deals";
import { runAction, type ActionContext, type ActionState } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { fieldErrors, formDataToObject, isUuid } from "@/lib/validation/common";
import { CUSTOMER_STAGES as STAGES } from "@/lib/stages";
import { closeDealSchema, dealEditSchema, dealInputSchema, moveDealSchema } from "@/lib/validation/deal";

function parse<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: import("zod").ZodError } }, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new AppError("VALIDATION", "请修正标出的字段", fieldErrors(r.error));
  return r.data;
}

/**
 * The deal forms' shape: the submitted values, the write (which revalidates what it touched), the lists every
 * deal appears in; on failure the values go back so the form keeps them.
 */
async function dealFormAction(formData: FormData, write: (ctx: ActionContext, raw: Record<string, unknown>) => Promise<ActionState>): Promise<ActionState> {
  const raw = formDataToObject(formData);
  const r = await runAction((ctx) => write(ctx, raw));
  if (!r.ok) return { ...r, data: { values: raw } };
  revalidatePath("/pipeline");
  revalidatePath("/deals");
  return r;
}

/** Kanban move (drag, keyboard or the 移动到 menu): logged in a transaction; out of scope = not found. */
export async function moveDealAction(dealId: string, toStageId: string): Promise<ActionState<{ stageName: string }>> {
  const r = await runAction(async ({ db, viewer, ip }) => {
    const input = parse(moveDealSchema, { dealId, toStageId });
    const res = await moveDeal(db, viewer, input.dealId, input.toStageId, ip);
    return { ok: true, data: { stageName: res.stageName } };
  });
  if (r.ok) revalidatePath("/pipeline");
  return r;
}

/** 收入信息 + 交易总结 on close; the summary is required. */
export async function closeDealAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return dealFormAction(formData, async ({ db, viewer, ip }, raw) => {
    const row = await closeDeal(db, viewer, parse(closeDealSchema, raw), ip);
    revalidatePath(`/customers/${row.customerId}`);
    return { ok: true, data: { status: row.status, customerId: row.customerId } };
  });
}

export async function createDealAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return dealFormAction(formData, async ({ db, viewer, ip }, raw) => {
    const row = await createDeal(db, viewer, parse(dealInputSchema, raw), ip);
    revalidatePath(`/customers/${row.customerId}`);
    return { ok: true, data: { id: row.id } };
  });
}

/** 修改收入预测: the deal's name, product, expected amount and date, probability (version-checked). */
export async function updateDealAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return dealFormAction(formData, async ({ db, viewer, ip }, raw) => {
    const row = await updateDeal(db, viewer, parse(dealEditSchema, raw), ip);
    revalidatePath(`/customers/${row.customerId}`);
    revalidatePath(`/deals/${row.id}`);
    return { ok: true, data: { id: row.id } };
  });
}

/** Accepts the data's stage suggestion (or any change) for a customer: logged, never silent. */
export async function changeStageAction(customerId: string, toStage: string, reason: string | null): Promise<ActionState> {
  const r = await runAction(async ({ db, viewer, ip }) => {
    if (!isUuid(customerId)) throw new AppError("NOT_FOUND");
    if (!(STAGES as readonly string[]).includes(toStage)) throw new AppError("VALIDATION", "客户分类无效");
    await changeCustomerStage(db, viewer, customerId, toStage as (typeof STAGES)[number], reason ? String(reason).slice(0, 200) : null, ip);
    return { ok: true };
  });
  if (r.ok) {
    revalidatePath(`/customers/${customerId}`);
    revalidatePath("/customers");
  }
  return r;
}

/** 合同文件: keeps an uploaded contract with the deal (kind, size and content are checked in db/queries). */
export async function uploadDealFileAction(dealId: string, _prev: ActionState, formData: FormData): Promise<ActionState<{ name: string }>> {
  const r = await runAction(async ({ db, viewer, ip }) => {
    if (!isUuid(dealId)) throw new AppError("NOT_FOUND");
    const file = formData.get("file");
    if (!(file instanceof File) || file.size === 0) throw new AppError("VALIDATION", "请选择要上传的文件", { file: "请选择要上传的文件" });
    const row = await addDealFile(db, viewer, dealId, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, ip);
    return { ok: true, data: { name: row.name } };
  });
  if (r.ok) revalidatePath(`/deals/${dealId}`);
  return r;
}

export async function removeDealFileAction(dealId: string, fileId: string): Promise<ActionState> {
  const r = await runAction(async ({ db, viewer, ip }) => {
    if (!isUuid(dealId) || !isUuid(fileId)) throw new AppError("NOT_FOUND");
    await removeDealFile(db, viewer, dealId, fileId, ip);
    return { ok: true };
  });
  if (r.ok) revalidatePath(`/deals/${dealId}`);
  return r;
}
