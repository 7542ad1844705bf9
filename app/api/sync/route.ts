import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { applyMutations, pullChanges } from "@/db/queries/sync";
import { requestLocale } from "@/i18n/locale";
import { jsonError, routeAction } from "@/lib/action";
import { currentViewer } from "@/lib/session";
import { packRows } from "@/lib/offline/codec";
import { syncPullQuerySchema, syncPushSchema } from "@/lib/validation/sync";

/**
 * The phone's offline sync (issue #11), a stable route (server action ids change with every build):
 * - GET ?collection=…&since=…&afterT=…&afterId=… → one page of that collection's changes in the working set,
 *   and where to continue (db/queries/sync.ts pullChanges);
 * - POST { mutations: [...] } → each queued mutation applied once, answered per item (applyMutations).
 * Both need the session; POST goes through the action pipeline (same-site Origin, viewer, schema).
 */
export async function GET(req: Request) {
  const viewer = await currentViewer();
  if (!viewer) return jsonError("登录已过期，请重新登录", 401);
  const q = syncPullQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!q.success) return jsonError("同步参数无效", 422);
  const { collection, since, afterT, afterId, limit } = q.data;
  const page = await pullChanges(await getDb(), viewer, collection, { since: since ?? null, after: afterT && afterId ? { t: afterT, id: afterId } : null }, limit, new Date(), await requestLocale());
  // as columns (lib/offline/codec.ts); the server gzips it (next start drops a route's own Content-Encoding, so
  // a brotli body of ours would go out mislabelled)
  return NextResponse.json({ ...page, rows: packRows(page.rows) }, { headers: { "cache-control": "private, no-store" } });
}

/** A batch of up to 50 mutations; a communication's text may be long, so the body may reach 1 MB. */
export const POST = routeAction(
  syncPushSchema,
  async ({ mutations }, { db, viewer, ip }) => ({ ok: true, data: await applyMutations(db, viewer, mutations, ip, await requestLocale()) }),
  { bodyLimit: 1024 * 1024 },
);
