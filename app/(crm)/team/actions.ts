"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { assignOne, createHandoverJob, createMatchingJob, createSelectionJob, resumeAssignmentJob } from "@/db/queries/assignments";
import { claimFromPool } from "@/db/queries/pool";
import { commentOnItem, markNotificationsRead } from "@/db/queries/team";
import { action, formAction } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { runAssignmentInBackground } from "@/lib/jobs/assignments";
import { entityId, entityIdAs, optEntityId, optText } from "@/lib/validation/common";
import { assignMatchingSchema, handoverSchema, teamCommentSchema } from "@/lib/validation/team";

/** 点评 an item of the team feed; its owner finds it in their notifications. */
export const commentAction = formAction(teamCommentSchema, async (input, { db, viewer, ip }) => {
  await commentOnItem(db, viewer, input.targetType, input.targetId, input.comment, ip);
  revalidatePath("/team");
  return { ok: true };
});

/** 领取 a customer from the pool (race-safe: of two at once, one wins). */
export const claimAction = action(z.tuple([entityId]), async ([id], { db, viewer, ip }) => {
  const data = await claimFromPool(db, viewer, id, ip);
  revalidatePath("/team/pool");
  return { ok: true, data };
});

const assignOneSchema = z.object({ customerId: entityId, ownerId: entityIdAs("负责业务员不在您的管理范围内"), note: optText(200) });

/** 分配 one customer (the profile, the pool): at once, in one transaction. */
export const assignOneAction = formAction(assignOneSchema, async (input, { db, viewer, ip }) => {
  await assignOne(db, viewer, input.customerId, input.ownerId, input.note, ip);
  revalidatePath("/customers");
  revalidatePath("/team/pool");
  return { ok: true };
});

/** The check boxes of /team/assign arrive as ids[] (an array); "all" assigns every match of the list's filters instead. */
const bulkSchema = z.object({
  ids: z.array(entityId).max(10_000, { error: "一次最多分配 10000 位客户" }).optional(),
  ownerId: entityIdAs("负责业务员不在您的管理范围内"),
  note: optText(200),
  scope: z.enum(["selected", "all"]).catch("selected"),
  /** the customer list's query string */
  filters: z.string().max(2000).optional(),
});

/** 批量分配: the ticked customers, or every customer matching the list's filters, as a background job. */
export const assignBulkAction = formAction(bulkSchema, async (input, { db, viewer, ip }) => {
  let job: string;
  if (input.scope === "all") {
    const m = assignMatchingSchema.parse({ filters: Object.fromEntries(new URLSearchParams(input.filters ?? "")), ownerId: input.ownerId, note: input.note });
    job = await createMatchingJob(db, viewer, m.filters, m.ownerId, m.note, ip);
  } else {
    if (!input.ids?.length) throw new AppError("VALIDATION", "请选择客户");
    job = await createSelectionJob(db, viewer, input.ids, input.ownerId, input.note, ip);
  }
  runAssignmentInBackground(job);
  redirect(`/team/assign/${job}`);
});

/** 离职交接: all of one person's customers to one or several reps. */
export const handoverAction = formAction(handoverSchema.extend({ toIds: handoverSchema.shape.toIds.optional().transform((v) => v ?? []) }), async (input, { db, viewer, ip }) => {
  if (!input.toIds.length) throw new AppError("VALIDATION", "请选择接手的业务员", { toIds: "请选择接手的业务员" });
  const job = await createHandoverJob(db, viewer, input.fromId, input.toIds, input.note, ip);
  runAssignmentInBackground(job);
  redirect(`/team/assign/${job}`);
});

/** Resumes a paused assignment job of the viewer's own. */
export const resumeAssignmentAction = action(z.tuple([entityId]), async ([id], { db, viewer }) => {
  await resumeAssignmentJob(db, viewer, id);
  runAssignmentInBackground(id);
  return { ok: true };
});

/** Marks the viewer's notifications read (one, or all). */
export const readNotificationsAction = action(z.tuple([optEntityId]), async ([id], { db, viewer }) => {
  await markNotificationsRead(db, viewer, id);
  revalidatePath("/reminders");
  return { ok: true };
});
