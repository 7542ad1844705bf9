import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Viewer } from "@/lib/viewer";

/** Any sales table whose rows belong to an owner (rep) and an org unit. */
export type Owned = { ownerId: AnyPgColumn; orgUnitId: AnyPgColumn };

/**
 * The one data-scope predicate (数据权限). Every query over sales data ANDs it into its WHERE, so
 * "not allowed" and "not found" are the same empty result.
 */
export function scopeWhere(viewer: Viewer, t: Owned): SQL {
  switch (viewer.dataScope) {
    case "all":
      return sql`true`;
    case "unit":
    case "unit_tree":
      return viewer.unitIds.length ? inArray(t.orgUnitId, viewer.unitIds) : sql`false`;
    case "self":
      return eq(t.ownerId, viewer.id);
    default:
      return sql`false`;
  }
}

/** Whether the viewer's scope covers a given owner placement (for writes that name an owner/unit). */
export function scopeCovers(viewer: Viewer, ownerId: string, orgUnitId: string) {
  switch (viewer.dataScope) {
    case "all":
      return true;
    case "unit":
    case "unit_tree":
      return viewer.unitIds.includes(orgUnitId);
    case "self":
      return ownerId === viewer.id;
    default:
      return false;
  }
}

export const andScope = (viewer: Viewer, t: Owned, ...rest: (SQL | undefined)[]) => and(scopeWhere(viewer, t), ...rest)!;
