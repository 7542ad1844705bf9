import "server-only";
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { getViewer } from "@/db/queries/users";
import { authOptions, tokenSession } from "./auth";
import type { Permission } from "./permissions";
import { can, type Viewer } from "./viewer";

/** The signed-in viewer of this request (resolved once per request), or null. */
export const currentViewer = cache(async (): Promise<Viewer | null> => {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: unknown; sessionVersion?: unknown } | undefined;
  const s = tokenSession({ sub: user?.id, sv: user?.sessionVersion });
  if (!s) return null;
  // a token of an ended generation (signed out, password/role/unit changed, deactivated) has no viewer
  const v = await getViewer(await getDb(), s.userId, { sessionVersion: s.sessionVersion });
  // until an initial or reset password is replaced the session may do nothing but replace it: no permission,
  // no data scope (every API route and query sees nothing); pages redirect to /password (requireViewer)
  if (v?.mustChangePassword) return { ...v, permissions: [], dataScope: "none", unitIds: [] };
  return v;
});

/** Where a signed-in user with a password to change is sent from every page. */
export const CHANGE_PASSWORD_PATH = "/password";

/** For pages: the viewer, or a redirect to /login. */
export async function requireViewer(): Promise<Viewer> {
  const v = await currentViewer();
  if (!v) redirect("/login");
  if (v.mustChangePassword) redirect(CHANGE_PASSWORD_PATH);
  return v;
}

/** For pages: the viewer holding `p`, else 404 (a module you may not use does not exist for you). */
export async function requirePermission(p: Permission): Promise<Viewer> {
  const v = await requireViewer();
  if (!can(v, p)) notFound();
  return v;
}
