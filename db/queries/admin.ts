import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, max, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { uuidv7 } from "uuidv7";
import { queryRows, type Db } from "@/db/client";
import { auditLog, customers, dictionaryItems, orgUnits, roles, users, type DictionaryKind } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { hashPassword } from "@/lib/password";
import { DATA_SCOPES, PERMISSIONS, type DataScope, type Permission } from "@/lib/permissions";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { loginEventsPage } from "./login-attempts";

/**
 * 系统管理: the org tree, users, roles, dictionaries, the audit log and sign-in history. Reading needs
 * admin:view (the admin, and the GM read-only); each change needs its own permission (admin:org,
 * admin:users, admin:dictionaries) and writes an audit row in its transaction. Nothing here reads sales
 * data: counts of customers are used only to refuse a deletion, never shown.
 */

const need = (viewer: Viewer, p: Permission) => {
  if (!can(viewer, p)) throw forbidden();
};

/** Serialises changes to the org tree (moves must not race into a cycle). */
const lockTree = (tx: Db) => tx.execute(sql`select pg_advisory_xact_lock(hashtext('zhike:org-tree'))`);
/** Serialises changes that could leave the company without an active administrator. */
const lockAdmins = (tx: Db) => tx.execute(sql`select pg_advisory_xact_lock(hashtext('zhike:admins'))`);

/** The permission that makes someone an administrator: who may manage users (and so recover everything else). */
export const ADMIN_PERMISSION: Permission = "admin:users";

// ---------------------------------------------------------------- org tree

export type OrgUnitKindInput = "branch" | "department" | "agent";

