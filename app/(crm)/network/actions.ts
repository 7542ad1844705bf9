"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addCircleMember, removeCircleMember } from "@/db/queries/network";
import { action, formAction } from "@/lib/action";
import { entityId } from "@/lib/validation/common";
import { circleMemberSchema } from "@/lib/validation/network";

/** 人脉圈: add a customer in scope to a circle. */
export const addCircleMemberAction = formAction(circleMemberSchema, async (input, { db, viewer, ip }) => {
  const r = await addCircleMember(db, viewer, input.circleId, input.customerId, ip);
  revalidatePath("/network/circles");
  return { ok: true, data: { name: r.customer.name, changed: r.changed } };
});

/** 人脉圈: take a customer out of a circle. */
export const removeCircleMemberAction = action(z.tuple([entityId, entityId]), async ([circleId, customerId], { db, viewer, ip }) => {
  const r = await removeCircleMember(db, viewer, circleId, customerId, ip);
  revalidatePath("/network/circles");
  return { ok: true, data: { name: r.customer.name } };
});
