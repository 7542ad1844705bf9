import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { decodeText } from "./decode";
import { parseVCards, VCARD_HEADERS } from "./vcard";

/** The largest file an import takes: under 50 MB (also the upload route's body limit, lib/request-limits.ts). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** The most data rows an import takes (1,000,000; a file with more is refused before anything is written). */
export const MAX_IMPORT_ROWS = 1_000_000;

/** A file the import cannot read; the message says why, in Chinese, for the user. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportFileError";
  }
}

export type ImportFormat = "xlsx" | "csv" | "vcf";
export type ParsedFile = { format: ImportFormat; encoding: string | null; headers: string[]; rows: { rowNo: number; cells: string[] }[] };

const starts = (b: Uint8Array, ...sig: number[]) => sig.every((x, i) => b[i] === x);
const isZip = (b: Uint8Array) => starts(b, 0x50, 0x4b, 0x03, 0x04);
const isOle = (b: Uint8Array) => starts(b, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);

function includesAscii(b: Uint8Array, s: string, utf16 = false) {
  const needle = Buffer.from(s, utf16 ? "utf16le" : "latin1");
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).includes(needle);
}

export function formatOf(fileName: string): ImportFormat | "xls" | "xlsm" | null {
  const ext = fileName.toLowerCase().split(".").pop();
  if (ext === "xlsx") return "xlsx";
  if (ext === "csv" || ext === "txt") return "csv";
  if (ext === "vcf" || ext === "vcard") return "vcf";
  if (ext === "xls") return "xls";
  if (ext === "xlsm" || ext === "xlsb" || ext === "xltm") return "xlsm";
  return null;
}

/** A spreadsheet cell's value as text: the value, never the formula; dates as yyyy-mm-dd. */
export function cellText(v: unknown): string {
  if (v == null) return "";
  if (v instanceof Date) return isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "string") return v;
  if (typeof v === "object") {
    const o = v as { result?: unknown; formula?: unknown; sharedFormula?: unknown; richText?: { text: string }[]; text?: unknown; error?: unknown };
    // a formula cell: the value Excel computed and saved with it; a formula never saved with a value is empty
    if ("formula" in o || "sharedFormula" in o) return o.result === undefined || (typeof o.result === "object" && o.result && "error" in o.result) ? "" : cellText(o.result);
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join("");
    if ("text" in o) return cellText(o.text);
    if ("error" in o) return "";
  }
  return String(v);
}

function tooMany(): never {
  throw new ImportFileError(`文件超过 ${MAX_IMPORT_ROWS.toLocaleString("en-US")} 行的上限，请拆分成多个文件后分别导入`);
}

/** Header = the first row with any text; data rows after it, fully empty rows skipped. */
function splitHeader(all: { rowNo: number; cells: string[] }[]) {
  const h = all.findIndex((r) => r.cells.some((c) => c.trim() !== ""));
  if (h < 0) throw new ImportFileError("文件里没有任何内容");
  const headers = all[h].cells.map((c) => c.trim());
  const rows = all.slice(h + 1).filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (!rows.length) throw new ImportFileError("文件只有表头，没有数据行");
  return { headers, rows };
}

/** A byte stream as text, a character split between two chunks decoded whole (TextDecoder in stream mode). */
async function* utf8Chunks(src: AsyncIterable<Uint8Array | string>) {
  const decoder = new TextDecoder("utf-8");
  for await (const c of src) yield typeof c === "string" ? c : decoder.decode(c, { stream: true });
  const tail = decoder.decode();
  if (tail) yield tail;
}

