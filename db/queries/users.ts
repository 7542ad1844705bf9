import { and, asc, eq, isNull, like, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orgUnits, roles, users } from "@/db/schema";
import type { DataScope, Permission } from "@/lib/permissions";
import type { Viewer } from "@/lib/viewer";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/password";
import { writeAudit } from "./audit";
import { clearFailures, lockedMinutes, recordFailure } from "./login-attempts";
import { scopeWhere } from "./scope";

export async function getUserByEmail(db: Db, email: string) {
  const [u] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`, isNull(users.deletedAt)))
    .limit(1);
  return u ?? null;
}

/**
 * Resolves the Viewer for a user id: role, scope, permissions and the visible org units.
 * With `session`, the viewer of a signed-in request: null unless the token's session generation is the
 * user's current one (sign-out, a new password, role, unit or deactivation retire older tokens).
 */
export async function getViewer(db: Db, userId: string, session?: { sessionVersion: number }): Promise<Viewer | null> {
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      active: users.active,
      orgUnitId: users.orgUnitId,
      orgUnitName: orgUnits.name,
      path: orgUnits.path,
      roleCode: roles.code,
      roleName: roles.name,
      dataScope: roles.dataScope,
      permissions: roles.permissions,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(
      and(
        eq(users.id, userId),
        isNull(users.deletedAt),
        session ? eq(users.sessionVersion, session.sessionVersion) : undefined,
      ),
    )
    .limit(1);
  if (!row || !row.active) return null;
  let unitIds: string[] = [];
  if (row.dataScope === "unit") unitIds = [row.orgUnitId];
  if (row.dataScope === "unit_tree") {
    const sub = await db
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(like(orgUnits.path, `${row.path}%`), isNull(orgUnits.deletedAt)));
    unitIds = sub.map((s) => s.id);
  }
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    roleCode: row.roleCode,
    roleName: row.roleName,
    orgUnitId: row.orgUnitId,
    orgUnitName: row.orgUnitName,
    dataScope: row.dataScope as DataScope,
    unitIds,
    permissions: row.permissions as Permission[],
    mustChangePassword: row.mustChangePassword,
  };
}

/**
 * Ends every session of the user issued under `expected` (sign-out). Only a current token may do it,
 * so a stale copied cookie cannot sign the user out of their newer sessions. Admin code that changes
 * a user's password, role, unit or active flag needs no call: the users_session_version trigger bumps.
 */
export async function bumpSessionVersion(db: Db, userId: string, expected?: number) {
  const rows = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.id, userId), expected === undefined ? undefined : eq(users.sessionVersion, expected)))
    .returning({ sessionVersion: users.sessionVersion });
  return rows[0]?.sessionVersion ?? null;
}

/** Reps (and managers) the viewer may pick as an owner: the people of the viewer's scope. */
export async function getOwnerOptions(db: Db, viewer: Viewer) {
  return db
    .select({ id: users.id, name: users.name, orgUnitId: users.orgUnitId, orgUnitName: orgUnits.name })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(and(scopeWhere(viewer, { ownerId: users.id, orgUnitId: users.orgUnitId }), eq(users.active, true), isNull(users.deletedAt)))
    .orderBy(asc(orgUnits.path), asc(users.name))
    .limit(500);
}

export async function getUserPlacement(db: Db, userId: string) {
  const [u] = await db
    .select({ id: users.id, orgUnitId: users.orgUnitId, name: users.name })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt), eq(users.active, true)))
    .limit(1);
  return u ?? null;
}

/** Every active person's id (the daily jobs' work list). */
export async function activeUserIds(db: Db) {
  return (await db.select({ id: users.id }).from(users).where(and(eq(users.active, true), isNull(users.deletedAt)))).map((r) => r.id);
}

/**
 * The signed-in user replaces their password (first sign-in with an initial password, or any time): the
 * current one must be right; afterwards every session, this one too, is retired (users_session_version),
 * so the user signs in again with the new password.
 */
export async function changeOwnPassword(db: Db, userId: string, current: string, next: string, ip?: string) {
  const [u] = await db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(and(eq(users.id, userId), isNull(users.deletedAt), eq(users.active, true))).limit(1);
  if (!u) throw new AppError("UNAUTHENTICATED", "登录已过期，请重新登录");
  // guessing the current password from a signed-in session is throttled like signing in (5 tries, then 15 minutes)
  const key = `pwd:${userId}`;
  const locked = await lockedMinutes(db, key);
  if (locked) throw new AppError("RATE_LIMITED", `尝试次数过多，请 ${locked} 分钟后再试`);
  if (!(await verifyPassword(u.passwordHash, current))) {
    await recordFailure(db, "account", key);
    throw new AppError("VALIDATION", "请修正标出的字段", { currentPassword: "当前密码不正确" });
  }
  await clearFailures(db, key);
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedBy: userId }).where(eq(users.id, userId));
    await writeAudit(tx, { id: userId }, { action: "change_password", entityType: "user", entityId: userId, ip });
  });
}
