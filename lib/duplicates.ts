import { maskIdCard } from "./id-card";

/**
 * 查重 look-ups per user: 30 in a fixed one-minute window. The form checks on blur of name, mobile and
 * e-mail and once more on save, so a rep entering a customer uses about four; 30 a minute is far above
 * anyone typing and far below what enumerating phone numbers to learn who owns them would need.
 */
export const DUPLICATE_CHECK_LIMIT = { max: 30, windowMs: 60_000 } as const;

export type DuplicateQuery = { mobile?: string | null; email?: string | null; companyName?: string | null; kind?: string; name?: string; idCard?: string | null };

const keepFirst = (s: string) => (s ? [...s][0] + "**" : "");

/**
 * What a 查重 asked, as the audit keeps it: enough to see the pattern of look-ups (the last four digits of a
 * mobile, the e-mail's domain, a company's first character) and never the whole value.
 */
export function maskDuplicateQuery(q: DuplicateQuery) {
  const out: Record<string, string> = {};
  if (q.mobile) out.mobile = "*******" + q.mobile.slice(-4);
  if (q.email) {
    const at = q.email.lastIndexOf("@");
    out.email = at > 0 ? keepFirst(q.email.slice(0, at)) + q.email.slice(at) : keepFirst(q.email);
  }
  const company = q.kind === "company" ? q.name : null;
  if (company) out.companyName = keepFirst(company);
  if (q.idCard) out.idCard = maskIdCard(q.idCard);
  return out;
}
