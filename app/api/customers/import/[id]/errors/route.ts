import { getDb } from "@/db/client";
import { getImport, getImportIssues, rowReason } from "@/db/queries/imports";
import { currentViewer } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { downloadHeaders, streamXlsx } from "@/lib/xlsx";

/** The import's problem rows as .xlsx: the row number, the file's own columns and a reason column. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const viewer = await currentViewer();
  if (!viewer) return new Response("未登录", { status: 401 });
  const { id } = await params;
  const db = await getDb();
  const job = isUuid(id) ? await getImport(db, viewer, id) : null;
  if (!job) return new Response("Not found", { status: 404 });
  const body = streamXlsx("问题行", ["行号", ...job.headers, "原因"], async (sheet) => {
    let after: number | undefined;
    for (;;) {
      const rows = await getImportIssues(db, viewer, id, { limit: 1000, afterRow: after });
      if (!rows.length) break;
      for (const r of rows) sheet.addRow([r.rowNo, ...job.headers.map((_, i) => r.cells[i] ?? ""), rowReason(job, r)]);
      after = rows[rows.length - 1].rowNo;
    }
  });
  const base = job.fileName.replace(/\.[^.]+$/, "");
  return new Response(body, { headers: downloadHeaders("import-errors.xlsx", `导入问题行-${base}.xlsx`) });
}
