import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { OpenedDb } from "@/db/client";
import { customers, pushSubscriptions } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { solarToLunar } from "@/lib/lunar";
import { countSubscriptions, deleteSubscription, getVapidKeys, pushDailySummaries, saveSubscription } from "@/lib/notify/push";
import { today } from "@/lib/dates";
import { pushSubscriptionSchema } from "@/lib/validation/push";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer;
beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2] = await Promise.all(["sz1.rep1@demo.cn", "sz1.rep2@demo.cn"].map((e) => viewerFor(o.db, e)));
});
afterAll(async () => o?.close());

const sub = (n: string) => ({ endpoint: `https://push.example.com/send/${n}`, keys: { p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM", auth: "tBHItJI5svbpez7KI4CCXg" } });

test("VAPID keys are generated once and kept", async () => {
  const a = await getVapidKeys(o.db);
  expect(a.publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
  expect(await getVapidKeys(o.db)).toEqual(a);
});

test("subscriptions: validated, one per endpoint, removed only by their owner", async () => {
  expect(pushSubscriptionSchema.safeParse({ endpoint: "http://insecure.example.com", keys: sub("x").keys }).success).toBe(false);
  expect(pushSubscriptionSchema.safeParse({ endpoint: sub("x").endpoint, keys: { p256dh: "<script>", auth: "x" } }).success).toBe(false);
  await saveSubscription(o.db, rep1.id, pushSubscriptionSchema.parse(sub("a")));
  await saveSubscription(o.db, rep1.id, sub("a"));
  expect(await countSubscriptions(o.db, rep1.id)).toBe(1);
  await deleteSubscription(o.db, rep2.id, sub("a").endpoint);
  expect(await countSubscriptions(o.db, rep1.id)).toBe(1);
});

test("a subscription saved by one user never moves or changes another user's row", async () => {
  // Regression: saving upserted on the endpoint alone, so rep2 posting rep1's endpoint took the row over
  // (and its keys) and rep1's reminders went to rep2's session.
  await saveSubscription(o.db, rep1.id, sub("shared"));
  const [before] = await o.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, sub("shared").endpoint));
  const e = await saveSubscription(o.db, rep2.id, { ...sub("shared"), keys: { p256dh: "BOtherKeyOtherKeyOtherKey", auth: "otherAuthSecret" } }).catch((x) => x);
  expect(e).toBeInstanceOf(AppError);
  expect(e).toMatchObject({ code: "CONFLICT", status: 409 });
  expect(await o.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, sub("shared").endpoint))).toEqual([before]);
  expect(await countSubscriptions(o.db, rep2.id)).toBe(0);
  // its owner may still refresh the keys of their own row
  await saveSubscription(o.db, rep1.id, { ...sub("shared"), keys: { p256dh: "BRefreshedKeyRefreshedKey", auth: "refreshedAuth" } });
  const [after] = await o.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, sub("shared").endpoint));
  expect(after).toMatchObject({ id: before.id, userId: rep1.id, p256dh: "BRefreshedKeyRefreshedKey", auth: "refreshedAuth" });
  // and only its owner removes it
  await deleteSubscription(o.db, rep2.id, sub("shared").endpoint);
  expect(await o.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, sub("shared").endpoint))).toHaveLength(1);
  await deleteSubscription(o.db, rep1.id, sub("shared").endpoint);
  expect(await o.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, sub("shared").endpoint))).toHaveLength(0);
});

test("the daily push goes to subscribed users with open reminders; expired subscriptions are removed", async () => {
  const l = solarToLunar(today());
  await o.db.insert(customers).values({ name: "推送寿星", ownerId: rep1.id, orgUnitId: rep1.orgUnitId, lunarBirthMonth: l.month, lunarBirthDay: l.day, lunarBirthLeap: l.leap });
  await saveSubscription(o.db, rep1.id, sub("gone"));
  const sent: { endpoint: string; payload: { title: string; body: string; url: string } }[] = [];
  const r = await pushDailySummaries(o.db, today(), async (s, payload) => {
    if (s.endpoint.endsWith("/gone")) throw Object.assign(new Error("Gone"), { statusCode: 410 });
    sent.push({ endpoint: s.endpoint, payload: JSON.parse(payload) });
  });
  expect(r).toEqual({ sent: 1, removed: 1, failed: 0 });
  expect(sent[0].payload.title).toMatch(/^今天有 \d+ 条提醒$/);
  expect(sent[0].payload.url).toBe("/reminders");
  expect((await o.db.select().from(pushSubscriptions)).map((s) => s.endpoint)).toEqual([sub("a").endpoint]);
});
