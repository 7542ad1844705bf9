/**
 * vCard 3.0 / 4.0 (and the 2.1 that older Android phones still write) as phones export contacts: read into
 * rows under fixed Chinese headers so they go through the same mapping and dry run as a spreadsheet, and
 * written as vCard 3.0, which every phone's contacts app imports. Written here rather than taken from a
 * library: the maintained vCard packages either parse only 4.0 (ical.js) or not QUOTED-PRINTABLE Chinese.
 */
import iconv from "iconv-lite";

export const VCARD_HEADERS = ["姓名", "手机", "电话", "邮箱", "公司名称", "职务", "生日", "地址", "网址", "备注"] as const;

type Prop = { name: string; params: Record<string, string[]>; value: string };

/** Joins folded lines (RFC 6350 §3.2) and QUOTED-PRINTABLE soft breaks (vCard 2.1). */
function unfold(text: string) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    if ((line.startsWith(" ") || line.startsWith("\t")) && prev !== undefined) out[out.length - 1] = prev + line.slice(1);
    else if (prev !== undefined && /QUOTED-PRINTABLE/i.test(prev.split(":")[0]) && prev.endsWith("=")) out[out.length - 1] = prev.slice(0, -1) + line;
    else out.push(line);
  }
  return out;
}

function parseLine(line: string): Prop | null {
  // the value starts after the first colon that is not inside a quoted parameter value
  let i = 0;
  let quoted = false;
  for (; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ":" && !quoted) break;
  }
  if (i >= line.length) return null;
  const [rawName, ...rawParams] = line.slice(0, i).split(";");
  const name = rawName.replace(/^[^.]*\./, "").toUpperCase(); // drop a group prefix (item1.TEL)
  const params: Record<string, string[]> = {};
  for (const p of rawParams) {
    const eq = p.indexOf("=");
    const key = eq < 0 ? "TYPE" : p.slice(0, eq).toUpperCase(); // vCard 2.1: bare TEL;CELL
    const vals = (eq < 0 ? p : p.slice(eq + 1)).replace(/"/g, "").split(",").map((s) => s.trim().toUpperCase());
    (params[key] ??= []).push(...vals);
  }
  let value = line.slice(i + 1);
  if (params.ENCODING?.includes("QUOTED-PRINTABLE")) {
    const bytes: number[] = [];
    for (let k = 0; k < value.length; k++) {
      if (value[k] === "=" && /^[0-9A-Fa-f]{2}$/.test(value.slice(k + 1, k + 3))) {
        bytes.push(parseInt(value.slice(k + 1, k + 3), 16));
        k += 2;
      } else bytes.push(...Buffer.from(value[k], "utf8"));
    }
    const charset = params.CHARSET?.[0] ?? "UTF-8";
    value = iconv.encodingExists(charset) ? iconv.decode(Buffer.from(bytes), charset) : Buffer.from(bytes).toString("utf8");
  }
  return { name, params, value };
}

/** Splits a structured value on unescaped `;` and unescapes each part. */
function parts(value: string) {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === "\\" && i + 1 < value.length) {
      const n = value[++i];
      cur += n === "n" || n === "N" ? "\n" : n;
    } else if (ch === ";") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}
const text = (value: string) => parts(value).join(";").trim();

/** BDAY as yyyy-mm-dd when it has a year (19850308, 1985-03-08, 1985-03-08T00:00:00Z); a year-less --0308 stays as written. */
function birthday(v: string) {
  const s = v.trim();
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : s;
}

/** Every card of a .vcf as a row of VCARD_HEADERS' columns. */
export function parseVCards(input: string): string[][] {
  const rows: string[][] = [];
  let props: Prop[] | null = null;
  for (const line of unfold(input)) {
    if (/^BEGIN:VCARD$/i.test(line.trim())) props = [];
    else if (/^END:VCARD$/i.test(line.trim())) {
      if (props) rows.push(cardRow(props));
      props = null;
    } else if (props && line.trim()) {
      const p = parseLine(line);
      if (p) props.push(p);
    }
  }
  return rows.filter((r) => r.some((c) => c));
}

