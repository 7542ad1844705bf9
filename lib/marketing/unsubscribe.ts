import { signToken, verifyToken } from "@/lib/crypto";

const PURPOSE = "unsubscribe";

/** The token of an unsubscribe link: which customer, which channel. */
export function unsubscribeToken(customerId: string, channel: "sms" | "email") {
  return signToken(PURPOSE, `${channel}:${customerId}`);
}

export function readUnsubscribeToken(token: string): { customerId: string; channel: "sms" | "email" } | null {
  const p = verifyToken(PURPOSE, token);
  const m = p ? /^(sms|email):([0-9a-f-]{36})$/.exec(p) : null;
  return m ? { channel: m[1] as "sms" | "email", customerId: m[2] } : null;
}

/** The public page (no sign-in, proxy.ts) and the one-click POST endpoint of RFC 8058. */
export function unsubscribeUrl(baseUrl: string, customerId: string, channel: "sms" | "email" = "email") {
  return `${baseUrl.replace(/\/$/, "")}/unsubscribe/${unsubscribeToken(customerId, channel)}`;
}
