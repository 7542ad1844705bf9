import { getDb } from "@/db/client";
import { exportAudit } from "@/db/queries/admin";
import { clientIp } from "@/lib/auth";
import { textError } from "@/lib/action";
import { csvRow } from "@/lib/csv";
import { today } from "@/lib/dates";
import { currentViewer } from "@/lib/session";
import { auditFilterSchema } from "@/lib/validation/admin";
import { can } from "@/lib/viewer";

const HEADER = ["时间", "操作人", "动作", "对象类型", "对象ID", "修改前", "修改后", "IP"];

/** The audit log with the page's filters as CSV (UTF-8 with BOM), streamed page by page; the export is audited. */
export async function GET(req: Request) {
  const viewer = await currentViewer();
  if (!viewer) return textError("未登录", 401);
  if (!can(viewer, "audit:view")) return new Response("Not found", { status: 404 });
  const q = auditFilterSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const rows = exportAudit(await getDb(), viewer, { actorId: q.actor, entityType: q.type, action: q.action, from: q.from, to: q.to }, clientIp(req.headers));
  const enc = new TextEncoder();
  const json = (v: unknown) => (v == null ? "" : JSON.stringify(v));
  const stream = new ReadableStream({
    async start(ctrl) {
      ctrl.enqueue(enc.encode("\uFEFF" + csvRow(HEADER)));
      try {
        for await (const r of rows) ctrl.enqueue(enc.encode(csvRow([r.at, r.actorName ?? "", r.action, r.entityType, r.entityId, json(r.before), json(r.after), r.ip])));
        ctrl.close();
      } catch (e) {
        console.error("[audit export] failed", e);
        ctrl.error(e);
      }
    },
  });
  const date = today();
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${date}.csv"; filename*=UTF-8''${encodeURIComponent(`审计日志-${date}.csv`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
