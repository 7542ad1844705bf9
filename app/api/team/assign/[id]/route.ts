import { getDb } from "@/db/client";
import { getAssignmentJob } from "@/db/queries/assignments";
import { jsonError } from "@/lib/action";
import { currentViewer } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";

/** The progress bar's figures for an assignment job of the viewer's own; another's is not found. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const viewer = await currentViewer();
  if (!viewer) return jsonError("登录已过期，请重新登录", 401);
  const { id } = await params;
  const j = isUuid(id) ? await getAssignmentJob(await getDb(), viewer, id) : null;
  if (!j) return jsonError("记录不存在或您无权访问", 404);
  return Response.json({ status: j.status, total: j.total, processed: j.processed, moved: j.moved, failed: j.failed, error: j.error }, { headers: { "cache-control": "no-store" } });
}
