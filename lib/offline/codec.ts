/**
 * The pull's rows on the wire (issue #11 §9): a page of rows that all have the same fields goes as columns —
 * the field names once, each field's values in one array (values of a kind side by side compress far better
 * than objects repeating their keys), and instants as epoch milliseconds. The phone unpacks them into the
 * same objects the server made (instants as ISO strings, as JSON had them), so the offline store and its views
 * do not know the difference. Rows of different shapes (products with their FAB chains, the reminder inbox)
 * stay objects. A column of strings that repeat (a communication's customer id, its method) goes as a dictionary of
 * its distinct values and an index per row: gzip's 32 KB window does not reach back to a customer id seen
 * thousands of rows before. Used by app/api/sync (pack) and lib/offline/sync.ts (unpack).
 */
export type PackedRows = { k: string[]; c: unknown[][]; t: number[]; d?: [column: number, values: string[]][] };
type Row = Record<string, unknown>;

export function packRows(rows: Row[]): Row[] | PackedRows {
  if (!rows.length) return rows;
  const k = Object.keys(rows[0]);
  const same = rows.every((r) => {
    const keys = Object.keys(r);
    return keys.length === k.length && keys.every((x, i) => x === k[i]);
  });
  if (!same) return rows;
  const c = k.map((key) => rows.map((r) => r[key]));
  const t: number[] = [];
  c.forEach((col, i) => {
    if (!col.some((v) => v instanceof Date) || !col.every((v) => v == null || v instanceof Date)) return;
    t.push(i);
    c[i] = col.map((v) => (v == null ? null : (v as Date).getTime()));
  });
  const d: [number, string[]][] = [];
  c.forEach((col, i) => {
    if (!col.every((v) => typeof v === "string")) return;
    const at = new Map<string, number>();
    const values: string[] = [];
    const idx = (col as string[]).map((v) => {
      let n = at.get(v);
      if (n == null) at.set(v, (n = values.push(v) - 1));
      return n;
    });
    if (values.length > col.length / 2) return;
    d.push([i, values]);
    c[i] = idx;
  });
  return d.length ? { k, c, t, d } : { k, c, t };
}

export function unpackRows<R extends Row = Row>(p: Row[] | PackedRows): R[] {
  if (Array.isArray(p)) return p as R[];
  const dates = new Set(p.t);
  const dicts = new Map(p.d ?? []);
  const cols = p.c.map((col, i) => {
    const dict = dicts.get(i);
    if (dict) return col.map((n) => dict[n as number]);
    return dates.has(i) ? col.map((v) => (v == null ? null : new Date(v as number).toISOString())) : col;
  });
  const n = cols[0]?.length ?? 0;
  const out: R[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const row: Row = {};
    for (let i = 0; i < p.k.length; i++) row[p.k[i]] = cols[i][r];
    out[r] = row as R;
  }
  return out;
}