export async function getOrgTree(db: Db, viewer: Viewer) {
  need(viewer, "admin:view");
  const rows = await db
    .select({
      id: orgUnits.id,
      parentId: orgUnits.parentId,
      kind: orgUnits.kind,
      name: orgUnits.name,
      path: orgUnits.path,
      sort: orgUnits.sort,
      active: orgUnits.active,
      // the outer column named in full: drizzle writes a lone column of a one-table select unqualified
      users: sql<number>`(select count(*)::int from users u where u.org_unit_id = org_units.id and u.deleted_at is null and u.active)`,
    })
    .from(orgUnits)
    .where(isNull(orgUnits.deletedAt))
    .orderBy(asc(orgUnits.path))
    .limit(2000);
  // depth-first order by the tree itself, siblings by sort then name
  const children = new Map<string | null, typeof rows>();
  for (const r of rows) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  const out: ((typeof rows)[number] & { depth: number })[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const r of (children.get(parent) ?? []).sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name, "zh-CN"))) {
      out.push({ ...r, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

async function unitFor(tx: Db, id: string) {
  const [u] = await tx.select().from(orgUnits).where(and(eq(orgUnits.id, id), isNull(orgUnits.deletedAt))).limit(1);
  if (!u) throw notFound();
  return u;
}

const unitSnapshot = (u: { name: string; kind: string; parentId: string | null; active: boolean }) => ({ name: u.name, kind: u.kind, parentId: u.parentId, active: u.active });

export async function createOrgUnit(db: Db, viewer: Viewer, input: { parentId: string; kind: OrgUnitKindInput; name: string }, ip?: string) {
  need(viewer, "admin:org");
  return db.transaction(async (tx) => {
    await lockTree(tx);
    const parent = await unitFor(tx, input.parentId);
    if (!parent.active) throw new AppError("VALIDATION", "请修正标出的字段", { parentId: "上级部门已停用" });
    const id = uuidv7();
    const [{ sort }] = await tx.select({ sort: max(orgUnits.sort) }).from(orgUnits).where(eq(orgUnits.parentId, parent.id));
    const [row] = await tx
      .insert(orgUnits)
      .values({ id, parentId: parent.id, kind: input.kind, name: input.name, path: `${parent.path}${id}/`, sort: (sort ?? -1) + 1, createdBy: viewer.id, updatedBy: viewer.id })
      .returning();
    await writeAudit(tx, viewer, { action: "create", entityType: "org_unit", entityId: id, after: unitSnapshot(row), ip });
    return row;
  });
}

export async function renameOrgUnit(db: Db, viewer: Viewer, id: string, name: string, ip?: string) {
  need(viewer, "admin:org");
  return db.transaction(async (tx) => {
    const u = await unitFor(tx, id);
    if (u.name === name) return u;
    const [row] = await tx.update(orgUnits).set({ name, updatedBy: viewer.id, version: sql`${orgUnits.version} + 1` }).where(eq(orgUnits.id, id)).returning();
    await writeAudit(tx, viewer, { action: "update", entityType: "org_unit", entityId: id, before: { name: u.name }, after: { name }, ip });
    return row;
  });
}

/**
 * Moves a unit (with its subtree) under another parent: the materialised paths of the whole subtree are
 * rewritten in the same transaction, so every data scope (resolved per request from the paths in
 * getViewer) follows on the next request.
 */
export async function moveOrgUnit(db: Db, viewer: Viewer, id: string, parentId: string, ip?: string) {
  need(viewer, "admin:org");
  return db.transaction(async (tx) => {
    await lockTree(tx);
    const u = await unitFor(tx, id);
    if (!u.parentId) throw new AppError("VALIDATION", "总公司不能移动");
    const parent = await unitFor(tx, parentId);
    if (parent.path.startsWith(u.path)) throw new AppError("VALIDATION", "请修正标出的字段", { parentId: "不能移到自身或下级部门之下" });
    if (u.parentId === parent.id) return u;
    const oldPrefix = u.path.slice(0, u.path.length - id.length - 1);
    await tx.execute(
      sql`update org_units set path = ${parent.path} || substr(path, ${oldPrefix.length + 1}), updated_at = now() where path like ${u.path + "%"}`,
    );
    const [{ sort }] = await tx.select({ sort: max(orgUnits.sort) }).from(orgUnits).where(eq(orgUnits.parentId, parent.id));
    const [row] = await tx
      .update(orgUnits)
      .set({ parentId: parent.id, sort: (sort ?? -1) + 1, updatedBy: viewer.id, version: sql`${orgUnits.version} + 1` })
      .where(eq(orgUnits.id, id))
      .returning();
    await writeAudit(tx, viewer, { action: "move", entityType: "org_unit", entityId: id, before: { parentId: u.parentId }, after: { parentId: parent.id }, ip });
    return row;
  });
}

export async function setOrgUnitActive(db: Db, viewer: Viewer, id: string, active: boolean, ip?: string) {
  need(viewer, "admin:org");
  return db.transaction(async (tx) => {
    await lockTree(tx);
    const u = await unitFor(tx, id);
    if (!u.parentId && !active) throw new AppError("VALIDATION", "总公司不能停用");
    if (u.active === active) return u;
    if (active && u.parentId && !(await unitFor(tx, u.parentId)).active) throw new AppError("VALIDATION", "请先启用上级部门");
    // disabling a unit disables its subtree: nobody new is placed anywhere under it
    const affected = await tx
      .update(orgUnits)
      .set({ active, updatedBy: viewer.id, version: sql`${orgUnits.version} + 1` })
      .where(active ? eq(orgUnits.id, id) : and(sql`${orgUnits.path} like ${u.path + "%"}`, eq(orgUnits.active, true), isNull(orgUnits.deletedAt)))
      .returning({ id: orgUnits.id });
    await writeAudit(tx, viewer, { action: active ? "enable" : "disable", entityType: "org_unit", entityId: id, before: { active: u.active }, after: { active, units: affected.length }, ip });
    return { ...u, active };
  });
}

/** Deletes (soft) an empty unit; a unit with sub-units, users or customers (even deleted ones) can only be disabled. */
export async function deleteOrgUnit(db: Db, viewer: Viewer, id: string, ip?: string) {
  need(viewer, "admin:org");
  return db.transaction(async (tx) => {
    await lockTree(tx);
    const u = await unitFor(tx, id);
    if (!u.parentId) throw new AppError("VALIDATION", "总公司不能删除");
    const [used] = await queryRows<{ c: boolean }>(
      tx,
      sql`select exists(select 1 from org_units where parent_id = ${id} and deleted_at is null)
          or exists(select 1 from users where org_unit_id = ${id})
          or exists(select 1 from customers where org_unit_id = ${id}) as c`,
    );
    if (used?.c) throw new AppError("CONFLICT", "该部门下有下级部门、用户或客户，不能删除，只能停用");
    await tx.update(orgUnits).set({ deletedAt: new Date(), updatedBy: viewer.id, version: sql`${orgUnits.version} + 1` }).where(eq(orgUnits.id, id));
    await writeAudit(tx, viewer, { action: "delete", entityType: "org_unit", entityId: id, before: unitSnapshot(u), ip });
  });
}

// ---------------------------------------------------------------- roles

export const SCOPE_RANK: Record<DataScope, number> = { none: 0, self: 1, unit: 2, unit_tree: 3, all: 4 };

export async function getRoles(db: Db, viewer: Viewer) {
  need(viewer, "admin:view");
  return db
    .select({
      id: roles.id,
      code: roles.code,
      name: roles.name,
      dataScope: roles.dataScope,
      permissions: roles.permissions,
      builtIn: roles.builtIn,
      version: roles.version,
      users: sql<number>`(select count(*)::int from users u where u.role_id = roles.id and u.deleted_at is null and u.active)`,
    })
    .from(roles)
    .where(isNull(roles.deletedAt))
    .orderBy(desc(roles.builtIn), asc(roles.createdAt), asc(roles.name))
    .limit(500);
}

async function roleFor(tx: Db, id: string) {
  const [r] = await tx.select().from(roles).where(and(eq(roles.id, id), isNull(roles.deletedAt))).limit(1);
  if (!r) throw notFound();
  return r;
}

/** Active users holding the admin permission, other than `except` and other than those of role `exceptRole`. */
async function otherActiveAdmins(tx: Db, except: { userId?: string; roleId?: string }) {
  const [r] = await tx
    .select({ n: count() })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .where(
      and(
        eq(users.active, true),
        isNull(users.deletedAt),
        sql`${ADMIN_PERMISSION} = any(${roles.permissions})`,
        except.userId ? ne(users.id, except.userId) : undefined,
        except.roleId ? ne(roles.id, except.roleId) : undefined,
      ),
    );
  return r.n;
}

const isAdminRole = (r: { permissions: string[] }) => r.permissions.includes(ADMIN_PERMISSION);

/** Whether `next` grants something `current` does not: a permission it lacks, or a wider data scope. */
export function grantsMore(current: { dataScope: DataScope; permissions: string[] }, next: { dataScope: DataScope; permissions: string[] }) {
  return SCOPE_RANK[next.dataScope] > SCOPE_RANK[current.dataScope] || next.permissions.some((p) => !current.permissions.includes(p));
}

const roleSnapshot = (r: { name: string; dataScope: string; permissions: string[] }) => ({ name: r.name, dataScope: r.dataScope, permissions: [...r.permissions].sort() });

export type RoleInput = { name: string; dataScope: DataScope; permissions: Permission[] };

/** Copies a role (a built-in template or another) into a new editable role. */
export async function copyRole(db: Db, viewer: Viewer, fromId: string, name: string, ip?: string) {
  need(viewer, "admin:users");
  return db.transaction(async (tx) => {
    const from = await roleFor(tx, fromId);
    const [dup] = await tx.select({ id: roles.id }).from(roles).where(and(eq(roles.name, name), isNull(roles.deletedAt))).limit(1);
    if (dup) throw new AppError("VALIDATION", "请修正标出的字段", { name: "已有同名角色" });
    const [row] = await tx
      .insert(roles)
      .values({ code: `custom-${crypto.randomUUID().slice(0, 8)}`, name, dataScope: from.dataScope, permissions: [...from.permissions], builtIn: false, createdBy: viewer.id, updatedBy: viewer.id })
      .returning();
    await writeAudit(tx, viewer, { action: "create", entityType: "role", entityId: row.id, after: { ...roleSnapshot(row), copiedFrom: from.id }, ip });
    return row;
  });
}

/**
 * Saves a role's name, data scope and function permissions. Built-in roles are templates and refuse; nobody
 * may widen the role they hold themselves; the last administrators' role keeps the admin permission.
 * Sessions of its holders see the change on their next request (getViewer reads the role every request).
 */
export async function updateRole(db: Db, viewer: Viewer, id: string, version: number, input: RoleInput, ip?: string) {
  need(viewer, "admin:users");
  const permissions = [...new Set(input.permissions)].filter((p) => (PERMISSIONS as readonly string[]).includes(p)).sort();
  if (!(DATA_SCOPES as readonly string[]).includes(input.dataScope)) throw new AppError("VALIDATION", "数据权限无效");
  return db.transaction(async (tx) => {
    await lockAdmins(tx);
    const r = await roleFor(tx, id);
    if (r.builtIn) throw new AppError("FORBIDDEN", "内置角色是模板，不能修改；请复制后再改");
    if (r.version !== version) throw new AppError("CONFLICT", "该角色已被他人修改，请刷新后重试");
    const next = { dataScope: input.dataScope, permissions };
    const [me] = await tx.select({ roleId: users.roleId }).from(users).where(eq(users.id, viewer.id)).limit(1);
    if (me?.roleId === id && grantsMore({ dataScope: r.dataScope as DataScope, permissions: r.permissions }, next))
      throw new AppError("FORBIDDEN", "不能给自己所在的角色增加权限");
    if (isAdminRole(r) && !permissions.includes(ADMIN_PERMISSION)) {
      const [holders] = await tx.select({ n: count() }).from(users).where(and(eq(users.roleId, id), eq(users.active, true), isNull(users.deletedAt)));
      if (holders.n > 0 && (await otherActiveAdmins(tx, { roleId: id })) === 0) throw new AppError("CONFLICT", "这是最后的系统管理员所用的角色，不能去掉用户管理权限");
    }
    if (input.name !== r.name) {
      const [dup] = await tx.select({ id: roles.id }).from(roles).where(and(eq(roles.name, input.name), ne(roles.id, id), isNull(roles.deletedAt))).limit(1);
      if (dup) throw new AppError("VALIDATION", "请修正标出的字段", { name: "已有同名角色" });
    }
    const [row] = await tx
      .update(roles)
      .set({ name: input.name, dataScope: input.dataScope, permissions, updatedBy: viewer.id, version: sql`${roles.version} + 1` })
      .where(eq(roles.id, id))
      .returning();
    await writeAudit(tx, viewer, { action: "update", entityType: "role", entityId: id, before: roleSnapshot(r), after: roleSnapshot(row), ip });
    return row;
  });
}

/** Deletes (soft) a role of one's own making that nobody holds (deactivated users included). */
export async function deleteRole(db: Db, viewer: Viewer, id: string, ip?: string) {
  need(viewer, "admin:users");
  return db.transaction(async (tx) => {
    const r = await roleFor(tx, id);
    if (r.builtIn) throw new AppError("FORBIDDEN", "内置角色是模板，不能删除");
    const [held] = await tx.select({ n: count() }).from(users).where(and(eq(users.roleId, id), isNull(users.deletedAt)));
    if (held.n > 0) throw new AppError("CONFLICT", "还有用户属于该角色，不能删除");
    await tx.update(roles).set({ deletedAt: new Date(), updatedBy: viewer.id, version: sql`${roles.version} + 1` }).where(eq(roles.id, id));
    await writeAudit(tx, viewer, { action: "delete", entityType: "role", entityId: id, before: roleSnapshot(r), ip });
  });
}

// ---------------------------------------------------------------- users

export type UserListFilter = { q?: string; unitId?: string; status?: "active" | "inactive" | "handover" };

/** One page of users (ordered by name, id; keyset cursor [name, id]). */
export async function listUsers(db: Db, viewer: Viewer, f: UserListFilter, after: [string, string] | null, limit = 50) {
  need(viewer, "admin:view");
  const q = f.q?.trim();
  const unit = f.unitId ? await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, f.unitId)).limit(1) : null;
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      mobile: users.mobile,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      handoverPendingSince: users.handoverPendingSince,
      lastLoginAt: users.lastLoginAt,
      orgUnitId: users.orgUnitId,
      orgUnitName: orgUnits.name,
      roleId: users.roleId,
      roleCode: roles.code,
      roleName: roles.name,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .innerJoin(roles, eq(roles.id, users.roleId))
    .where(
      and(
        isNull(users.deletedAt),
        q ? or(ilike(users.name, `%${escapeLike(q)}%`), ilike(users.email, `%${escapeLike(q)}%`), ilike(users.mobile, `%${escapeLike(q)}%`)) : undefined,
        unit ? (unit[0] ? sql`${orgUnits.path} like ${unit[0].path + "%"}` : sql`false`) : undefined,
        f.status === "active" ? eq(users.active, true) : f.status === "inactive" ? eq(users.active, false) : f.status === "handover" ? sql`${users.handoverPendingSince} is not null` : undefined,
        after ? sql`(${users.name}, ${users.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? ([last.name, last.id] as [string, string]) : null };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function getAdminUser(db: Db, viewer: Viewer, id: string) {
  need(viewer, "admin:view");
  const [u] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      mobile: users.mobile,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      handoverPendingSince: users.handoverPendingSince,
      lastLoginAt: users.lastLoginAt,
      orgUnitId: users.orgUnitId,
      orgUnitName: orgUnits.name,
      roleId: users.roleId,
      roleCode: roles.code,
      roleName: roles.name,
      version: users.version,
      createdAt: users.createdAt,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .innerJoin(roles, eq(roles.id, users.roleId))
    .where(and(eq(users.id, id), isNull(users.deletedAt)))
    .limit(1);
  return u ?? null;
}

export async function getUserSignIns(db: Db, viewer: Viewer, userId: string, after: [string, string] | null) {
  need(viewer, "admin:view");
  return loginEventsPage(db, userId, after);
}

async function userFor(tx: Db, id: string) {
  const [u] = await tx.select().from(users).where(and(eq(users.id, id), isNull(users.deletedAt))).limit(1);
  if (!u) throw notFound();
  return u;
}

async function placeableUnit(tx: Db, id: string) {
  const [u] = await tx.select({ id: orgUnits.id, active: orgUnits.active }).from(orgUnits).where(and(eq(orgUnits.id, id), isNull(orgUnits.deletedAt))).limit(1);
  if (!u) throw new AppError("VALIDATION", "请修正标出的字段", { orgUnitId: "部门不存在" });
  if (!u.active) throw new AppError("VALIDATION", "请修正标出的字段", { orgUnitId: "该部门已停用" });
}

const userSnapshot = (u: { name: string; email: string; mobile: string | null; orgUnitId: string; roleId: string; active: boolean }) => ({
  name: u.name,
  email: u.email,
  mobile: u.mobile,
  orgUnitId: u.orgUnitId,
  roleId: u.roleId,
  active: u.active,
});

export type NewUserInput = { email: string; name: string; mobile?: string | null; orgUnitId: string; roleId: string; password: string };

/** Creates a user with an initial password they must replace at their first sign-in. */
export async function createUser(db: Db, viewer: Viewer, input: NewUserInput, ip?: string) {
  need(viewer, "admin:users");
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await placeableUnit(tx, input.orgUnitId);
    await roleFor(tx, input.roleId).catch(() => {
      throw new AppError("VALIDATION", "请修正标出的字段", { roleId: "角色不存在" });
    });
    const [dup] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${input.email.toLowerCase()}`).limit(1);
    if (dup) throw new AppError("VALIDATION", "请修正标出的字段", { email: "该邮箱已被使用" });
    const [row] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, mobile: input.mobile || null, orgUnitId: input.orgUnitId, roleId: input.roleId, passwordHash, mustChangePassword: true, createdBy: viewer.id, updatedBy: viewer.id })
      .returning();
    await writeAudit(tx, viewer, { action: "create", entityType: "user", entityId: row.id, after: userSnapshot(row), ip });
    return row;
  });
}

