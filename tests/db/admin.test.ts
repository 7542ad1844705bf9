/**
 * 系统管理 (issue #14 §4–5) on a real database: the org tree and the scopes that follow it, users with their
 * initial password, deactivation, roles as templates and the permission matrix, dictionaries, the audit
 * log (append-only, in the database itself) and the sign-in history; the safety rules each with a check,
 * and the role × operation matrix of every admin query.
 */
import fs from "node:fs";
import path from "node:path";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import {
  addDictionaryItem,
  auditFilterOptions,
  auditNames,
  auditPage,
  copyRole,
  createOrgUnit,
  createUser,
  deleteOrgUnit,
  deleteRole,
  exportAudit,
  getAdminUser,
  getDictionary,
  getOrgTree,
  getRoles,
  getUserSignIns,
  listUsers,
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
  userFormOptions,
} from "@/db/queries/admin";
import { writeAudit } from "@/db/queries/audit";
import { getCustomerDictionaries } from "@/db/queries/dictionaries";
import { scopeWhere } from "@/db/queries/scope";
import { changeOwnPassword, getViewer } from "@/db/queries/users";
import { auditLog, customers, orgUnits, roles, users } from "@/db/schema";
import { auditIds } from "@/lib/audit-diff";
import { authenticate } from "@/lib/auth";
import type { Permission } from "@/lib/permissions";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let admin: Viewer;
let gm: Viewer;
const unit = {} as Record<string, string>;
const role = {} as Record<string, string>;

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
};
const auditCount = async (entityType: string, action: string, entityId?: string) =>
  (
    await o.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, entityType), eq(auditLog.action, action), entityId ? eq(auditLog.entityId, entityId) : undefined))
  )[0].n;
const visibleCustomers = async (v: Viewer) => (await o.db.select({ n: count() }).from(customers).where(scopeWhere(v, customers)))[0].n;
const fresh = async (v: Viewer) => (await getViewer(o.db, v.id))!;

beforeAll(async () => {
  o = await freshDb();
  [admin, gm] = await Promise.all([viewerFor(o.db, "admin@demo.cn"), viewerFor(o.db, "gm@demo.cn")]);
  for (const u of await o.db.select().from(orgUnits)) unit[u.name] = u.id;
  for (const r of await o.db.select().from(roles)) role[r.code] = r.id;
});

afterAll(async () => {
  await o?.close();
});