function cardRow(props: Prop[]): string[] {
  const get = (n: string) => props.filter((p) => p.name === n);
  const fn = get("FN").map((p) => text(p.value)).find(Boolean);
  const n = get("N")[0];
  // N is family;given;additional;prefix;suffix — Chinese names are written family+given with no space
  const nParts = n ? parts(n.value) : [];
  const hasCjk = /[\u3400-\u9fff]/.test(nParts.join(""));
  const nName = hasCjk ? `${nParts[0] ?? ""}${nParts[1] ?? ""}` : [nParts[1], nParts[2], nParts[0]].filter(Boolean).join(" ");
  const tels = get("TEL").map((p) => ({ types: p.params.TYPE ?? [], num: text(p.value).replace(/^tel:/i, "") }));
  const isCell = (t: { types: string[]; num: string }) => t.types.includes("CELL") || /^(\+?86[\s-]?)?1[3-9]\d[\d\s-]{8,}$/.test(t.num);
  const mobile = tels.find(isCell);
  const landline = tels.find((t) => t !== mobile && !isCell(t));
  const others = tels.filter((t) => t !== mobile && t !== landline).map((t) => t.num);
  const adr = get("ADR")[0];
  // ADR: po box;extended;street;locality;region;code;country → written the Chinese way, country first
  const a = adr ? parts(adr.value) : [];
  const address = adr ? [a[6], a[4], a[3], a[2], a[1]].filter(Boolean).join("") : "";
  const notes = [get("NOTE").map((p) => text(p.value)).filter(Boolean).join("\n"), others.length ? `其他电话：${others.join("、")}` : ""].filter(Boolean).join("\n");
  return [
    fn || nName.trim(),
    mobile?.num ?? "",
    landline?.num ?? "",
    get("EMAIL").map((p) => text(p.value)).find(Boolean) ?? "",
    get("ORG").map((p) => parts(p.value)[0]).find(Boolean) ?? "",
    get("TITLE").map((p) => text(p.value)).find(Boolean) ?? "",
    get("BDAY").map((p) => birthday(text(p.value))).find(Boolean) ?? "",
    address,
    get("URL").map((p) => text(p.value)).find(Boolean) ?? "",
    notes,
  ];
}

// ---------------------------------------------------------------- writing

const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/,/g, "\\,").replace(/;/g, "\\;");

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 6350 §3.2). */
function fold(line: string) {
  const out: string[] = [];
  let cur = "";
  let bytes = 0;
  for (const ch of line) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = "";
      bytes = 0;
    }
    cur += ch;
    bytes += b;
  }
  out.push(cur);
  return out.join("\r\n ");
}

export type VCardCustomer = {
  name: string;
  companyName?: string | null;
  title?: string | null;
  mobile?: string | null;
  landline?: string | null;
  email?: string | null;
  address?: string | null;
  website?: string | null;
  solarBirthday?: string | null;
  note?: string | null;
};

/** One customer as a vCard 3.0. */
export function formatVCard(c: VCardCustomer) {
  const lines = ["BEGIN:VCARD", "VERSION:3.0", `N:${esc(c.name)};;;;`, `FN:${esc(c.name)}`];
  if (c.companyName) lines.push(`ORG:${esc(c.companyName)}`);
  if (c.title) lines.push(`TITLE:${esc(c.title)}`);
  if (c.mobile) lines.push(`TEL;TYPE=CELL:${c.mobile}`);
  if (c.landline) lines.push(`TEL;TYPE=WORK,VOICE:${c.landline}`);
  if (c.email) lines.push(`EMAIL;TYPE=INTERNET:${esc(c.email)}`);
  if (c.address) lines.push(`ADR;TYPE=WORK:;;${esc(c.address)};;;;`);
  if (c.website) lines.push(`URL:${esc(c.website)}`);
  if (c.solarBirthday) lines.push(`BDAY:${c.solarBirthday}`);
  if (c.note) lines.push(`NOTE:${esc(c.note)}`);
  lines.push("END:VCARD");
  return lines.map(fold).join("\r\n") + "\r\n";
}