/** The checks of a change to who a user is: the actor's own role never grows; the last admin stays one. */
async function checkRoleChange(tx: Db, viewer: Viewer, target: { id: string; roleId: string; active: boolean }, roleId: string) {
  if (roleId === target.roleId) return;
  const [from, to] = await Promise.all([roleFor(tx, target.roleId), roleFor(tx, roleId)]);
  if (target.id === viewer.id && grantsMore({ dataScope: from.dataScope as DataScope, permissions: from.permissions }, { dataScope: to.dataScope as DataScope, permissions: to.permissions }))
    throw new AppError("FORBIDDEN", "不能给自己更多的权限");
  if (target.active && isAdminRole(from) && !isAdminRole(to) && (await otherActiveAdmins(tx, { userId: target.id })) === 0)
    throw new AppError("CONFLICT", "这是最后一位系统管理员，不能降级");
}

export async function updateUser(db: Db, viewer: Viewer, id: string, version: number, input: { name: string; mobile?: string | null; orgUnitId: string; roleId: string }, ip?: string) {
  need(viewer, "admin:users");
  return db.transaction(async (tx) => {
    await lockAdmins(tx);
    const u = await userFor(tx, id);
    if (u.version !== version) throw new AppError("CONFLICT", "该用户已被他人修改，请刷新后重试");
    if (input.orgUnitId !== u.orgUnitId) await placeableUnit(tx, input.orgUnitId);
    await roleFor(tx, input.roleId).catch(() => {
      throw new AppError("VALIDATION", "请修正标出的字段", { roleId: "角色不存在" });
    });
    await checkRoleChange(tx, viewer, u, input.roleId);
    const [row] = await tx
      .update(users)
      .set({ name: input.name, mobile: input.mobile || null, orgUnitId: input.orgUnitId, roleId: input.roleId, updatedBy: viewer.id, version: sql`${users.version} + 1` })
      .where(eq(users.id, id))
      .returning();
    await writeAudit(tx, viewer, { action: "update", entityType: "user", entityId: id, before: userSnapshot(u), after: userSnapshot(row), ip });
    return row;
  });
}

