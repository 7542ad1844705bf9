import { getDb } from "@/db/client";
import { getDealFile } from "@/db/queries/deal-files";
import { textError } from "@/lib/action";
import { currentViewer } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { can } from "@/lib/viewer";

const notFound = () => new Response("Not found", { status: 404 });

/** Downloads a deal's file through the deal's scope: out of scope, unknown or malformed ids are all 404. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string; fileId: string }> }) {
  const viewer = await currentViewer();
  if (!viewer) return textError("未登录", 401);
  const { id, fileId } = await params;
  if (!can(viewer, "deal:view") || !isUuid(id) || !isUuid(fileId)) return notFound();
  const f = await getDealFile(await getDb(), viewer, id, fileId);
  if (!f) return notFound();
  const ascii = f.name.replace(/[^\x20-\x7e]/g, "_").replace(/[\\;]/g, "_");
  return new Response(Buffer.from(f.data), {
    headers: {
      "Content-Type": f.mime,
      "Content-Length": String(f.size),
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
