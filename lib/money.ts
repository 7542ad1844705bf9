/**
 * Exact money (CNY) as decimal strings with at most 2 decimals: never floats. Amounts travel as the
 * numeric(14,2) text Postgres returns; arithmetic is done on integer cents (BigInt).
 */
export const MAX_AMOUNT_CENTS = 10n ** 14n - 1n; // numeric(14,2): < 1e12 yuan

/** "1,234.5" / "1234.50" / "¥1234" → "1234.50"; null for empty; throws nothing, returns "invalid" on junk. */
export function parseMoney(input: unknown): { ok: true; value: string | null } | { ok: false; reason: "format" | "negative" | "too_large" | "precision" } {
  if (input == null) return { ok: true, value: null };
  if (typeof input !== "string") return { ok: false, reason: "format" };
  const s = input.trim().replace(/^[¥￥]/, "").replace(/,/g, "").replace(/，/g, "");
  if (s === "") return { ok: true, value: null };
  if (/^-/.test(s)) return /^-\d+(\.\d+)?$/.test(s) ? { ok: false, reason: "negative" } : { ok: false, reason: "format" };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return { ok: false, reason: "format" };
  const frac = m[2] ?? "";
  if (frac.length > 2) return { ok: false, reason: "precision" };
  const cents = BigInt(m[1]) * 100n + BigInt((frac + "00").slice(0, 2));
  if (cents > MAX_AMOUNT_CENTS) return { ok: false, reason: "too_large" };
  return { ok: true, value: centsToString(cents) };
}

export function toCents(v: string | null | undefined): bigint {
  if (v == null || v === "") return 0n;
  const neg = v.startsWith("-");
  const [i, f = ""] = (neg ? v.slice(1) : v).split(".");
  const c = BigInt(i || "0") * 100n + BigInt((f + "00").slice(0, 2));
  return neg ? -c : c;
}

export function centsToString(c: bigint): string {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? "-" : ""}${a / 100n}.${(a % 100n).toString().padStart(2, "0")}`;
}

/** ¥1,234,567.80 from an exact decimal string (no float on the way). */
export function formatMoney(v: string | null | undefined): string {
  if (v == null || v === "") return "—";
  const s = centsToString(toCents(v));
  const neg = s.startsWith("-");
  const [i, f] = (neg ? s.slice(1) : s).split(".");
  return `${neg ? "-" : ""}¥${i.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${f}`;
}