/** Sets a new initial password (the user must replace it); every session of theirs ends (users_session_version). */
export async function resetUserPassword(db: Db, viewer: Viewer, id: string, password: string, ip?: string) {
  need(viewer, "admin:users");
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    await userFor(tx, id);
    await tx.update(users).set({ passwordHash, mustChangePassword: true, updatedBy: viewer.id, version: sql`${users.version} + 1` }).where(eq(users.id, id));
    // never the password or its hash
    await writeAudit(tx, viewer, { action: "reset_password", entityType: "user", entityId: id, after: { mustChangePassword: true }, ip });
  });
}

/**
 * Deactivates a user: every session ends at once (the users_session_version trigger bumps on `active`) and,
 * if they own customers, they are flagged as waiting for a hand-over (team management moves them).
 */
export async function setUserActive(db: Db, viewer: Viewer, id: string, active: boolean, ip?: string) {
  need(viewer, "admin:users");
  return db.transaction(async (tx) => {
    await lockAdmins(tx);
    const u = await userFor(tx, id);
    if (u.active === active) return u;
    if (!active) {
      if (id === viewer.id) throw new AppError("FORBIDDEN", "不能停用自己的账号");
      const role = await roleFor(tx, u.roleId);
      if (isAdminRole(role) && (await otherActiveAdmins(tx, { userId: id })) === 0) throw new AppError("CONFLICT", "这是最后一位系统管理员，不能停用");
    } else {
      const [unit] = await tx.select({ active: orgUnits.active }).from(orgUnits).where(eq(orgUnits.id, u.orgUnitId)).limit(1);
      if (!unit?.active) throw new AppError("VALIDATION", "该用户所在部门已停用，请先调到其他部门");
    }
    const [owns] = active ? [{ n: 0 }] : await tx.select({ n: count() }).from(customers).where(and(eq(customers.ownerId, id), isNull(customers.deletedAt)));
    const [row] = await tx
      .update(users)
      .set({ active, handoverPendingSince: !active && owns.n > 0 ? new Date() : null, updatedBy: viewer.id, version: sql`${users.version} + 1` })
      .where(eq(users.id, id))
      .returning();
    await writeAudit(tx, viewer, {
      action: active ? "reactivate" : "deactivate",
      entityType: "user",
      entityId: id,
      before: { active: u.active },
      after: { active, handoverPending: !!row.handoverPendingSince },
      ip,
    });
    return row;
  });
}

