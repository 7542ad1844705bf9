import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { recordOptOut } from "@/db/queries/marketing";
import { customers } from "@/db/schema";
import { readUnsubscribeToken } from "@/lib/marketing/unsubscribe";

type Ctx = { params: Promise<{ token: string }> };

/**
 * Records the opt-out a signed unsubscribe token names (no sign-in: the token is the authority). Answers a
 * mail client's RFC 8058 one-click POST (body List-Unsubscribe=One-Click) with 200, and the page's form
 * with a redirect back to the page, now confirming. A token that does not verify changes nothing.
 */
export async function POST(request: Request, { params }: Ctx) {
  const { token } = await params;
  const t = readUnsubscribeToken(decodeURIComponent(token));
  if (!t) return Response.json({ ok: false, code: "NOT_FOUND", error: "退订链接无效" }, { status: 404 });
  const db = await getDb();
  const [c] = await db.select({ id: customers.id }).from(customers).where(eq(customers.id, t.customerId));
  if (c) await recordOptOut(db, c.id, t.channel, "link");
  const body = await request.text().catch(() => "");
  if (body.includes("List-Unsubscribe=One-Click")) return new Response("ok", { status: 200, headers: { "content-type": "text/plain" } });
  return new Response(null, { status: 303, headers: { location: `/unsubscribe/${encodeURIComponent(token)}?done=1` } });
}

export async function GET(_request: Request, { params }: Ctx) {
  const { token } = await params;
  return new Response(null, { status: 303, headers: { location: `/unsubscribe/${encodeURIComponent(token)}` } });
}
