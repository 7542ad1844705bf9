import { getDb } from "@/db/client";
import { getImportProgress } from "@/db/queries/imports";
import { currentViewer } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";

/** The progress bar's figures for an import of the viewer's own; another's is not found. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const viewer = await currentViewer();
  if (!viewer) return Response.json({ error: "未登录" }, { status: 401 });
  const { id } = await params;
  const p = isUuid(id) ? await getImportProgress(await getDb(), viewer, id) : null;
  if (!p) return Response.json({ error: "记录不存在或您无权访问" }, { status: 404 });
  return Response.json(p, { headers: { "cache-control": "no-store" } });
}