// ---------------------------------------------------------------- dictionaries

export const ADMIN_DICTIONARY_KINDS = ["source", "industry", "region", "city", "circle", "credit_grade"] as const satisfies readonly DictionaryKind[];
export type AdminDictionaryKind = (typeof ADMIN_DICTIONARY_KINDS)[number];

const region = alias(dictionaryItems, "region");

export async function getDictionary(db: Db, viewer: Viewer, kind: AdminDictionaryKind) {
  need(viewer, "admin:view");
  return db
    .select({ id: dictionaryItems.id, label: dictionaryItems.label, sort: dictionaryItems.sort, active: dictionaryItems.active, parentId: dictionaryItems.parentId, parentLabel: region.label })
    .from(dictionaryItems)
    .leftJoin(region, eq(region.id, dictionaryItems.parentId))
    .where(and(eq(dictionaryItems.kind, kind), isNull(dictionaryItems.deletedAt)))
    .orderBy(asc(dictionaryItems.sort), asc(dictionaryItems.label))
    .limit(2000);
}

async function itemFor(tx: Db, id: string) {
  const [d] = await tx.select().from(dictionaryItems).where(and(eq(dictionaryItems.id, id), isNull(dictionaryItems.deletedAt))).limit(1);
  if (!d || !(ADMIN_DICTIONARY_KINDS as readonly string[]).includes(d.kind)) throw notFound();
  return d;
}

