import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { jsonError, routeAction } from "@/lib/action";
import { countSubscriptions, deleteSubscription, getVapidKeys, saveSubscription } from "@/lib/notify/push";
import { currentViewer } from "@/lib/session";
import { pushSubscriptionSchema, pushUnsubscribeSchema } from "@/lib/validation/push";

/** Web Push opt-in: GET → the VAPID public key; POST → subscribe this browser; DELETE → unsubscribe. */
export async function GET() {
  const viewer = await currentViewer();
  if (!viewer) return jsonError("登录已过期，请重新登录", 401);
  const db = await getDb();
  const [{ publicKey }, count] = await Promise.all([getVapidKeys(db), countSubscriptions(db, viewer.id)]);
  return NextResponse.json({ publicKey, subscriptions: count }, { headers: { "cache-control": "no-store" } });
}

export const POST = routeAction(pushSubscriptionSchema, async (input, { db, viewer }) => {
  await saveSubscription(db, viewer.id, input);
  return { ok: true };
});

export const DELETE = routeAction(pushUnsubscribeSchema, async (input, { db, viewer }) => {
  await deleteSubscription(db, viewer.id, input.endpoint);
  return { ok: true };
});
