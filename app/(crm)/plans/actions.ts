"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createPlan, createSummary, deletePlan, reviewItem, submitForReview, updatePlan } from "@/db/queries/plans";
import { action, formAction } from "@/lib/action";
import { entityId, failsAs, withId } from "@/lib/validation/common";
import { planInputSchema, reviewInputSchema, summaryInputSchema } from "@/lib/validation/plans";

/** What may be reviewed: a plan, a work summary or a closed deal's 交易总结; anything else does not exist. */
const reviewTarget = z.custom<"plan" | "work_summary" | "deal_summary">((v) => v === "plan" || v === "work_summary" || v === "deal_summary", failsAs("NOT_FOUND"));

export const savePlanAction = formAction(withId(planInputSchema), async (input, { db, viewer }) => {
  const row = input.id ? await updatePlan(db, viewer, input.id, input) : await createPlan(db, viewer, input);
  revalidatePath("/", "layout");
  redirect(`/plans/${row.id}?saved=1`);
});

export const saveSummaryAction = formAction(summaryInputSchema, async (input, { db, viewer }) => {
  await createSummary(db, viewer, input);
  revalidatePath("/plans");
  return { ok: true };
});

export const submitForReviewAction = action(z.tuple([reviewTarget, entityId]), async ([type, id], { db, viewer }) => {
  await submitForReview(db, viewer, type, id);
  revalidatePath("/plans");
  return { ok: true };
});

export const deletePlanAction = action(z.tuple([entityId]), async ([id], { db, viewer }) => {
  await deletePlan(db, viewer, id);
  revalidatePath("/", "layout");
  return { ok: true };
});

/** 审核 (form): type, id, action (approve/return/comment), comment. */
export const reviewAction = formAction(z.object({ type: reviewTarget, id: entityId }).and(reviewInputSchema), async (input, { db, viewer }) => {
  await reviewItem(db, viewer, input.type, input.id, input);
  revalidatePath("/plans", "layout");
  if (input.type === "deal_summary") revalidatePath(`/deals/${input.id}`);
  return { ok: true };
});
