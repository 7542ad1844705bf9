"use server";

import { changeOwnPassword } from "@/db/queries/users";
import { formAction } from "@/lib/action";
import { changePasswordSchema } from "@/lib/validation/admin";

/**
 * 修改密码: the one action a session with an initial password may run. Every session of the user ends with
 * it (this one too); the page then sends them to sign in with the new password.
 */
export const changePasswordAction = formAction(
  changePasswordSchema,
  async ({ currentPassword, password }, { db, viewer, ip }) => {
    await changeOwnPassword(db, viewer.id, currentPassword, password, ip);
    return { ok: true };
  },
  { passwordChange: true },
);
