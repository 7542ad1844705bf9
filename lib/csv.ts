/** RFC 4180 field quoting; a leading =,+,-,@ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvField(v: unknown) {
  if (v == null) return "";
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: unknown[]) {
  return values.map(csvField).join(",") + "\r\n";
}
