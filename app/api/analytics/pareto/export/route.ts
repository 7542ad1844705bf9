import { getDb } from "@/db/client";
import { exportParetoList } from "@/db/queries/pareto";
import { clientIp } from "@/lib/auth";
import { csvRow } from "@/lib/csv";
import { today } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { currentViewer } from "@/lib/session";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { can } from "@/lib/viewer";

const HEADER = ["名次", "客户ID", "客户", "负责业务员", "价值分级", "收入", "收入占比(%)", "累计占比(%)"];
const pct = (v: number) => (Math.round(v * 10000) / 100).toFixed(2);

/** CSV (UTF-8 with BOM) of the customers making 80% of revenue, with the page's filters, inside the viewer's scope. */
export async function GET(req: Request) {
  const viewer = await currentViewer();
  if (!viewer) return new Response("未登录", { status: 401 });
  if (!can(viewer, "analytics:view") || !can(viewer, "customer:export")) return new Response("Not found", { status: 404 });
  const q = analyticsQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const db = await getDb();
  let p;
  try {
    p = await exportParetoList(db, viewer, { unit: q.unit, owner: q.owner, product: q.product, from: q.from, to: q.to }, clientIp(req.headers));
  } catch (e) {
    if (e instanceof AppError) return new Response("Not found", { status: 404 });
    throw e;
  }
  const body = "\uFEFF" + csvRow(HEADER) + p.list.map((c) => csvRow([c.rank, c.id, c.name, c.ownerName, c.grade, c.revenue, pct(c.share), pct(c.cumulative)])).join("");
  const date = today();
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="pareto-${date}.csv"; filename*=UTF-8''${encodeURIComponent(`二八分割-${date}.csv`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