async function labelTaken(tx: Db, kind: DictionaryKind, label: string, except?: string) {
  const [d] = await tx
    .select({ id: dictionaryItems.id })
    .from(dictionaryItems)
    .where(and(eq(dictionaryItems.kind, kind), eq(dictionaryItems.label, label), except ? ne(dictionaryItems.id, except) : undefined))
    .limit(1);
  return !!d;
}

export async function addDictionaryItem(db: Db, viewer: Viewer, input: { kind: AdminDictionaryKind; label: string; parentId?: string | null }, ip?: string) {
  need(viewer, "admin:dictionaries");
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('zhike:dictionary'))`);
    if (await labelTaken(tx, input.kind, input.label)) throw new AppError("VALIDATION", "请修正标出的字段", { label: "已有同名选项（已归档的也算），可恢复它" });
    let parentId: string | null = null;
    if (input.kind === "city") {
      if (!input.parentId) throw new AppError("VALIDATION", "请修正标出的字段", { parentId: "请选择所属区域" });
      const [r] = await tx.select({ id: dictionaryItems.id }).from(dictionaryItems).where(and(eq(dictionaryItems.id, input.parentId), eq(dictionaryItems.kind, "region"), isNull(dictionaryItems.deletedAt))).limit(1);
      if (!r) throw new AppError("VALIDATION", "请修正标出的字段", { parentId: "区域不存在" });
      parentId = r.id;
    }
    const [{ sort }] = await tx.select({ sort: max(dictionaryItems.sort) }).from(dictionaryItems).where(eq(dictionaryItems.kind, input.kind));
    const [row] = await tx.insert(dictionaryItems).values({ kind: input.kind, label: input.label, parentId, sort: (sort ?? -1) + 1, createdBy: viewer.id, updatedBy: viewer.id }).returning();
    await writeAudit(tx, viewer, { action: "create", entityType: "dictionary_item", entityId: row.id, after: { kind: row.kind, label: row.label, parentId }, ip });
    return row;
  });
}

export async function renameDictionaryItem(db: Db, viewer: Viewer, id: string, label: string, ip?: string) {
  need(viewer, "admin:dictionaries");
  return db.transaction(async (tx) => {
    const d = await itemFor(tx, id);
    if (d.label === label) return d;
    if (await labelTaken(tx, d.kind, label, id)) throw new AppError("VALIDATION", "请修正标出的字段", { label: "已有同名选项" });
    const [row] = await tx.update(dictionaryItems).set({ label, updatedBy: viewer.id, version: sql`${dictionaryItems.version} + 1` }).where(eq(dictionaryItems.id, id)).returning();
    await writeAudit(tx, viewer, { action: "update", entityType: "dictionary_item", entityId: id, before: { label: d.label }, after: { label }, ip });
    return row;
  });
}

/** Moves an item one place up or down among its kind (the order of every pick list). */
export async function moveDictionaryItem(db: Db, viewer: Viewer, id: string, dir: "up" | "down", ip?: string) {
  need(viewer, "admin:dictionaries");
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('zhike:dictionary'))`);
    const d = await itemFor(tx, id);
    const list = await tx
      .select({ id: dictionaryItems.id, sort: dictionaryItems.sort })
      .from(dictionaryItems)
      .where(and(eq(dictionaryItems.kind, d.kind), isNull(dictionaryItems.deletedAt)))
      .orderBy(asc(dictionaryItems.sort), asc(dictionaryItems.label))
      .limit(2000);
    const i = list.findIndex((x) => x.id === id);
    const j = dir === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j], list[i]];
    // renumber the kind 0..n-1 (only rows whose place changed are written)
    const moved = list.map((x, n) => ({ id: x.id, sort: n, was: x.sort })).filter((x) => x.sort !== x.was);
    for (const m of moved) await tx.update(dictionaryItems).set({ sort: m.sort }).where(eq(dictionaryItems.id, m.id));
    await writeAudit(tx, viewer, { action: "reorder", entityType: "dictionary_item", entityId: id, before: { position: i + 1 }, after: { position: j + 1 }, ip });
  });
}

