"use server";

import { revalidatePath } from "next/cache";
import type { ZodError } from "zod";
import { addStage, createProcess, moveStage, setDefaultProcess, setProcessArchived, setStageArchived, updateProcess, updateStage } from "@/db/queries/processes";
import { runAction, type ActionState } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { fieldErrors, formDataToObject, isUuid } from "@/lib/validation/common";
import { processInputSchema, processVersionSchema, stageInputSchema } from "@/lib/validation/process";

/** What a change to a process answers: the process's new version (the token for the next change). */
export type ProcessResult = { version: number; position?: number; dealsFollowed?: number; id?: string };

function parse<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: ZodError } }, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new AppError("VALIDATION", "请修正标出的字段", fieldErrors(r.error));
  return r.data;
}

/** Malformed ids are not found; a malformed version is a stale page. */
function ids(...xs: unknown[]) {
  if (!xs.every(isUuid)) throw new AppError("NOT_FOUND");
}
function versionOf(v: unknown) {
  const r = processVersionSchema.safeParse(v);
  if (!r.success) throw new AppError("CONFLICT", "流程已被他人修改，请刷新后重试（您的修改尚未保存）");
  return r.data;
}

/** Everything that reads processes: the board, the funnel, deals and their forms. */
function refresh() {
  revalidatePath("/admin/processes");
  revalidatePath("/pipeline");
  revalidatePath("/analytics/funnel");
  revalidatePath("/deals", "layout");
}

async function run(fn: Parameters<typeof runAction<ProcessResult>>[0], raw?: Record<string, unknown>): Promise<ActionState<ProcessResult>> {
  const r = await runAction<ProcessResult>(fn);
  if (r.ok) refresh();
  return r.ok || !raw ? r : { ...r, data: { values: raw } as never };
}

export async function createProcessAction(_prev: ActionState<ProcessResult>, formData: FormData) {
  const raw = formDataToObject(formData);
  return run(async ({ db, viewer, ip }) => {
    const row = await createProcess(db, viewer, parse(processInputSchema, raw), ip);
    return { ok: true, data: { version: row.version, id: row.id } };
  }, raw);
}

export async function updateProcessAction(_prev: ActionState<ProcessResult>, formData: FormData) {
  const raw = formDataToObject(formData);
  return run(async ({ db, viewer, ip }) => {
    ids(raw.id);
    return { ok: true, data: await updateProcess(db, viewer, raw.id as string, versionOf(raw.version), parse(processInputSchema, raw), ip) };
  }, raw);
}

export async function setDefaultProcessAction(id: string, version: number) {
  return run(async ({ db, viewer, ip }) => {
    ids(id);
    return { ok: true, data: await setDefaultProcess(db, viewer, id, versionOf(version), ip) };
  });
}

export async function setProcessArchivedAction(id: string, version: number, archived: boolean) {
  return run(async ({ db, viewer, ip }) => {
    ids(id);
    return { ok: true, data: await setProcessArchived(db, viewer, id, versionOf(version), archived === true, ip) };
  });
}

export async function addStageAction(_prev: ActionState<ProcessResult>, formData: FormData) {
  const raw = formDataToObject(formData);
  return run(async ({ db, viewer, ip }) => {
    ids(raw.processId);
    const r = await addStage(db, viewer, raw.processId as string, versionOf(raw.version), parse(stageInputSchema, raw), ip);
    return { ok: true, data: { version: r.version, id: r.stageId } };
  }, raw);
}

export async function updateStageAction(processId: string, stageId: string, version: number, input: { name: unknown; probability: unknown }) {
  return run(async ({ db, viewer, ip }) => {
    ids(processId, stageId);
    return { ok: true, data: await updateStage(db, viewer, processId, stageId, versionOf(version), parse(stageInputSchema, input), ip) };
  });
}

export async function moveStageAction(processId: string, stageId: string, version: number, direction: "up" | "down") {
  return run(async ({ db, viewer, ip }) => {
    ids(processId, stageId);
    if (direction !== "up" && direction !== "down") throw new AppError("VALIDATION", "移动方向无效");
    return { ok: true, data: await moveStage(db, viewer, processId, stageId, versionOf(version), direction, ip) };
  });
}

export async function setStageArchivedAction(processId: string, stageId: string, version: number, archived: boolean) {
  return run(async ({ db, viewer, ip }) => {
    ids(processId, stageId);
    return { ok: true, data: await setStageArchived(db, viewer, processId, stageId, versionOf(version), archived === true, ip) };
  });
}
