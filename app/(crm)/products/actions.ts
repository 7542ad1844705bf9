"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ZodError } from "zod";
import {
  createFabEntry,
  createProduct,
  deleteAnalysis,
  deleteFabEntry,
  moveFabEntry,
  saveAnalysis,
  setProductArchived,
  updateFabEntry,
  updateProduct,
} from "@/db/queries/products";
import { runAction, type ActionState } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { fieldErrors, formDataToObject, isUuid } from "@/lib/validation/common";
import { advantageDeleteSchema, advantageInputSchema, fabInputSchema, productInputSchema } from "@/lib/validation/product";

function parse<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: ZodError } }, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new AppError("VALIDATION", "请修正标出的字段", fieldErrors(r.error));
  return r.data;
}

function refresh(productId?: string) {
  revalidatePath("/products");
  if (productId) revalidatePath(`/products/${productId}`, "layout");
}

/** Create or edit a product of the catalogue; what was typed survives a failed save. */
export async function saveProductAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const raw = formDataToObject(formData);
  const id = typeof raw.id === "string" && raw.id ? raw.id : null;
  let savedId: string | null = null;
  const r = await runAction(async ({ db, viewer, ip }) => {
    if (id !== null && !isUuid(id)) throw new AppError("NOT_FOUND");
    const input = parse(productInputSchema, raw);
    const row = id ? await updateProduct(db, viewer, id, input, ip) : await createProduct(db, viewer, input, ip);
    savedId = row.id;
    return { ok: true };
  });
  if (r.ok && savedId) {
    refresh(savedId);
    revalidatePath("/deals/new");
    redirect(`/products/${savedId}?saved=${id ? "updated" : "created"}`);
  }
  return { ...r, data: { values: raw } };
}

export async function setProductArchivedAction(id: string, archived: boolean): Promise<ActionState> {
  const r = await runAction(async ({ db, viewer, ip }) => {
    if (!isUuid(id)) throw new AppError("NOT_FOUND");
    await setProductArchived(db, viewer, id, archived === true, ip);
    return { ok: true };
  });
  if (r.ok) {
    refresh(id);
    revalidatePath("/deals/new");
  }
  return r;
}

/** A new FAB chain, or an edit of one (with its version). */
export async function saveFabAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const raw = formDataToObject(formData);
  const id = typeof raw.id === "string" && raw.id ? raw.id : null;
  const r = await runAction(async ({ db, viewer, ip }) => {
    if ((id !== null && !isUuid(id)) || !isUuid(raw.productId)) throw new AppError("NOT_FOUND");
    const input = parse(fabInputSchema, raw);
    const row = id ? await updateFabEntry(db, viewer, id, input, ip) : await createFabEntry(db, viewer, input, ip);
    return { ok: true, data: { id: row.id } };
  });
  if (r.ok) {
    refresh(String(raw.productId));
    return r;
  }
  return { ...r, data: { values: raw } };
}

export async function deleteFabAction(productId: string, id: string, version: number | null): Promise<ActionState> {
  const r = await runAction(async ({ db, viewer, ip }) => {
    if (!isUuid(productId) || !isUuid(id)) throw new AppError("NOT_FOUND");
    await deleteFabEntry(db, viewer, productId, id, Number.isInteger(version) ? version : null, ip);
    return { ok: true };
  });
  if (r.ok) refresh(productId);
  return r;
}

export async function moveFabAction(productId: string, id: string, direction: "up" | "down"): Promise<ActionState> {
  const r = await runAction(async ({ db, viewer, ip }) => {
    if (!isUuid(productId) || !isUuid(id)) throw new AppError("NOT_FOUND");
    if (direction !== "up" && direction !== "down") throw new AppError("VALIDATION", "移动方向无效");
    await moveFabEntry(db, viewer, productId, id, direction, ip);
    return { ok: true };
  });
  if (r.ok) refresh(productId);
  return r;
}

/** Saves one competitor analysis from the grid editor (a plain object: rows of dimensions and scores). */
export async function saveAnalysisAction(input: unknown): Promise<ActionState<{ competitor: string }>> {
  const r = await runAction(async ({ db, viewer, ip }) => {
    if (!isUuid((input as { productId?: unknown } | null)?.productId)) throw new AppError("NOT_FOUND");
    const parsed = parse(advantageInputSchema, input);
    const res = await saveAnalysis(db, viewer, parsed, ip);
    return { ok: true, data: res };
  });
  const productId = (input as { productId?: unknown } | null)?.productId;
  if (r.ok && isUuid(productId)) {
    refresh(productId);
    revalidatePath("/products/advantage");
  }
  return r;
}

export async function deleteAnalysisAction(input: unknown): Promise<ActionState> {
  const r = await runAction(async ({ db, viewer, ip }) => {
    if (!isUuid((input as { productId?: unknown } | null)?.productId)) throw new AppError("NOT_FOUND");
    const parsed = parse(advantageDeleteSchema, input);
    await deleteAnalysis(db, viewer, parsed.productId, parsed.competitor, parsed.base, ip);
    return { ok: true };
  });
  const productId = (input as { productId?: unknown } | null)?.productId;
  if (r.ok && isUuid(productId)) {
    refresh(productId);
    revalidatePath("/products/advantage");
  }
  return r;
}
