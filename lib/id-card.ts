import { isCalendarDate, today } from "@/lib/dates";

/**
 * 居民身份证 (GB 11643-1999): 17 digits + check character. The check is ISO 7064 MOD 11-2:
 * sum(d_i * w_i) mod 11 indexes "10X98765432".
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

export function idCardCheckChar(first17: string) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export function normalizeIdCard(s: string) {
  return s.trim().toUpperCase().replace(/\s+/g, "");
}

export type IdCardProblem = "format" | "birthdate" | "checksum";

/** Validates an 18-character ID-card number; returns null when valid. */
export function idCardProblem(raw: string): IdCardProblem | null {
  const s = normalizeIdCard(raw);
  if (!/^\d{17}[\dX]$/.test(s)) return "format";
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (!isCalendarDate(birth) || birth < "1900-01-01" || birth > today()) return "birthdate";
  if (idCardCheckChar(s.slice(0, 17)) !== s[17]) return "checksum";
  return null;
}

/** 4403**********1234: the first four and last four stay visible. */
export function maskIdCard(raw: string) {
  const s = normalizeIdCard(raw);
  return s.slice(0, 4) + "*".repeat(Math.max(0, s.length - 8)) + s.slice(-4);
}
