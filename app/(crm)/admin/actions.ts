"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  addDictionaryItem,
  copyRole,
  createOrgUnit,
  createUser,
  deleteOrgUnit,
  deleteRole,
  moveDictionaryItem,
  moveOrgUnit,
  renameDictionaryItem,
  renameOrgUnit,
  resetUserPassword,
  setDictionaryItemArchived,
  setOrgUnitActive,
  setUserActive,
  updateRole,
  updateUser,
} from "@/db/queries/admin";
import { action, formAction } from "@/lib/action";
import {
  copyRoleSchema,
  dictionaryItemSchema,
  dictionaryLabelSchema,
  editUserSchema,
  newUserSchema,
  orgUnitInputSchema,
  resetPasswordSchema,
  roleInputSchema,
  unitNameSchema,
} from "@/lib/validation/admin";
import { entityId } from "@/lib/validation/common";

/** 系统管理 actions: thin; permission, the safety rules and the audit rows live in db/queries/admin.ts. */

const flag = z.boolean({ error: "参数无效" });
const done = (path: string, data?: unknown) => {
  revalidatePath(path, "layout");
  return { ok: true, data };
};

// ---- org tree
export const createOrgUnitAction = formAction(orgUnitInputSchema, async (input, { db, viewer, ip }) => {
  const row = await createOrgUnit(db, viewer, input, ip);
  return done("/admin", { id: row.id });
});
export const renameOrgUnitAction = action(z.tuple([entityId, unitNameSchema]), async ([id, name], { db, viewer, ip }) => {
  await renameOrgUnit(db, viewer, id, name, ip);
  return done("/admin");
});
export const moveOrgUnitAction = action(z.tuple([entityId, entityId]), async ([id, parentId], { db, viewer, ip }) => {
  await moveOrgUnit(db, viewer, id, parentId, ip);
  return done("/admin");
});
export const setOrgUnitActiveAction = action(z.tuple([entityId, flag]), async ([id, active], { db, viewer, ip }) => {
  await setOrgUnitActive(db, viewer, id, active, ip);
  return done("/admin");
});
export const deleteOrgUnitAction = action(z.tuple([entityId]), async ([id], { db, viewer, ip }) => {
  await deleteOrgUnit(db, viewer, id, ip);
  return done("/admin");
});

// ---- users
export const createUserAction = formAction(newUserSchema, async (input, { db, viewer, ip }) => {
  const row = await createUser(db, viewer, input, ip);
  return done("/admin/users", { id: row.id });
});
export const updateUserAction = formAction(editUserSchema, async ({ id, version, ...input }, { db, viewer, ip }) => {
  await updateUser(db, viewer, id, version, input, ip);
  return done("/admin/users");
});
export const resetPasswordAction = formAction(resetPasswordSchema, async ({ id, password }, { db, viewer, ip }) => {
  await resetUserPassword(db, viewer, id, password, ip);
  return done("/admin/users");
});
export const setUserActiveAction = action(z.tuple([entityId, flag]), async ([id, active], { db, viewer, ip }) => {
  await setUserActive(db, viewer, id, active, ip);
  return done("/admin/users");
});

// ---- roles
export const copyRoleAction = formAction(copyRoleSchema, async ({ fromId, name }, { db, viewer, ip }) => {
  const row = await copyRole(db, viewer, fromId, name, ip);
  return done("/admin/roles", { id: row.id });
});
export const updateRoleAction = formAction(roleInputSchema, async ({ id, version, ...input }, { db, viewer, ip }) => {
  await updateRole(db, viewer, id, version, input, ip);
  return done("/admin/roles");
});
export const deleteRoleAction = action(z.tuple([entityId]), async ([id], { db, viewer, ip }) => {
  await deleteRole(db, viewer, id, ip);
  return done("/admin/roles");
});

// ---- dictionaries (the customer forms read them too)
const dictionariesChanged = () => {
  revalidatePath("/customers", "layout");
  return done("/admin/dictionaries");
};
export const addDictionaryItemAction = formAction(dictionaryItemSchema, async (input, { db, viewer, ip }) => {
  await addDictionaryItem(db, viewer, input, ip);
  return dictionariesChanged();
});
export const renameDictionaryItemAction = action(z.tuple([entityId, dictionaryLabelSchema]), async ([id, label], { db, viewer, ip }) => {
  await renameDictionaryItem(db, viewer, id, label, ip);
  return dictionariesChanged();
});
export const moveDictionaryItemAction = action(z.tuple([entityId, z.enum(["up", "down"], { error: "移动方向无效" })]), async ([id, dir], { db, viewer, ip }) => {
  await moveDictionaryItem(db, viewer, id, dir, ip);
  return dictionariesChanged();
});
export const setDictionaryItemArchivedAction = action(z.tuple([entityId, flag]), async ([id, archived], { db, viewer, ip }) => {
  await setDictionaryItemArchived(db, viewer, id, archived, ip);
  return dictionariesChanged();
});
