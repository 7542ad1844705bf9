"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
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
import { action, formAction } from "@/lib/action";
import { entityId, optInt, withId } from "@/lib/validation/common";
import { advantageDeleteSchema, advantageInputSchema, fabInputSchema, productInputSchema } from "@/lib/validation/product";

function refresh(productId?: string) {
  revalidatePath("/products");
  if (productId) revalidatePath(`/products/${productId}`, "layout");
}

const direction = z.enum(["up", "down"], { error: "移动方向无效" });

/** Create or edit a product of the catalogue; what was typed survives a failed save. */
export const saveProductAction = formAction(withId(productInputSchema), async (input, { db, viewer, ip }) => {
  const row = input.id ? await updateProduct(db, viewer, input.id, input, ip) : await createProduct(db, viewer, input, ip);
  refresh(row.id);
  revalidatePath("/deals/new");
  redirect(`/products/${row.id}?saved=${input.id ? "updated" : "created"}`);
});

export const setProductArchivedAction = action(z.tuple([entityId, z.boolean({ error: "参数无效" })]), async ([id, archived], { db, viewer, ip }) => {
  await setProductArchived(db, viewer, id, archived, ip);
  refresh(id);
  revalidatePath("/deals/new");
  return { ok: true };
});

/** A new FAB chain, or an edit of one (with its version). */
export const saveFabAction = formAction(withId(fabInputSchema), async (input, { db, viewer, ip }) => {
  const row = input.id ? await updateFabEntry(db, viewer, input.id, input, ip) : await createFabEntry(db, viewer, input, ip);
  refresh(input.productId);
  return { ok: true, data: { id: row.id } };
});

export const deleteFabAction = action(
  z.tuple([entityId, entityId, optInt(1, 2_000_000_000, "版本无效").catch(null)]),
  async ([productId, id, version], { db, viewer, ip }) => {
    await deleteFabEntry(db, viewer, productId, id, version, ip);
    refresh(productId);
    return { ok: true };
  },
);

export const moveFabAction = action(z.tuple([entityId, entityId, direction]), async ([productId, id, dir], { db, viewer, ip }) => {
  await moveFabEntry(db, viewer, productId, id, dir, ip);
  refresh(productId);
  return { ok: true };
});

/** Saves one competitor analysis from the grid editor (a plain object: rows of dimensions and scores). */
export const saveAnalysisAction = action(z.tuple([advantageInputSchema]), async ([input], { db, viewer, ip }) => {
  const data: { competitor: string } = await saveAnalysis(db, viewer, input, ip);
  refresh(input.productId);
  revalidatePath("/products/advantage");
  return { ok: true, data };
});

export const deleteAnalysisAction = action(z.tuple([advantageDeleteSchema]), async ([input], { db, viewer, ip }) => {
  await deleteAnalysis(db, viewer, input.productId, input.competitor, input.base, ip);
  refresh(input.productId);
  revalidatePath("/products/advantage");
  return { ok: true };
});
