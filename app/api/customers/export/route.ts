import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { DEFAULT_LOCALE } from "@/i18n/config";
import { exportCustomers } from "@/db/queries/customers";
import { textError } from "@/lib/action";
import { csvRow } from "@/lib/csv";
import { CUSTOMER_EXPORT_HEADER as HEADER, customerExportCells } from "@/lib/customer-export";
import { currentViewer } from "@/lib/session";
import { customerListQuerySchema } from "@/lib/validation/customer";
import { can } from "@/lib/viewer";
import { today } from "@/lib/dates";
import { downloadHeaders, streamXlsx } from "@/lib/xlsx";

/**
 * The customer list with its filters, inside the viewer's scope: CSV (UTF-8 with BOM, opens in Excel), or
 * with `format=xlsx` an .xlsx written by exceljs' streaming writer — both streamed page by page.
 */
export async function GET(req: Request) {
  const viewer = await currentViewer();
  if (!viewer) return textError("未登录", 401);
  if (!can(viewer, "customer:export")) return new Response("Not found", { status: 404 });
  const q = customerListQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  // exportCustomers refuses it too, but only once the stream has started; answer 404 up front
  if (q.deleted && !can(viewer, "customer:delete")) return new Response("Not found", { status: 404 });
  // the file is Chinese like its header row, whatever the viewer's UI language
  const t = await getTranslations({ locale: DEFAULT_LOCALE, namespace: "customer" });
  const db = await getDb();
  const rows = exportCustomers(db, viewer, { ...q, cursor: undefined });
  const cells = (r: Parameters<typeof customerExportCells>[0]) => customerExportCells(r, (s) => t(`stages.${s}`));
  const date = today();
  if (new URL(req.url).searchParams.get("format") === "xlsx") {
    const body = streamXlsx("客户档案", HEADER, async (sheet) => {
      for await (const r of rows) sheet.addRow(cells(r));
    });
    return new Response(body, { headers: downloadHeaders(`customers-${date}.xlsx`, `客户档案-${date}.xlsx`) });
  }
  const enc = new TextEncoder();
  const stream = new ReadableStream({
    async start(ctrl) {
      ctrl.enqueue(enc.encode("\uFEFF" + csvRow(HEADER)));
      try {
        for await (const r of rows) ctrl.enqueue(enc.encode(csvRow(cells(r))));
        ctrl.close();
      } catch (e) {
        console.error("[export] failed", e);
        ctrl.error(e);
      }
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="customers-${date}.csv"; filename*=UTF-8''${encodeURIComponent(`客户档案-${date}.csv`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
