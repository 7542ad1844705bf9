import { z } from "zod";

const b64url = z.string().min(8).max(256).regex(/^[A-Za-z0-9_-]+=*$/);

/** A browser PushSubscription as JSON (subscription.toJSON()). */
export const pushSubscriptionSchema = z.object({
  endpoint: z.url({ protocol: /^https$/ }).max(2000),
  keys: z.object({ p256dh: b64url, auth: b64url }),
});
export const pushUnsubscribeSchema = z.object({ endpoint: z.string().max(2000) });
