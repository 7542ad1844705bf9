import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { getPipelineDeals } from "@/db/queries/pipeline";
import { jsonError } from "@/lib/action";
import { currentViewer } from "@/lib/session";
import { pipelinePageQuerySchema } from "@/lib/validation/pipeline";
import { can } from "@/lib/viewer";

const NO_STORE = { "Cache-Control": "private, no-store" };

/**
 * The next page of one kanban column ("加载更多" and scrolling to a column's end): the board's filters, the
 * stage and the cursor of the page before, scoped like every other read. A GET route rather than a server
 * action: it writes nothing, and Next runs server actions one at a time, so columns loading together (or a
 * load behind a move) would wait for each other. A bad parameter is ignored like on the page; a stage of
 * another process, or an owner outside the scope, is an empty page.
 */
export async function GET(req: Request) {
  const viewer = await currentViewer();
  if (!viewer) return jsonError("未登录", 401, NO_STORE);
  if (!can(viewer, "deal:view")) return jsonError("记录不存在或您无权访问", 404, NO_STORE);
  const sp = new URL(req.url).searchParams;
  // the first of a repeated key, like firstValues() on the pages
  const q = pipelinePageQuerySchema.parse({ process: sp.get("process"), owner: sp.get("owner"), product: sp.get("product"), stage: sp.get("stage"), cursor: sp.get("cursor") });
  if (!q.process || !q.stage) return NextResponse.json({ rows: [], nextCursor: null }, { headers: NO_STORE });
  const page = await getPipelineDeals(await getDb(), viewer, { processId: q.process, stageId: q.stage, owner: q.owner, product: q.product, cursor: q.cursor });
  return NextResponse.json(page, { headers: NO_STORE });
}
