"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { moveDeal } from "@/db/queries/deals";
import { getPipelineTotals } from "@/db/queries/pipeline";
import { action } from "@/lib/action";
import { moveDealSchema } from "@/lib/validation/deal";
import { pipelineBoardFiltersSchema } from "@/lib/validation/pipeline";

/**
 * Kanban move (drag, keyboard or the 移动到 menu): logged in a transaction; out of scope = not found. Answers
 * with the board's column totals after the move (under the board's owner and product filters), so the
 * column headers are exact at once: Next runs actions one at a time, so the totals of each answer include
 * every move before it and none after.
 */
export const moveOnBoardAction = action(
  z.tuple([moveDealSchema.shape.dealId, moveDealSchema.shape.toStageId, pipelineBoardFiltersSchema]),
  async ([dealId, toStageId, filters], { db, viewer, ip }) => {
    const res = await moveDeal(db, viewer, dealId, toStageId, ip);
    const totals = await getPipelineTotals(db, viewer, { processId: res.processId, owner: filters.owner, product: filters.product });
    revalidatePath("/pipeline");
    revalidatePath(`/deals/${dealId}`);
    return { ok: true, data: { stageName: res.stageName, totals: Object.fromEntries(totals) } };
  },
);
