/**
 * What a deal's contract file may be: the kinds a sales team keeps (PDF, scans and photos, Word, Excel), at most
 * 10 MB, and its bytes must be what its name says (a renamed .exe is refused). Pure, so it is unit-tested.
 */
export const MAX_DEAL_FILE_BYTES = 10 * 1024 * 1024;

type Kind = { mime: string; ext: string[]; magic: (b: Uint8Array) => boolean };
const starts = (b: Uint8Array, ...sig: number[]) => sig.every((x, i) => b[i] === x);
const zip = (b: Uint8Array) => starts(b, 0x50, 0x4b, 0x03, 0x04);
const ole = (b: Uint8Array) => starts(b, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);

export const DEAL_FILE_KINDS: Kind[] = [
  { mime: "application/pdf", ext: ["pdf"], magic: (b) => starts(b, 0x25, 0x50, 0x44, 0x46) },
  { mime: "image/jpeg", ext: ["jpg", "jpeg"], magic: (b) => starts(b, 0xff, 0xd8, 0xff) },
  { mime: "image/png", ext: ["png"], magic: (b) => starts(b, 0x89, 0x50, 0x4e, 0x47) },
  { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext: ["docx"], magic: zip },
  { mime: "application/msword", ext: ["doc"], magic: ole },
  { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: ["xlsx"], magic: zip },
  { mime: "application/vnd.ms-excel", ext: ["xls"], magic: ole },
];

/** For the file input's accept attribute. */
export const DEAL_FILE_ACCEPT = DEAL_FILE_KINDS.flatMap((k) => k.ext.map((e) => `.${e}`)).join(",");

export type DealFileCheck = { ok: true; name: string; mime: string } | { ok: false; message: string };

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters, ≤ 120 chars. */
export function cleanFileName(name: string) {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  if (clean.length <= 120) return clean;
  const dot = clean.lastIndexOf(".");
  const ext = dot > 0 && clean.length - dot <= 6 ? clean.slice(dot) : "";
  return clean.slice(0, 120 - ext.length) + ext;
}

/** Checks name, size and content; the stored type comes from the content's kind, never from the browser. */
export function checkDealFile(name: string, bytes: Uint8Array): DealFileCheck {
  const clean = cleanFileName(name);
  if (!clean) return { ok: false, message: "请选择要上传的文件" };
  if (bytes.length === 0) return { ok: false, message: "文件是空的" };
  if (bytes.length > MAX_DEAL_FILE_BYTES) return { ok: false, message: "文件不能超过 10 MB" };
  const ext = clean.includes(".") ? clean.split(".").pop()!.toLowerCase() : "";
  const kind = DEAL_FILE_KINDS.find((k) => k.ext.includes(ext));
  if (!kind) return { ok: false, message: "只能上传 PDF、图片（JPG/PNG）、Word 或 Excel 文件" };
  if (!kind.magic(bytes)) return { ok: false, message: `文件内容与扩展名 .${ext} 不符` };
  return { ok: true, name: clean, mime: kind.mime };
}

/** 1.2 MB style sizes for the list. */
export function formatFileSize(n: number) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
