import { getDb } from "@/db/client";
import { recordSmsReplyOptOut } from "@/db/queries/marketing";
import { clientIp } from "@/lib/forwarded";
import { callbackAnswer, callbackToken, isOptOutReply, isSmsReplyProvider, parseSmsReplies, tokenMatches } from "@/lib/marketing/sms-replies";

type Ctx = { params: Promise<{ provider: string; token: string }> };

/**
 * 上行短信 callback of an SMS provider (public: the secret in the configured URL is the authority, as neither
 * provider signs these requests; see lib/marketing/sms-replies.ts). A reply of T / TD / 退订 records an SMS
 * opt-out for the customers with that mobile; any other reply is acknowledged and ignored. Answered in the
 * format the provider documents. A provider whose token is not configured has no callback (404).
 */
export async function POST(request: Request, { params }: Ctx) {
  const { provider, token } = await params;
  if (!isSmsReplyProvider(provider)) return Response.json({ ok: false, code: "NOT_FOUND" }, { status: 404 });
  const expected = callbackToken(provider);
  if (!expected) return callbackAnswer(provider, 404, "callback not configured");
  if (!tokenMatches(decodeURIComponent(token), expected)) return callbackAnswer(provider, 403, "forbidden");
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return callbackAnswer(provider, 400, "body is not JSON");
  }
  const replies = parseSmsReplies(provider, body);
  if (!replies) return callbackAnswer(provider, 400, "not the documented format");
  const optOuts = replies.filter((r) => r.mobile && isOptOutReply(r.text));
  if (optOuts.length) {
    const db = await getDb();
    const ip = clientIp(request.headers);
    for (const r of optOuts) await recordSmsReplyOptOut(db, r.mobile!, provider, ip);
  }
  return callbackAnswer(provider, 200);
}