type ReaderInternals = {
  _parseWorksheet(iterator: AsyncIterable<Uint8Array | string>, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
};

/**
 * exceljs 4.4.0's streaming reader decodes each inflated 16 KB chunk of the sheet's XML on its own, so a Chinese
 * character split across two chunks became "��" (about 1 cell in 3,000 of a 100,000-row Chinese sheet; exceljs
 * issues #2063, #2084, open). Its sheets and shared strings are fed whole characters here instead.
 */
function fixUtf8(reader: InstanceType<typeof ExcelJS.stream.xlsx.WorkbookReader>) {
  const r = reader as unknown as ReaderInternals;
  const parseWorksheet = r._parseWorksheet.bind(reader);
  const parseSharedStrings = r._parseSharedStrings.bind(reader);
  r._parseWorksheet = (iterator, sheetNo) => parseWorksheet(utf8Chunks(iterator), sheetNo);
  r._parseSharedStrings = (entry) => {
    // a zip entry is a Readable: with an encoding set it yields strings decoded across chunk boundaries
    (entry as unknown as { setEncoding(e: string): void }).setEncoding("utf8");
    return parseSharedStrings(entry);
  };
  return reader;
}

/**
 * A copy of a cell's text that does not keep the sheet's XML alive: the XML parser hands out slices of the
 * 16 KB chunk a value was read from, and V8 keeps a slice's whole parent string (shorter ones, under 13
 * characters, it copies anyway). Without this, 100,000 rows held ~120 MB of XML text instead of their cells.
 */
const detached = (s: string): string => (s.length < 13 ? s : JSON.parse(JSON.stringify(s)));

async function readXlsx(bytes: Uint8Array) {
  const reader = fixUtf8(new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "emit",
  }));
  const all: { rowNo: number; cells: string[] }[] = [];
  try {
    for await (const ws of reader) {
      for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        const cells: string[] = [];
        // row.values is 1-based (index 0 is empty)
        for (let i = 1; i < values.length; i++) cells.push(detached(cellText(values[i]).trim()));
        all.push({ rowNo: row.number, cells });
        if (all.length > MAX_IMPORT_ROWS + 1) tooMany();
      }
      break; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError("文件已损坏或不是有效的 Excel 工作簿，无法读取");
  }
  return all;
}

function readCsv(bytes: Uint8Array) {
  const { text, encoding } = decodeText(bytes);
  const all: { rowNo: number; cells: string[] }[] = [];
  let n = 0;
  let over = false;
  Papa.parse<string[]>(text, {
    skipEmptyLines: "greedy",
    step: (r, parser) => {
      n++;
      all.push({ rowNo: n, cells: r.data.map((c) => (c ?? "").trim()) });
      if (all.length > MAX_IMPORT_ROWS + 1) {
        over = true;
        parser.abort();
      }
    },
  });
  if (over) tooMany();
  return { all, encoding };
}

/**
 * Reads an uploaded file into a header row and data rows of text, or throws ImportFileError with the reason:
 * empty, too large, too many rows, a password-protected or old-format workbook, a macro-enabled workbook, a
 * corrupt file, no data. Only the first worksheet of a workbook is read.
 */
export async function readImportFile(fileName: string, bytes: Uint8Array): Promise<ParsedFile> {
  if (bytes.byteLength === 0) throw new ImportFileError("文件是空的");
  if (bytes.byteLength >= MAX_IMPORT_BYTES) throw new ImportFileError("文件不能超过 50 MB，请拆分成多个文件后分别导入");
  const kind = formatOf(fileName);
  if (kind === "xlsm" || (isZip(bytes) && includesAscii(bytes, "vbaProject.bin")))
    throw new ImportFileError("含宏的工作簿（.xlsm）不予导入：请在 Excel 中另存为 .xlsx 后再上传");
  if (isOle(bytes)) {
    // an encrypted .xlsx is an OLE compound file holding the stream "EncryptedPackage"
    if (includesAscii(bytes, "EncryptedPackage", true)) throw new ImportFileError("文件设置了打开密码：请在 Excel 中取消密码后另存为 .xlsx 再上传");
    throw new ImportFileError("不支持旧版 Excel（.xls）文件：请在 Excel 或 WPS 中另存为 .xlsx 后再上传");
  }
  if (kind === "xlsx" || kind === "xls") {
    if (!isZip(bytes)) throw new ImportFileError("文件已损坏或不是有效的 Excel 工作簿，无法读取");
    return { format: "xlsx", encoding: null, ...splitHeader(await readXlsx(bytes)) };
  }
  if (kind === "vcf") {
    const { text, encoding } = decodeText(bytes);
    const cards = parseVCards(text);
    if (!cards.length) throw new ImportFileError("文件中没有找到名片（vCard）");
    if (cards.length > MAX_IMPORT_ROWS) tooMany();
    // the cards become rows under fixed headers, and go through the same mapping and dry run as a sheet
    return { format: "vcf", encoding, headers: [...VCARD_HEADERS], rows: cards.map((c, i) => ({ rowNo: i + 1, cells: c })) };
  }
  if (kind === "csv") {
    if (isZip(bytes)) throw new ImportFileError("这是一个 Excel 工作簿，请将文件扩展名改为 .xlsx 后上传");
    const { all, encoding } = readCsv(bytes);
    return { format: "csv", encoding, ...splitHeader(all) };
  }
  throw new ImportFileError("只支持 .xlsx、.csv 和 .vcf 文件");
}
