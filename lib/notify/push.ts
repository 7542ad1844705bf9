import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { readInbox } from "@/db/queries/reminder-inbox";
import { getViewer } from "@/db/queries/users";
import { appSettings, pushSubscriptions } from "@/db/schema";
import { AppError } from "@/lib/errors";

export const VAPID_KEY = "vapid_keys";
type Vapid = { publicKey: string; privateKey: string };

/**
 * The VAPID key pair, generated once and kept in app_settings. Two processes racing to create it both
 * insert ON CONFLICT DO NOTHING and then read the row that won, so every sender uses the same pair.
 */
export async function getVapidKeys(db: Db): Promise<Vapid> {
  const read = async () => (await db.select().from(appSettings).where(eq(appSettings.key, VAPID_KEY)))[0]?.value as Vapid | undefined;
  const found = await read();
  if (found?.publicKey && found.privateKey) return found;
  const webpush = (await import("web-push")).default;
  const keys = webpush.generateVAPIDKeys();
  await db.insert(appSettings).values({ key: VAPID_KEY, value: keys }).onConflictDoNothing();
  return (await read())!;
}

export type PushSubscriptionInput = { endpoint: string; keys: { p256dh: string; auth: string } };

/**
 * Opt in: stores this user's subscription, or refreshes the keys of their own row for the same endpoint.
 * An endpoint already registered to another user (two people on one browser profile) is refused with
 * CONFLICT and that row is left as it is: taking it over would send the other user's reminders to this
 * one. The other user's opt-out, or the push service reporting the endpoint gone, frees it.
 */
export async function saveSubscription(db: Db, userId: string, s: PushSubscriptionInput) {
  const saved = await db
    .insert(pushSubscriptions)
    .values({ userId, endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth })
    .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: { p256dh: s.keys.p256dh, auth: s.keys.auth }, setWhere: eq(pushSubscriptions.userId, userId) })
    .returning({ id: pushSubscriptions.id });
  if (!saved.length) throw new AppError("CONFLICT", "此浏览器已为其他账号开启推送，请先在该账号下关闭");
}

/** Opt out: only the owner's own subscription is removed. */
export async function deleteSubscription(db: Db, userId: string, endpoint: string) {
  await db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, userId)));
}

export async function countSubscriptions(db: Db, userId: string) {
  const rows = await db.select({ id: pushSubscriptions.id }).from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
  return rows.length;
}

type Sender = (sub: { endpoint: string; keys: { p256dh: string; auth: string } }, payload: string) => Promise<unknown>;

/** Sends one payload to every subscription of a user; subscriptions the push service says are gone (404/410) are removed. */
export async function pushToUser(db: Db, userId: string, payload: { title: string; body: string; url: string }, send?: Sender) {
  const subs = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
  if (!subs.length) return { sent: 0, removed: 0, failed: 0 };
  let sender = send;
  if (!sender) {
    const webpush = (await import("web-push")).default;
    const v = await getVapidKeys(db);
    const subject = process.env.VAPID_SUBJECT || "mailto:noreply@zhike.local";
    sender = (sub, body) => webpush.sendNotification(sub, body, { vapidDetails: { subject, publicKey: v.publicKey, privateKey: v.privateKey }, TTL: 3600 });
  }
  const gone: string[] = [];
  let sent = 0;
  let failed = 0;
  for (const s of subs) {
    try {
      await sender({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, JSON.stringify(payload));
      sent++;
    } catch (e) {
      const code = (e as { statusCode?: number }).statusCode;
      if (code === 404 || code === 410) gone.push(s.id);
      else failed++;
    }
  }
  if (gone.length) await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, gone));
  return { sent, removed: gone.length, failed };
}

/** The daily push: "N 条提醒待处理" to each subscribed user with open reminders. */
export async function pushDailySummaries(db: Db, today: string, send?: Sender) {
  const users = await db.selectDistinct({ userId: pushSubscriptions.userId }).from(pushSubscriptions);
  const total = { sent: 0, removed: 0, failed: 0 };
  for (const { userId } of users) {
    const viewer = await getViewer(db, userId);
    if (!viewer) continue;
    const open = (await readInbox(db, viewer, today)).reminders.filter((r) => r.status === "open");
    if (!open.length) continue;
    const first = open.slice(0, 3).map((r) => r.title).join("、");
    const r = await pushToUser(db, userId, { title: `今天有 ${open.length} 条提醒`, body: first, url: "/reminders" }, send);
    total.sent += r.sent;
    total.removed += r.removed;
    total.failed += r.failed;
  }
  return total;
}
