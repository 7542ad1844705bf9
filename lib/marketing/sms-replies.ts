/**
 * 上行短信 (a customer's reply to an SMS) from the providers' callbacks, for 回T退订:
 *
 * - Alibaba Cloud SMS, 上行消息 "HTTP批量推送" (SmsUp): POST, a JSON array of
 *   { phone_number, content, send_time, dest_code, sequence_id, sign_name? }; answered 200 with
 *   { "code": 0, "msg": "接收成功" } (a non-200 answer is pushed again later).
 * - Tencent Cloud SMS 回复回调 (短信回复): POST, one JSON object { extend, mobile, nationcode, sign, text, time };
 *   answered { "result": 0, "errmsg": "OK" }.
 *
 * Neither provider signs these callbacks, so the callback URL configured at the provider carries a secret
 * (ALIYUN_SMS_CALLBACK_TOKEN / TENCENT_SMS_CALLBACK_TOKEN, at least 16 characters) compared in constant time;
 * without it the provider's callback is off (404).
 */
import crypto from "node:crypto";
import { z } from "zod";
import { normalizeMobile } from "@/lib/validation/customer";

export const SMS_REPLY_PROVIDERS = ["aliyun", "tencent"] as const;
export type SmsReplyProvider = (typeof SMS_REPLY_PROVIDERS)[number];
export type SmsReply = { mobile: string | null; text: string };

const MIN_TOKEN = 16;
const TOKEN_ENV: Record<SmsReplyProvider, string> = { aliyun: "ALIYUN_SMS_CALLBACK_TOKEN", tencent: "TENCENT_SMS_CALLBACK_TOKEN" };

export const isSmsReplyProvider = (p: string): p is SmsReplyProvider => (SMS_REPLY_PROVIDERS as readonly string[]).includes(p);

/** The provider's configured callback secret, or null when its callback is off (unset or too short to be one). */
export function callbackToken(provider: SmsReplyProvider, env: Record<string, string | undefined> = process.env): string | null {
  const t = env[TOKEN_ENV[provider]]?.trim();
  return t && t.length >= MIN_TOKEN ? t : null;
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export function tokenMatches(given: string, expected: string) {
  const h = (s: string) => crypto.createHash("sha256").update(s, "utf8").digest();
  return crypto.timingSafeEqual(h(given), h(expected));
}

/** 退订 replies: T, TD or 退订, in any case, full-width or not, with spaces around. */
export function isOptOutReply(text: string) {
  const t = text.normalize("NFKC").trim().toUpperCase();
  return t === "T" || t === "TD" || t === "退订";
}

/** A mainland mobile as customers store it (11 digits), or null: "+86 138-…", "86138…" and "0086…" included. */
export function chinaMobile(raw: string, nationcode?: string | null) {
  const code = (nationcode ?? "").replace(/\D/g, "");
  if (code && code !== "86") return null;
  const m = normalizeMobile(raw).replace(/^86(?=1\d{10}$)/, "");
  return /^1[3-9]\d{9}$/.test(m) ? m : null;
}

const text = z.string().max(2000);
const aliyunBody = z
  .array(
    z.object({
      phone_number: z.string().max(40),
      content: text,
      send_time: z.string().max(40).optional(),
      dest_code: z.string().max(40).optional(),
      sequence_id: z.union([z.string().max(40), z.number()]).optional(),
      sign_name: z.string().max(100).optional(),
    }),
  )
  .max(1000);
const tencentItem = z.object({
  mobile: z.string().max(40),
  nationcode: z.string().max(8).optional(),
  text,
  sign: z.string().max(100).optional(),
  time: z.number().optional(),
  extend: z.string().max(40).optional(),
});
// documented as one object; an array of them is taken too
const tencentBody = z.union([tencentItem, z.array(tencentItem).max(1000)]);

/** The replies in a provider's callback body (parsed JSON), or null when it is not that provider's format. */
export function parseSmsReplies(provider: SmsReplyProvider, body: unknown): SmsReply[] | null {
  if (provider === "aliyun") {
    const r = aliyunBody.safeParse(body);
    return r.success ? r.data.map((x) => ({ mobile: chinaMobile(x.phone_number), text: x.content })) : null;
  }
  const r = tencentBody.safeParse(body);
  if (!r.success) return null;
  return (Array.isArray(r.data) ? r.data : [r.data]).map((x) => ({ mobile: chinaMobile(x.mobile, x.nationcode), text: x.text }));
}

/** The answer each provider documents: success, or a failure with a short reason. */
export function callbackAnswer(provider: SmsReplyProvider, status: number, reason?: string) {
  const ok = status === 200;
  const body = provider === "aliyun" ? { code: ok ? 0 : 1, msg: ok ? "接收成功" : (reason ?? "error") } : { result: ok ? 0 : 1, errmsg: ok ? "OK" : (reason ?? "error") };
  return Response.json(body, { status });
}
