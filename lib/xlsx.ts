import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";

export type XlsxSheet = { addRow(values: unknown[]): void };

/**
 * An .xlsx written as it is read (exceljs' streaming WorkbookWriter): rows are committed one by one into
 * the response, so an export of 100,000 rows never holds the workbook in memory. Cell text is stored as
 * text — a value that starts with = is never a formula in the file.
 */
export function streamXlsx(sheetName: string, header: string[], fill: (sheet: XlsxSheet) => Promise<void>): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  const head = ws.addRow(header);
  head.font = { bold: true };
  head.commit();
  void (async () => {
    try {
      await fill({
        addRow(values) {
          ws.addRow(values.map((v) => (v == null ? null : v instanceof Date ? v : typeof v === "number" ? v : String(v)))).commit();
        },
      });
      ws.commit();
      await wb.commit();
    } catch (e) {
      console.error("[xlsx] export failed", e);
      out.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}

/** Response headers of a download named in Chinese (with an ASCII fallback). */
export function downloadHeaders(asciiName: string, name: string, type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
  return {
    "Content-Type": type,
    "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "Cache-Control": "private, no-store",
  };
}
