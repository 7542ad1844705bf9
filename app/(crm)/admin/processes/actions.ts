"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addStage, createProcess, moveStage, setDefaultProcess, setProcessArchived, setStageArchived, updateProcess, updateStage } from "@/db/queries/processes";
import { action, formAction, type ActionContext } from "@/lib/action";
import { entityId } from "@/lib/validation/common";
import { processInputSchema, processVersionToken, stageInputSchema } from "@/lib/validation/process";

/** What a change to a process answers: the process's new version (the token for the next change). */
export type ProcessResult = { version: number; position?: number; dealsFollowed?: number; id?: string };

/** Everything that reads processes: the board, the funnel, deals and their forms. */
function refresh() {
  revalidatePath("/admin/processes");
  revalidatePath("/pipeline");
  revalidatePath("/analytics/funnel");
  revalidatePath("/deals", "layout");
}

/** Every change answers with the process's new version and refreshes what shows processes. */
const changed = <I,>(write: (input: I, ctx: ActionContext) => Promise<ProcessResult>) => async (input: I, ctx: ActionContext) => {
  const data = await write(input, ctx);
  refresh();
  return { ok: true, data };
};

const flag = z.boolean({ error: "参数无效" });
const direction = z.enum(["up", "down"], { error: "移动方向无效" });

export const createProcessAction = formAction(
  processInputSchema,
  changed(async (input, { db, viewer, ip }) => {
    const row = await createProcess(db, viewer, input, ip);
    return { version: row.version, id: row.id };
  }),
);

export const updateProcessAction = formAction(
  z.object({ id: entityId, version: processVersionToken }).and(processInputSchema),
  changed((input, { db, viewer, ip }) => updateProcess(db, viewer, input.id, input.version, input, ip)),
);

export const setDefaultProcessAction = action(
  z.tuple([entityId, processVersionToken]),
  changed(([id, version], { db, viewer, ip }) => setDefaultProcess(db, viewer, id, version, ip)),
);

export const setProcessArchivedAction = action(
  z.tuple([entityId, processVersionToken, flag]),
  changed(([id, version, archived], { db, viewer, ip }) => setProcessArchived(db, viewer, id, version, archived, ip)),
);

export const addStageAction = formAction(
  z.object({ processId: entityId, version: processVersionToken }).and(stageInputSchema),
  changed(async (input, { db, viewer, ip }) => {
    const r = await addStage(db, viewer, input.processId, input.version, input, ip);
    return { version: r.version, id: r.stageId };
  }),
);

export const updateStageAction = action(
  z.tuple([entityId, entityId, processVersionToken, stageInputSchema]),
  changed(([processId, stageId, version, input], { db, viewer, ip }) => updateStage(db, viewer, processId, stageId, version, input, ip)),
);

export const moveStageAction = action(
  z.tuple([entityId, entityId, processVersionToken, direction]),
  changed(([processId, stageId, version, dir], { db, viewer, ip }) => moveStage(db, viewer, processId, stageId, version, dir, ip)),
);

export const setStageArchivedAction = action(
  z.tuple([entityId, entityId, processVersionToken, flag]),
  changed(([processId, stageId, version, archived], { db, viewer, ip }) => setStageArchived(db, viewer, processId, stageId, version, archived, ip)),
);