describe("the audit log is append-only", () => {
  test("the database refuses UPDATE, DELETE and TRUNCATE on audit_log, whoever asks", async () => {
    await writeAudit(o.db, admin, { action: "probe", entityType: "org_unit" });
    const [row] = await o.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, "probe")).limit(1);
    const refused = async (q: Promise<unknown>) => {
      const e = await q.then(() => null, (err: Error & { cause?: Error }) => err);
      return `${e?.message} ${e?.cause?.message}`;
    };
    expect(await refused(o.db.execute(sql`update audit_log set action = 'forged' where id = ${row.id}`))).toMatch(/append-only/);
    expect(await refused(o.db.execute(sql`delete from audit_log where id = ${row.id}`))).toMatch(/append-only/);
    expect(await refused(o.db.execute(sql`truncate audit_log`))).toMatch(/append-only/);
    expect(await auditCount("org_unit", "probe")).toBe(1);
  });

  test("no code updates or deletes audit rows (no update/delete path on auditLog or audit_log)", () => {
    const root = path.resolve(__dirname, "../..");
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
    const offenders = ["app", "lib", "db/queries", "scripts"]
      .flatMap((d) => files(path.join(root, d)))
      .filter((f) => /\.(update|delete)\(\s*auditLog\b|(update|delete\s+from)\s+audit_log\b/i.test(fs.readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
});

describe("org tree", () => {
  test("create, rename, move: data scopes follow the tree on the next request", async () => {
    const hn = await viewerFor(o.db, "hn.manager@demo.cn");
    const before = await visibleCustomers(hn);
    const [{ n: shCustomers }] = await o.db.select({ n: count() }).from(customers).where(eq(customers.orgUnitId, unit["上海业务部"]));
    expect(shCustomers).toBeGreaterThan(0);
    expect(hn.unitIds).not.toContain(unit["上海业务部"]);

    await moveOrgUnit(o.db, admin, unit["上海业务部"], unit["华南分公司"], "10.0.0.1");
    const after = await fresh(hn);
    expect(after.unitIds).toContain(unit["上海业务部"]);
    expect(await visibleCustomers(after)).toBe(before + shCustomers);
    expect((await fresh(await viewerFor(o.db, "sh.manager@demo.cn"))).unitIds).toEqual([unit["上海业务部"]]);
    expect(await auditCount("org_unit", "move", unit["上海业务部"])).toBe(1);

    // and back: the subtree's paths are rewritten both ways
    await moveOrgUnit(o.db, admin, unit["上海业务部"], unit["华东分公司"]);
    expect(await visibleCustomers(await fresh(hn))).toBe(before);
    const [sh] = await o.db.select().from(orgUnits).where(eq(orgUnits.id, unit["上海业务部"]));
    const [hd] = await o.db.select().from(orgUnits).where(eq(orgUnits.id, unit["华东分公司"]));
    expect(sh.path).toBe(`${hd.path}${sh.id}/`);

    const created = await createOrgUnit(o.db, admin, { parentId: unit["华东分公司"], kind: "department", name: "杭州业务部" });
    expect(created.path).toBe(`${hd.path}${created.id}/`);
    await renameOrgUnit(o.db, admin, created.id, "杭州业务一部");
    expect(await auditCount("org_unit", "create", created.id)).toBe(1);
    expect(await auditCount("org_unit", "update", created.id)).toBe(1);
    // a unit moved under itself or its subtree would be a cycle
    expect(await code(moveOrgUnit(o.db, admin, unit["华东分公司"], created.id))).toBe("VALIDATION");
    expect(await code(moveOrgUnit(o.db, admin, unit["总公司"], created.id))).toBe("VALIDATION");
  });

  test("a unit with users or customers cannot be deleted, only disabled; an empty one can be deleted", async () => {
    const people = Object.fromEntries((await getOrgTree(o.db, admin)).map((u) => [u.name, u.users]));
    const [sz1People] = await o.db.select({ n: count() }).from(users).where(and(eq(users.orgUnitId, unit["深圳业务一部"]), eq(users.active, true)));
    expect(people["深圳业务一部"]).toBe(sz1People.n);
    expect(people["深圳业务一部"]).toBeGreaterThan(0);
    expect((await getRoles(o.db, admin)).find((r) => r.code === "rep")?.users).toBeGreaterThan(0);
    expect(await code(deleteOrgUnit(o.db, admin, unit["深圳业务二部"]))).toBe("CONFLICT");
    expect(await code(deleteOrgUnit(o.db, admin, unit["华南分公司"]))).toBe("CONFLICT");
    await setOrgUnitActive(o.db, admin, unit["深圳业务二部"], false);
    const tree = await getOrgTree(o.db, admin);
    expect(tree.find((u) => u.id === unit["深圳业务二部"])?.active).toBe(false);
    // disabled: still in the scopes, but nobody new is placed there
    expect((await fresh(await viewerFor(o.db, "hn.manager@demo.cn"))).unitIds).toContain(unit["深圳业务二部"]);
    expect(await code(createUser(o.db, admin, { email: "x@demo.cn", name: "某某", orgUnitId: unit["深圳业务二部"], roleId: role.rep, password: "abcd1234" }))).toBe("VALIDATION");
    await setOrgUnitActive(o.db, admin, unit["深圳业务二部"], true);
    expect(await auditCount("org_unit", "disable", unit["深圳业务二部"])).toBe(1);
    expect(await auditCount("org_unit", "enable", unit["深圳业务二部"])).toBe(1);

    const empty = await createOrgUnit(o.db, admin, { parentId: unit["总公司"], kind: "branch", name: "临时分公司" });
    await deleteOrgUnit(o.db, admin, empty.id);
    expect((await getOrgTree(o.db, admin)).some((u) => u.id === empty.id)).toBe(false);
    expect(await auditCount("org_unit", "delete", empty.id)).toBe(1);
  });
});

describe("users", () => {
  test("a new user signs in with the initial password and must change it; the change retires the session", async () => {
    const u = await createUser(o.db, admin, { email: "New.Rep@Demo.cn".toLowerCase(), name: "新业务员", orgUnitId: unit["深圳业务一部"], roleId: role.rep, password: "init1234" }, "10.0.0.2");
    expect(u.mustChangePassword).toBe(true);
    expect(await auditCount("user", "create", u.id)).toBe(1);
    const [a] = await queryRows<{ after: Record<string, unknown> }>(o.db, sql`select after from audit_log where entity_id = ${u.id} and action = 'create'`);
    expect(JSON.stringify(a.after)).not.toMatch(/init1234|argon/);
    expect(await code(createUser(o.db, admin, { email: "new.rep@demo.cn", name: "重名", orgUnitId: unit["深圳业务一部"], roleId: role.rep, password: "init1234" }))).toBe("VALIDATION");

    const signedIn = await authenticate("new.rep@demo.cn", "init1234", "192.0.2.7", o.db);
    const v = await getViewer(o.db, u.id, { sessionVersion: signedIn.sessionVersion });
    expect(v?.mustChangePassword).toBe(true);
    expect(await code(changeOwnPassword(o.db, u.id, "wrong-one1", "mine5678"))).toBe("VALIDATION");
    await changeOwnPassword(o.db, u.id, "init1234", "mine5678");
    expect(await getViewer(o.db, u.id, { sessionVersion: signedIn.sessionVersion })).toBeNull();
    const again = await authenticate("new.rep@demo.cn", "mine5678", "192.0.2.7", o.db);
    expect((await getViewer(o.db, u.id, { sessionVersion: again.sessionVersion }))?.mustChangePassword).toBe(false);

    // an admin's reset sets a new initial password: sessions end, the change is required again
    await resetUserPassword(o.db, admin, u.id, "reset9876");
    expect(await getViewer(o.db, u.id, { sessionVersion: again.sessionVersion })).toBeNull();
    expect((await getAdminUser(o.db, admin, u.id))?.mustChangePassword).toBe(true);
    expect(await auditCount("user", "reset_password", u.id)).toBe(1);
  });

  test("sign-in history: time, address and result of each attempt", async () => {
    const rep = await viewerFor(o.db, "sz1.rep2@demo.cn");
    await expect(authenticate("sz1.rep2@demo.cn", "not-the-password", "198.51.100.4", o.db)).rejects.toThrow();
    await authenticate("sz1.rep2@demo.cn", "zhike-demo", "198.51.100.5", o.db);
    const page = await getUserSignIns(o.db, admin, rep.id, null);
    expect(page.items.slice(0, 2).map((e) => [e.result, e.ip])).toEqual([
      ["ok", "198.51.100.5"],
      ["bad_password", "198.51.100.4"],
    ]);
    expect((await getAdminUser(o.db, admin, rep.id))?.lastLoginAt).toBeInstanceOf(Date);
  });

  test("edit unit and role; deactivate signs out everywhere and flags the customers for hand-over; reactivate", async () => {
    const rep = await viewerFor(o.db, "sz2.rep1@demo.cn");
    const signedIn = await authenticate("sz2.rep1@demo.cn", "zhike-demo", "203.0.113.9", o.db);
    const u0 = (await getAdminUser(o.db, admin, rep.id))!;
    await updateUser(o.db, admin, rep.id, u0.version, { name: u0.name, mobile: u0.mobile, orgUnitId: unit["深圳业务一部"], roleId: role.rep });
    // a unit change ends the sessions too (users_session_version)
    expect(await getViewer(o.db, rep.id, { sessionVersion: signedIn.sessionVersion })).toBeNull();
    expect(await code(updateUser(o.db, admin, rep.id, u0.version, { name: u0.name, orgUnitId: unit["深圳业务二部"], roleId: role.rep }))).toBe("CONFLICT");
    const u1 = (await getAdminUser(o.db, admin, rep.id))!;
    await updateUser(o.db, admin, rep.id, u1.version, { name: u1.name, mobile: u1.mobile, orgUnitId: unit["深圳业务二部"], roleId: role.rep });
    expect(await auditCount("user", "update", rep.id)).toBe(2);

    const again = await authenticate("sz2.rep1@demo.cn", "zhike-demo", "203.0.113.9", o.db);
    await setUserActive(o.db, admin, rep.id, false);
    expect(await getViewer(o.db, rep.id, { sessionVersion: again.sessionVersion })).toBeNull();
    await expect(authenticate("sz2.rep1@demo.cn", "zhike-demo", "203.0.113.9", o.db)).rejects.toThrow();
    const off = (await getAdminUser(o.db, admin, rep.id))!;
    expect(off.active).toBe(false);
    expect(off.handoverPendingSince).toBeInstanceOf(Date);
    expect((await listUsers(o.db, admin, { status: "handover" }, null)).items.map((x) => x.id)).toContain(rep.id);
    expect(await auditCount("user", "deactivate", rep.id)).toBe(1);

    await setUserActive(o.db, admin, rep.id, true);
    expect((await getAdminUser(o.db, admin, rep.id))?.handoverPendingSince).toBeNull();
    expect(await auditCount("user", "reactivate", rep.id)).toBe(1);
  });
});

describe("roles", () => {
  test("built-in roles are templates: copied, never edited or deleted; a change takes effect on the next request", async () => {
    const [rep] = (await getRoles(o.db, admin)).filter((r) => r.code === "rep");
    expect(rep.builtIn).toBe(true);
    expect(await code(updateRole(o.db, admin, rep.id, rep.version, { name: "业务员", dataScope: "all", permissions: [] }))).toBe("FORBIDDEN");
    expect(await code(deleteRole(o.db, admin, rep.id))).toBe("FORBIDDEN");

    const copy = await copyRole(o.db, admin, rep.id, "高级业务员");
    expect(copy.permissions.sort()).toEqual([...rep.permissions].sort());
    expect(await code(copyRole(o.db, admin, rep.id, "高级业务员"))).toBe("VALIDATION");
    const holder = await createUser(o.db, admin, { email: "senior@demo.cn", name: "资深", orgUnitId: unit["深圳业务一部"], roleId: copy.id, password: "abcd1234" });
    expect((await getViewer(o.db, holder.id))?.dataScope).toBe("self");
    await updateRole(o.db, admin, copy.id, copy.version, { name: "高级业务员", dataScope: "unit", permissions: [...(rep.permissions as Permission[]), "customer:assign"] });
    const v = (await getViewer(o.db, holder.id))!;
    expect(v.dataScope).toBe("unit");
    expect(v.permissions).toContain("customer:assign");
    expect(await auditCount("role", "update", copy.id)).toBe(1);
    expect(await code(deleteRole(o.db, admin, copy.id))).toBe("CONFLICT");
  });
});

describe("safety rules", () => {
  let second: Viewer;
  let adminCopy: string;

  test("nobody can give themselves or their own role more permission", async () => {
    // a second administrator, on a copy of the admin role
    adminCopy = (await copyRole(o.db, admin, role.admin, "管理员B")).id;
    const b = await createUser(o.db, admin, { email: "admin.b@demo.cn", name: "管理员B", orgUnitId: unit["总公司"], roleId: adminCopy, password: "abcd1234" });
    second = (await getViewer(o.db, b.id))!;
    const [r] = (await getRoles(o.db, admin)).filter((x) => x.id === adminCopy);
    // widening one's own role: refused (a permission, or the data scope)
    expect(await code(updateRole(o.db, second, adminCopy, r.version, { name: r.name, dataScope: "none", permissions: [...(r.permissions as Permission[]), "customer:view"] }))).toBe("FORBIDDEN");
    expect(await code(updateRole(o.db, second, adminCopy, r.version, { name: r.name, dataScope: "all", permissions: r.permissions as Permission[] }))).toBe("FORBIDDEN");
    // moving oneself into a stronger role: refused
    const me = (await getAdminUser(o.db, admin, b.id))!;
    expect(await code(updateUser(o.db, second, b.id, me.version, { name: me.name, orgUnitId: me.orgUnitId, roleId: role.gm }))).toBe("FORBIDDEN");
    expect((await getViewer(o.db, b.id))?.roleCode).toBe(r.code);
    // narrowing one's own role is allowed; another admin may widen it
    await updateRole(o.db, second, adminCopy, r.version, { name: r.name, dataScope: "none", permissions: (r.permissions as Permission[]).filter((p) => p !== "audit:view") });
    const [r2] = (await getRoles(o.db, admin)).filter((x) => x.id === adminCopy);
    await updateRole(o.db, admin, adminCopy, r2.version, { name: r2.name, dataScope: "none", permissions: [...(r2.permissions as Permission[]), "audit:view"] });
  });

  test("the last active admin cannot be deactivated or demoted", async () => {
    const a = (await getAdminUser(o.db, second, admin.id))!;
    // two admins: one may demote the other
    await updateUser(o.db, second, admin.id, a.version, { name: a.name, orgUnitId: a.orgUnitId, roleId: role.gm });
    // now `second` is the last one: their own role cannot lose the admin permission, they cannot move to a lesser role
    const [r] = (await getRoles(o.db, second)).filter((x) => x.id === adminCopy);
    expect(await code(updateRole(o.db, second, adminCopy, r.version, { name: r.name, dataScope: "none", permissions: ["admin:view", "admin:org"] }))).toBe("CONFLICT");
    const lite = await copyRole(o.db, second, adminCopy, "只读管理员");
    await updateRole(o.db, second, lite.id, lite.version, { name: lite.name, dataScope: "none", permissions: ["admin:view"] });
    const me = (await getAdminUser(o.db, second, second.id))!;
    expect(await code(updateUser(o.db, second, second.id, me.version, { name: me.name, orgUnitId: me.orgUnitId, roleId: lite.id }))).toBe("CONFLICT");
    // nor deactivate themselves
    expect(await code(setUserActive(o.db, second, second.id, false))).toBe("FORBIDDEN");
    // restore the demo admin
    const a2 = (await getAdminUser(o.db, second, admin.id))!;
    await updateUser(o.db, second, admin.id, a2.version, { name: a2.name, orgUnitId: a2.orgUnitId, roleId: role.admin });
    admin = (await getViewer(o.db, admin.id))!;
    // with two admins again, either may deactivate the other
    await setUserActive(o.db, admin, second.id, false);
    expect(await code(setUserActive(o.db, admin, admin.id, false))).toBe("FORBIDDEN");
  });

  test("admins see no sales data: no customers, no sales entries in the audit log, no customer counts in the console", async () => {
    expect(admin.dataScope).toBe("none");
    expect(await visibleCustomers(admin)).toBe(0);
    const types = new Set((await auditPage(o.db, admin, {}, null, 500)).items.map((e) => e.entityType));
    expect([...types].filter((x) => ["customer", "deal", "communication", "plan", "todo", "reminder"].includes(x))).toEqual([]);
    expect((await auditPage(o.db, admin, { entityType: "customer" }, null)).items).toEqual([]);
    expect((await auditPage(o.db, gm, { entityType: "customer" }, null)).items.length).toBeGreaterThan(0);
    for (const u of await getOrgTree(o.db, admin)) expect(Object.keys(u)).not.toContain("customers");
  });

  test("the audit viewer filters by user, entity, action and period and pages by keyset without gaps or repeats", async () => {
    const all = await auditPage(o.db, gm, { actorId: admin.id }, null, 1000);
    expect(all.items.length).toBeGreaterThan(10);
    expect(all.items.every((e) => e.actorId === admin.id)).toBe(true);
    const seen: string[] = [];
    let after: [string, string] | null = null;
    do {
      const p: Awaited<ReturnType<typeof auditPage>> = await auditPage(o.db, gm, { actorId: admin.id }, after, 7);
      seen.push(...p.items.map((e) => e.id));
      after = p.next;
    } while (after);
    expect(seen).toEqual(all.items.map((e) => e.id));
    const moves = await auditPage(o.db, gm, { entityType: "org_unit", action: "move" }, null);
    expect(moves.items.length).toBe(2);
    // the diff names the units it mentions
    const names = await auditNames(o.db, admin, auditIds(moves.items));
    expect([...names.values()].sort()).toEqual(["华东分公司", "华南分公司"]);
    expect(await code(auditNames(o.db, await viewerFor(o.db, "sz1.rep1@demo.cn"), [admin.id]))).toBe("FORBIDDEN");
    expect((await auditPage(o.db, gm, { entityType: "org_unit", from: "2000-01-01", to: "2000-12-31" }, null)).items).toEqual([]);
  });
});

describe("dictionaries", () => {
  test("add, rename, reorder, archive (never delete); an archived value leaves the pick lists and stays on its records", async () => {
    const added = await addDictionaryItem(o.db, admin, { kind: "source", label: "抖音" });
    expect(await code(addDictionaryItem(o.db, admin, { kind: "source", label: "抖音" }))).toBe("VALIDATION");
    await renameDictionaryItem(o.db, admin, added.id, "抖音直播");
    let list = await getDictionary(o.db, admin, "source");
    expect(list[list.length - 1].label).toBe("抖音直播");
    await moveDictionaryItem(o.db, admin, added.id, "up");
    list = await getDictionary(o.db, admin, "source");
    expect(list[list.length - 2].id).toBe(added.id);
    expect(await code(addDictionaryItem(o.db, admin, { kind: "city", label: "无区域市" }))).toBe("VALIDATION");

    const [used] = await queryRows<{ source_id: string }>(o.db, sql`select source_id from customers where source_id is not null limit 1`);
    await setDictionaryItemArchived(o.db, admin, used.source_id, true);
    expect((await getCustomerDictionaries(o.db)).source.some((s) => s.id === used.source_id)).toBe(false);
    expect((await getDictionary(o.db, admin, "source")).find((s) => s.id === used.source_id)?.active).toBe(false);
    const [still] = await o.db.select({ n: count() }).from(customers).where(eq(customers.sourceId, used.source_id));
    expect(still.n).toBeGreaterThan(0);
    await setDictionaryItemArchived(o.db, admin, used.source_id, false);
    for (const action of ["create", "update", "reorder", "archive", "restore"]) expect(await auditCount("dictionary_item", action)).toBeGreaterThan(0);
  });
});

/**
 * The role × operation matrix of the admin console: Y = allowed, - = refused (FORBIDDEN). Reading needs
 * admin:view (admin, GM), the audit log audit:view (admin, GM), changes their own admin:* permission (admin).
 */
describe("role × operation matrix", () => {
  const WHO = { rep: "sz1.rep1@demo.cn", agent: "dg.agent1@demo.cn", manager: "sz1.manager@demo.cn", gm: "gm@demo.cn", admin: "admin@demo.cn" } as const;
  //                       rep agent manager gm admin
  const MATRIX: Record<string, string> = {
    "org.read": /*        */ "-  -  -  Y  Y",
    "org.change": /*      */ "-  -  -  -  Y",
    "users.read": /*      */ "-  -  -  Y  Y",
    "users.change": /*    */ "-  -  -  -  Y",
    "roles.read": /*      */ "-  -  -  Y  Y",
    "roles.change": /*    */ "-  -  -  -  Y",
    "dict.read": /*       */ "-  -  -  Y  Y",
    "dict.change": /*     */ "-  -  -  -  Y",
    "audit.read": /*      */ "-  -  -  Y  Y",
    "signins.read": /*    */ "-  -  -  Y  Y",
    "audit.export": /*    */ "-  -  -  Y  Y",
    "audit.options": /*   */ "-  -  -  Y  Y",
    "forms.options": /*   */ "-  -  -  Y  Y",
  };
  const roleKeys = Object.keys(WHO) as (keyof typeof WHO)[];
  let n = 0;
  const ops: Record<string, (v: Viewer) => Promise<unknown>> = {
    "org.read": (v) => getOrgTree(o.db, v),
    "org.change": (v) => createOrgUnit(o.db, v, { parentId: unit["总公司"], kind: "branch", name: `矩阵${n++}` }),
    "users.read": (v) => listUsers(o.db, v, {}, null),
    "users.change": (v) => createUser(o.db, v, { email: `matrix${n++}@demo.cn`, name: "矩阵", orgUnitId: unit["深圳业务一部"], roleId: role.rep, password: "abcd1234" }),
    "roles.read": (v) => getRoles(o.db, v),
    "roles.change": (v) => copyRole(o.db, v, role.rep, `矩阵角色${n++}`),
    "dict.read": (v) => getDictionary(o.db, v, "industry"),
    "dict.change": (v) => addDictionaryItem(o.db, v, { kind: "industry", label: `矩阵行业${n++}` }),
    "audit.read": (v) => auditPage(o.db, v, {}, null),
    "signins.read": (v) => getUserSignIns(o.db, v, v.id, null),
    "audit.export": (v) => exportAudit(o.db, v, {}).next(),
    "audit.options": (v) => auditFilterOptions(o.db, v),
    "forms.options": (v) => userFormOptions(o.db, v),
  };
  test.each(Object.keys(MATRIX))("%s", async (op) => {
    const got: string[] = [];
    for (const r of roleKeys) {
      const v = await viewerFor(o.db, WHO[r]);
      got.push((await code(ops[op](v))) === "ok" ? "Y" : "-");
    }
    expect(got.join("  ")).toBe(MATRIX[op].trim().split(/\s+/).join("  "));
  });

  test("every admin query and every admin action is in the matrix or the tests above", async () => {
    const mod = await import("@/db/queries/admin");
    const fns = Object.entries(mod).filter(([, f]) => typeof f === "function").map(([k]) => k);
    const src = fs.readFileSync(__filename, "utf8");
    expect(fns.filter((f) => !new RegExp(`\\b${f}\\(`).test(src) && f !== "grantsMore")).toEqual([]);
  });
});

test("users: the role and unit of every user exist (sanity of the seed after this migration)", async () => {
  const [r] = await o.db.select({ n: count() }).from(users).where(sql`not exists (select 1 from roles r where r.id = ${users.roleId})`);
  expect(r.n).toBe(0);
});

test("every admin change writes an audit row in its transaction", async () => {
  const v = (await getViewer(o.db, admin.id))!;
  const total = async () => (await o.db.select({ n: count() }).from(auditLog))[0].n;
  const unitRow = await createOrgUnit(o.db, v, { parentId: unit["总公司"], kind: "branch", name: "审计分公司" });
  const roleRow = await copyRole(o.db, v, role.rep, "审计角色");
  const item = await addDictionaryItem(o.db, v, { kind: "circle", label: "审计圈" });
  const userRow = await createUser(o.db, v, { email: "audit.me@demo.cn", name: "审计", orgUnitId: unit["深圳业务一部"], roleId: roleRow.id, password: "abcd1234" });
  const changes: [string, () => Promise<unknown>][] = [
    ["rename unit", () => renameOrgUnit(o.db, v, unitRow.id, "审计分公司二")],
    ["move unit", () => moveOrgUnit(o.db, v, unitRow.id, unit["华南分公司"])],
    ["disable unit", () => setOrgUnitActive(o.db, v, unitRow.id, false)],
    ["enable unit", () => setOrgUnitActive(o.db, v, unitRow.id, true)],
    ["update role", () => updateRole(o.db, v, roleRow.id, roleRow.version, { name: "审计角色", dataScope: "self", permissions: ["customer:view"] })],
    ["update user", () => updateUser(o.db, v, userRow.id, userRow.version, { name: "审计二", orgUnitId: unit["深圳业务一部"], roleId: role.rep })],
    ["reset password", () => resetUserPassword(o.db, v, userRow.id, "efgh5678")],
    ["deactivate user", () => setUserActive(o.db, v, userRow.id, false)],
    ["reactivate user", () => setUserActive(o.db, v, userRow.id, true)],
    ["delete role", () => deleteRole(o.db, v, roleRow.id)],
    ["rename item", () => renameDictionaryItem(o.db, v, item.id, "审计圈二")],
    ["move item", () => moveDictionaryItem(o.db, v, item.id, "up")],
    ["archive item", () => setDictionaryItemArchived(o.db, v, item.id, true)],
    ["delete unit", () => deleteOrgUnit(o.db, v, unitRow.id)],
  ];
  for (const [name, change] of changes) {
    const before = await total();
    await change();
    expect(await total(), name).toBe(before + 1);
  }
  const [last] = await queryRows<{ actor_id: string }>(o.db, sql`select actor_id from audit_log order by at desc, id desc limit 1`);
  expect(last.actor_id).toBe(v.id);
});

test("guessing the current password from a session is throttled: 5 wrong tries, then refused for 15 minutes", async () => {
  const u = await createUser(o.db, (await getViewer(o.db, admin.id))!, { email: "guess@demo.cn", name: "猜测", orgUnitId: unit["深圳业务一部"], roleId: role.rep, password: "right1234" });
  for (let i = 0; i < 5; i++) expect(await code(changeOwnPassword(o.db, u.id, `wrong${i}xyz`, "next5678"))).toBe("VALIDATION");
  expect(await code(changeOwnPassword(o.db, u.id, "right1234", "next5678"))).toBe("RATE_LIMITED");
});
