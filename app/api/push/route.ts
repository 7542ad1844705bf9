import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { countSubscriptions, deleteSubscription, getVapidKeys, saveSubscription } from "@/lib/notify/push";
import { isSameOrigin } from "@/lib/origin";
import { currentViewer } from "@/lib/session";
import { pushSubscriptionSchema, pushUnsubscribeSchema } from "@/lib/validation/push";

/** Web Push opt-in: GET → the VAPID public key; POST → subscribe this browser; DELETE → unsubscribe. */
export async function GET() {
  const viewer = await currentViewer();
  if (!viewer) return NextResponse.json({ error: "登录已过期，请重新登录" }, { status: 401 });
  const db = await getDb();
  const [{ publicKey }, count] = await Promise.all([getVapidKeys(db), countSubscriptions(db, viewer.id)]);
  return NextResponse.json({ publicKey, subscriptions: count }, { headers: { "cache-control": "no-store" } });
}

async function mutation(req: NextRequest, f: (userId: string, body: unknown) => Promise<void>) {
  // route handlers have no CSRF protection of their own
  if (!isSameOrigin(req.headers)) return NextResponse.json({ error: "请求来源无效" }, { status: 403 });
  const viewer = await currentViewer();
  if (!viewer) return NextResponse.json({ error: "登录已过期，请重新登录" }, { status: 401 });
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return NextResponse.json({ error: "订阅信息无效" }, { status: 422 });
  }
  try {
    await f(viewer.id, body);
    return NextResponse.json({ ok: true });
  } catch (e) {
    if (e instanceof AppError) return NextResponse.json({ error: e.message }, { status: e.status });
    if (e instanceof Error && e.name === "ZodError") return NextResponse.json({ error: "订阅信息无效" }, { status: 422 });
    console.error("[push] subscription failed", e);
    return NextResponse.json({ error: "系统繁忙，请稍后重试" }, { status: 500 });
  }
}

export async function POST(req: NextRequest) {
  return mutation(req, async (userId, body) => saveSubscription(await getDb(), userId, pushSubscriptionSchema.parse(body)));
}

export async function DELETE(req: NextRequest) {
  return mutation(req, async (userId, body) => deleteSubscription(await getDb(), userId, pushUnsubscribeSchema.parse(body).endpoint));
}
