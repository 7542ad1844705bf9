/**
 * Sends campaigns in the background (ARCHITECTURE.md, "Jobs"), from the durable queue in message_sends
 * (db/queries/marketing.ts): claim a batch (FOR UPDATE SKIP LOCKED, committed as 'sending'), send each
 * through the channel's transport at its rate and concurrency, write the batch's outcomes; a few such loops
 * run at once (LANES) so that claiming and recording overlap with sending.
 * Campaigns left sending when the server stopped are picked up at start-up; rows the dead process had
 * claimed are settled as uncertain once their lease has passed (never sent twice by the app itself).
 */
import type { Db } from "@/db/client";
import { appBaseUrl, composeEmail, composeSms } from "@/lib/marketing/compose";
import { pacer, transportFor, type Transport } from "@/lib/marketing/transports";

/** A claimed row older than this is taken as abandoned; each transport call times out well within it. */
export const LEASE_MS = Number(process.env.MARKETING_LEASE_MS) || 120_000;

/**
 * Claim→send→record loops per campaign and process. One loop waits for its claim and for its outcome
 * statement before it can claim again, and its batch's last messages leave the transport half idle; with two,
 * the next batch is claimed while the current one is in flight. Bounded: at most LANES × batch rows of this
 * process are 'sending' at once (what a crash can leave as outcome unknown), and the transport's concurrency
 * and rate are shared by the loops. (Measured: the SMTP transport itself was the limit, see README; one loop
 * or three send about as fast now, two keep the unknowns after a crash at two batches.)
 */
export const LANES = 2;

export type SendOptions = { transport: Transport; baseUrl?: string; batch?: number; lanes?: number; leaseMs?: number; signal?: AbortSignal; onBatch?: () => void };

/** At most `n` calls of `fn` in flight at once, the rest waiting in order. */
function limiter(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(fn: () => Promise<T>): Promise<T> {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    else active++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/**
 * Sends one campaign until nothing is queued; returns whether it is done (false when rows claimed by
 * another, live server are still in flight, or when stopped by `signal`).
 */
export async function sendCampaign(db: Db, campaignId: string, opts: SendOptions): Promise<boolean> {
  const { claimBatch, recordOutcomes, settleExpiredClaims, finishIfDone } = await import("@/db/queries/marketing");
  const t = opts.transport;
  const take = pacer(t.rate);
  const inFlight = limiter(t.concurrency);
  const baseUrl = opts.baseUrl ?? appBaseUrl();
  const batch = opts.batch ?? Math.max(10, t.concurrency * 5);
  let drained = false;
  const lane = async () => {
    while (!drained && !opts.signal?.aborted) {
      const rows = await claimBatch(db, campaignId, batch);
      if (!rows.length) {
        drained = true;
        break;
      }
      const outcomes: Parameters<typeof recordOutcomes>[1] = [];
      await Promise.all(
        rows.map((row) =>
          inFlight(async () => {
            await take();
            try {
              const r = await t.send(row.channel === "email" ? composeEmail(row, baseUrl) : composeSms(row));
              outcomes.push({ id: row.id, ok: true, providerId: r.providerId });
            } catch (e) {
              outcomes.push({ id: row.id, ok: false, error: e instanceof Error ? e.message : String(e) });
            }
          }),
        ),
      );
      // a batch's outcomes are written together: a process that dies before this line leaves its loops'
      // batches 'sending' (at most LANES of them), settled later as outcome unknown (never resent by itself)
      await recordOutcomes(db, outcomes);
      opts.onBatch?.();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.lanes ?? LANES) }, lane));
  if (opts.signal?.aborted) return false;
  await settleExpiredClaims(db, opts.leaseMs ?? LEASE_MS, campaignId);
  return finishIfDone(db, campaignId);
}

const running = new Set<string>();

/** Starts (or keeps) the sender of one campaign in this process; returns at once. */
export function runCampaignInBackground(campaignId: string, channel: "sms" | "email") {
  if (running.has(campaignId)) return;
  running.add(campaignId);
  void (async () => {
    const { getDb } = await import("@/db/client");
    const db = await getDb();
    const transport = await transportFor(channel);
    try {
      for (;;) {
        const done = await sendCampaign(db, campaignId, { transport });
        if (done) break;
        // rows still in flight elsewhere, or claimed by a process that died: look again after a while
        await new Promise((r) => setTimeout(r, Math.min(LEASE_MS, 30_000)).unref?.());
      }
    } catch (e) {
      console.error("[marketing] campaign sender failed", campaignId, e);
    } finally {
      await transport.close().catch(() => {});
      running.delete(campaignId);
    }
  })();
}

/** Resumes the campaigns a stopped server left sending. */
export async function resumeCampaigns() {
  const [{ getDb }, { sendingCampaigns }] = await Promise.all([import("@/db/client"), import("@/db/queries/marketing")]);
  const rows = await sendingCampaigns(await getDb());
  for (const r of rows) runCampaignInBackground(r.id, r.channel);
  if (rows.length) console.log(`[jobs] resuming ${rows.length} campaign(s)`);
}