/** Archives (or restores) an item: archived values leave the pick lists but stay on the records that use them. Never deleted. */
export async function setDictionaryItemArchived(db: Db, viewer: Viewer, id: string, archived: boolean, ip?: string) {
  need(viewer, "admin:dictionaries");
  return db.transaction(async (tx) => {
    const d = await itemFor(tx, id);
    if (d.active === !archived) return d;
    const [row] = await tx.update(dictionaryItems).set({ active: !archived, updatedBy: viewer.id, version: sql`${dictionaryItems.version} + 1` }).where(eq(dictionaryItems.id, id)).returning();
    await writeAudit(tx, viewer, { action: archived ? "archive" : "restore", entityType: "dictionary_item", entityId: id, before: { active: d.active }, after: { active: row.active }, ip });
    return row;
  });
}

// ---------------------------------------------------------------- audit log

/**
 * Entity types of administration (and configuration): every audit viewer sees them. The rest (customers,
 * deals, communications, plans …) are sales data: only a viewer whose data scope is the whole company sees
 * those entries, so an administrator without sales data sees none of it here either.
 */
export const SYSTEM_ENTITY_TYPES = ["org_unit", "user", "role", "dictionary_item", "process", "process_stage", "value_grade_rules", "app_settings", "product"] as const;

export type AuditFilter = { actorId?: string; entityType?: string; action?: string; from?: string; to?: string };

