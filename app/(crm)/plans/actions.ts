"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createPlan, createSummary, deletePlan, reviewItem, submitForReview, updatePlan, type ReviewTarget } from "@/db/queries/plans";
import { runAction, type ActionState } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { fieldErrors, formDataToObject, isUuid } from "@/lib/validation/common";
import { planInputSchema, reviewInputSchema, summaryInputSchema } from "@/lib/validation/plans";

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import("zod").ZodError } }, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new AppError("VALIDATION", "请修正标出的字段", fieldErrors(r.error));
  return r.data;
}

const target = (v: unknown): ReviewTarget => {
  if (v === "plan" || v === "work_summary") return v;
  throw new AppError("NOT_FOUND");
};

/** Keeps what the user typed so a failed save loses nothing. */
const withValues = <T,>(raw: Record<string, unknown>, s: ActionState<T>): ActionState<T> => (s.ok ? s : { ...s, data: { values: raw } as T });

export async function savePlanAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const raw = formDataToObject(formData);
  const id = typeof raw.id === "string" && raw.id ? raw.id : null;
  let savedId: string | null = null;
  const r = await runAction(async ({ db, viewer }) => {
    if (id !== null && !isUuid(id)) throw new AppError("NOT_FOUND");
    const input = parse(planInputSchema, raw);
    const row = id ? await updatePlan(db, viewer, id, input) : await createPlan(db, viewer, input);
    savedId = row.id;
    return { ok: true };
  });
  if (r.ok && savedId) {
    revalidatePath("/", "layout");
    redirect(`/plans/${savedId}?saved=1`);
  }
  return withValues(raw, r);
}

export async function saveSummaryAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const raw = formDataToObject(formData);
  const r = await runAction(async ({ db, viewer }) => {
    await createSummary(db, viewer, parse(summaryInputSchema, raw));
    return { ok: true };
  });
  if (r.ok) revalidatePath("/plans");
  return withValues(raw, r);
}

export async function submitForReviewAction(type: string, id: string): Promise<ActionState> {
  const r = await runAction(async ({ db, viewer }) => {
    if (!isUuid(id)) throw new AppError("NOT_FOUND");
    await submitForReview(db, viewer, target(type), id);
    return { ok: true };
  });
  if (r.ok) revalidatePath("/plans");
  return r;
}

export async function deletePlanAction(id: string): Promise<ActionState> {
  const r = await runAction(async ({ db, viewer }) => {
    if (!isUuid(id)) throw new AppError("NOT_FOUND");
    await deletePlan(db, viewer, id);
    return { ok: true };
  });
  if (r.ok) revalidatePath("/", "layout");
  return r;
}

/** 审核 (form): type, id, action (approve/return/comment), comment. */
export async function reviewAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const raw = formDataToObject(formData);
  const r = await runAction(async ({ db, viewer }) => {
    const id = raw.id;
    if (!isUuid(id)) throw new AppError("NOT_FOUND");
    await reviewItem(db, viewer, target(raw.type), id, parse(reviewInputSchema, raw));
    return { ok: true };
  });
  if (r.ok) revalidatePath("/plans", "layout");
  return withValues(raw, r);
}
