import chardet from "chardet";
import iconv from "iconv-lite";

/** Which encodings a text file is tried in when it is not UTF-8, besides what chardet says. */
const CJK_FALLBACK = "gb18030";

/**
 * A text file's bytes as a string, whatever Excel or WPS saved it as: UTF-8 with or without a BOM,
 * UTF-16 with a BOM, or — the usual Chinese "CSV (逗号分隔)" — GBK/GB18030. Valid UTF-8 is taken as UTF-8;
 * otherwise GB18030 (a superset of GBK and GB2312) when it decodes cleanly, else chardet's guess.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString("utf8"), encoding: "utf-8-bom" };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), "utf-16le"), encoding: "utf-16le" };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), "utf-16be"), encoding: "utf-16be" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buf), encoding: "utf-8" };
  } catch {
    /* not UTF-8 */
  }
  // chardet reads a sample: 64 KB is thousands of Chinese characters, plenty to tell GBK from Big5
  const guess = chardet.detect(buf.subarray(0, 64 * 1024));
  // Short GBK files fool chardet (two lines of GBK came out "Big5", three "EUC-KR"; a single-byte guess such
  // as windows-1252 decodes any bytes at all), and a Chinese sales team's files are GBK far more often than
  // anything else: so GB18030 goes first, and chardet's guess is used only when GB18030 cannot decode it.
  const tries = [CJK_FALLBACK, guess].filter((e): e is string => !!e && iconv.encodingExists(e));
  for (const enc of tries) {
    const text = iconv.decode(buf, enc);
    if (!text.includes("\uFFFD")) return { text, encoding: enc.toLowerCase() };
  }
  return { text: iconv.decode(buf, CJK_FALLBACK), encoding: CJK_FALLBACK };
}
