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
};

export function can(viewer: Viewer | null | undefined, p: Permission): viewer is Viewer {
  return !!viewer && viewer.permissions.includes(p);
}