const actor = alias(users, "actor");

function auditWhere(viewer: Viewer, f: AuditFilter): SQL {
  return and(
    viewer.dataScope === "all" ? undefined : inArray(auditLog.entityType, [...SYSTEM_ENTITY_TYPES]),
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    // the period is in China time, whole days: from 00:00 of `from` to before 00:00 after `to`
    f.from ? gte(auditLog.at, sql`(${f.from}::date)::timestamp at time zone 'Asia/Shanghai'`) : undefined,
    f.to ? lt(auditLog.at, sql`(${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`) : undefined,
  )!;
}

const auditColumns = {
  id: auditLog.id,
  at: auditLog.at,
  atKey: sql<string>`${auditLog.at}::text`,
  actorId: auditLog.actorId,
  actorName: actor.name,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  before: auditLog.before,
  after: auditLog.after,
  ip: auditLog.ip,
};

/** One page of the audit log, newest first (keyset on at, id). */
export async function auditPage(db: Db, viewer: Viewer, f: AuditFilter, after: [string, string] | null, limit = 50) {
  need(viewer, "audit:view");
  const rows = await db
    .select(auditColumns)
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .where(and(auditWhere(viewer, f), after ? sql`(${auditLog.at}, ${auditLog.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? ([last.atKey, last.id] as [string, string]) : null };
}

/** The largest export of the audit log in one file. */
export const AUDIT_EXPORT_LIMIT = 100_000;

/** The filtered audit log for export, page by page (keyset), at most AUDIT_EXPORT_LIMIT rows; the export itself is audited. */
export async function* exportAudit(db: Db, viewer: Viewer, f: AuditFilter, ip?: string) {
  need(viewer, "audit:view");
  await writeAudit(db, viewer, { action: "export", entityType: "audit_log", after: { filter: f }, ip });
  let after: [string, string] | null = null;
  let sent = 0;
  while (sent < AUDIT_EXPORT_LIMIT) {
    const page: Awaited<ReturnType<typeof auditPage>> = await auditPage(db, viewer, f, after, 1000);
    for (const r of page.items) yield r;
    sent += page.items.length;
    if (!page.next) return;
    after = page.next;
  }
}

/** The choices of the audit filters: the actions and entity types that occur, and the people. */
export async function auditFilterOptions(db: Db, viewer: Viewer) {
  need(viewer, "audit:view");
  const [actions, types, people] = await Promise.all([
    queryRows<{ action: string }>(db, sql`select distinct action from audit_log order by 1 limit 100`),
    queryRows<{ entity_type: string }>(db, sql`select distinct entity_type from audit_log order by 1 limit 100`),
    db.select({ id: users.id, name: users.name }).from(users).where(isNull(users.deletedAt)).orderBy(asc(users.name)).limit(1000),
  ]);
  const visibleTypes = types
    .map((r) => r.entity_type)
    .filter((t) => viewer.dataScope === "all" || (SYSTEM_ENTITY_TYPES as readonly string[]).includes(t));
  return { actions: actions.map((r) => r.action), entityTypes: visibleTypes, people };
}

// ---------------------------------------------------------------- picks for forms

/** Units a user may be placed in (active ones) and every role, for the user forms. */
export async function userFormOptions(db: Db, viewer: Viewer) {
  need(viewer, "admin:view");
  const [units, roleRows] = await Promise.all([
    db.select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path, active: orgUnits.active }).from(orgUnits).where(isNull(orgUnits.deletedAt)).orderBy(asc(orgUnits.path)).limit(2000),
    db.select({ id: roles.id, code: roles.code, name: roles.name }).from(roles).where(isNull(roles.deletedAt)).orderBy(desc(roles.builtIn), asc(roles.name)).limit(500),
  ]);
  return { units: units.map((u) => ({ ...u, depth: u.path.split("/").filter(Boolean).length - 1 })), roles: roleRows };
}

/**
 * Names for the ids an audit page's before/after values hold (units, roles, people, dictionary values), so
 * the diff reads 「上海业务部」 rather than a uuid. Only those administration tables are looked up: a sales
 * record's id stays an id.
 */
export async function auditNames(db: Db, viewer: Viewer, ids: string[]) {
  need(viewer, "audit:view");
  const unique = [...new Set(ids)].slice(0, 500);
  if (!unique.length) return new Map<string, string>();
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id::text, name from org_units where id in ${unique}
        union all select id::text, name from roles where id in ${unique}
        union all select id::text, name from users where id in ${unique}
        union all select id::text, label from dictionary_items where id in ${unique}`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
