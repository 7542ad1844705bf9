import type { DataScope, Permission } from "./permissions";

/** Who is asking: resolved once per request from the session, passed to every query. */
export type Viewer = {
  id: string;
  name: string;
  email: string;
  roleCode: string;
  roleName: string;
  orgUnitId: string;
  orgUnitName: string;
  dataScope: DataScope;
  /** Org units whose data the viewer sees (unit → [own]; unit_tree → own subtree; else empty). */
  unitIds: string[];
  permissions: Permission[];
  /**
   * An initial or reset password not yet replaced: the viewer holds no permission and no data scope
   * (lib/session.ts), pages lead to /password and actions other than changing it are refused (lib/action.ts).
   */
  mustChangePassword?: boolean;
};

/**
 * Whether the viewer holds permission `p`. Given a possibly absent viewer it also narrows it to a Viewer;
 * given a Viewer it is a plain boolean, so `if (can(v, a)) …; else if (can(v, b) && v.id …)` still
 * type-checks (a type guard would narrow `v` to never once the first check failed).
 */
export function can(viewer: Viewer, p: Permission): boolean;
export function can(viewer: Viewer | null | undefined, p: Permission): viewer is Viewer;
export function can(viewer: Viewer | null | undefined, p: Permission): boolean {
  return !!viewer && viewer.permissions.includes(p);
}

/** The viewer whose data scope is exactly a person's own work (their inbox, their exercises' checks). */
export function ownWork(ownerId: string): Viewer {
  return { id: ownerId, name: "", email: "", roleCode: "", roleName: "", orgUnitId: "", orgUnitName: "", dataScope: "self", unitIds: [], permissions: [] };
}
