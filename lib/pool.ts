/**
 * 公海 (the shared pool): what a rep may see of a customer nobody owns before claiming it. Contact details are
 * masked so that the pool cannot be used as a phone book: the first three and last four digits of a mobile,
 * the first letter and the domain of an e-mail; QQ, WeChat and landline are hidden.
 */
export function maskMobile(v: string | null | undefined): string | null {
  if (!v) return null;
  const d = v.replace(/\D/g, "");
  if (d.length < 7) return "****";
  return `${d.slice(0, 3)}****${d.slice(-4)}`;
}

export function maskEmail(v: string | null | undefined): string | null {
  if (!v) return null;
  const at = v.lastIndexOf("@");
  if (at <= 0) return "****";
  return `${v[0]}***${v.slice(at)}`;
}

/** Pool rule days and the claim limit an admin may set. */
export const POOL_DAYS_MAX = 3650;
export const CLAIM_LIMIT_MAX = 1000;
/** A rep's daily claims where no rule of their unit (or above it) says otherwise. */
export const DEFAULT_CLAIM_LIMIT = 20;
