"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changeCustomerStage } from "@/db/queries/analytics";
import { addDealFile, removeDealFile } from "@/db/queries/deal-files";
import { closeDeal, createDeal, updateDeal, updateDealSummary } from "@/db/queries/deals";
import { action, formAction } from "@/lib/action";
import { CUSTOMER_STAGES } from "@/lib/stages";
import { entityId, optText } from "@/lib/validation/common";
import { closeDealSchema, dealEditSchema, dealInputSchema, dealSummarySchema } from "@/lib/validation/deal";

/** The lists every deal appears in. */
function refreshDeals(customerId: string) {
  revalidatePath("/pipeline");
  revalidatePath("/deals");
  revalidatePath(`/customers/${customerId}`);
}

/** 收入信息 + 交易总结 on close; the summary is required. */
export const closeDealAction = formAction(closeDealSchema, async (input, { db, viewer, ip }) => {
  const row = await closeDeal(db, viewer, input, ip);
  refreshDeals(row.customerId);
  return { ok: true, data: { status: row.status, customerId: row.customerId } };
});

export const createDealAction = formAction(dealInputSchema, async (input, { db, viewer, ip }) => {
  const row = await createDeal(db, viewer, input, ip);
  refreshDeals(row.customerId);
  return { ok: true, data: { id: row.id } };
});

/** 修改收入预测: the deal's name, product, expected amount and date, probability (version-checked). */
export const updateDealAction = formAction(dealEditSchema, async (input, { db, viewer, ip }) => {
  const row = await updateDeal(db, viewer, input, ip);
  refreshDeals(row.customerId);
  revalidatePath(`/deals/${row.id}`);
  return { ok: true, data: { id: row.id } };
});

/** Accepts the data's stage suggestion (or any change) for a customer: logged, never silent. */
export const changeStageAction = action(
  z.tuple([entityId, z.enum(CUSTOMER_STAGES, { error: "客户分类无效" }), optText(200)]),
  async ([customerId, toStage, reason], { db, viewer, ip }) => {
    await changeCustomerStage(db, viewer, customerId, toStage, reason, ip);
    revalidatePath(`/customers/${customerId}`);
    revalidatePath("/customers");
    return { ok: true };
  },
);

const uploadSchema = z.object({
  dealId: entityId,
  file: z.custom<File>((f) => f instanceof File && f.size > 0, { error: "请选择要上传的文件" }),
});

/** 合同文件: keeps an uploaded contract with the deal (kind, size and content are checked in db/queries). */
export const uploadDealFileAction = formAction(uploadSchema, async ({ dealId, file }, { db, viewer, ip }) => {
  const row = await addDealFile(db, viewer, dealId, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, ip);
  revalidatePath(`/deals/${dealId}`);
  return { ok: true, data: { name: row.name } };
});

export const removeDealFileAction = action(z.tuple([entityId, entityId]), async ([dealId, fileId], { db, viewer, ip }) => {
  await removeDealFile(db, viewer, dealId, fileId, ip);
  revalidatePath(`/deals/${dealId}`);
  return { ok: true };
});

/** 修改交易总结: the owner revises a closed deal's summary, which goes back to the review queue. */
export const updateDealSummaryAction = formAction(dealSummarySchema, async (input, { db, viewer, ip }) => {
  const row = await updateDealSummary(db, viewer, input, ip);
  revalidatePath(`/deals/${row.id}`);
  revalidatePath("/plans/review");
  return { ok: true, data: { id: row.id } };
});
