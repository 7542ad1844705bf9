/**
 * The phone's sync with /api/sync (issue #11): push the outbox, then pull each collection's changes since its
 * cursor. Browser-only; one run at a time per tab (single flight), started by the shell after sign-in, when the
 * network comes back, every few minutes, and after each queued change.
 *
 * - A push that cannot reach the server leaves the outbox as it was; an answered item leaves it (applied), or
 *   stays with the server's reason for the rep (rejected / conflict / duplicates) — never silently dropped.
 *   The same item sent twice (an answer lost on the way) is applied once: the server keeps its id.
 * - A pull saves its cursor after every page, so a page closed mid-sync goes on where it stopped.
 * - Once a day the pull starts from nothing and drops what the server no longer sends (a customer whose unit
 *   moved out of reach, say), keeping the rep's own unsynced records.
 */
import { tokensFromRuns, type SearchableFields } from "@/lib/search-query";
import { unpackRows, type PackedRows } from "./codec";
import { SYNC_BATCH_MAX, type SyncCollection } from "@/lib/validation/sync";
import { applyPage, COLLECTIONS, get as getRow, getMeta, keys, notify, outbox, setCursor, setMeta, settleOutbox, type OutboxItem, type Row } from "./store";

export type SyncStatus = { state: "idle" | "syncing" | "offline" | "signed-out" | "error"; pulledAt?: number; error?: string };

const FULL_EVERY_MS = 24 * 3600_000;
/** Bodies stay under the route's 1 MB limit. */
const BODY_BUDGET = 900 * 1024;

let status: SyncStatus = { state: "idle" };
const listeners = new Set<(s: SyncStatus) => void>();
export const syncStatus = () => status;
export function onSyncStatus(fn: (s: SyncStatus) => void) {
  listeners.add(fn);
  return () => void listeners.delete(fn);
}
function setStatus(s: SyncStatus) {
  status = s;
  for (const l of listeners) l(s);
}

class Offline extends Error {}
class SignedOut extends Error {}

async function call(input: string, init?: RequestInit) {
  let res: Response;
  try {
    res = await fetch(input, { ...init, credentials: "same-origin", cache: "no-store", redirect: "manual" });
  } catch {
    throw new Offline();
  }
  // a redirect (to /login) or 401: the session is gone
  if (res.status === 401 || res.type === "opaqueredirect" || (res.status >= 300 && res.status < 400)) throw new SignedOut();
  if (!res.ok && res.status !== 422) throw new Error(`HTTP ${res.status}`);
  return res;
}

type PushAnswer = {
  id: string;
  status: "applied" | "rejected" | "conflict" | "duplicates";
  entityId?: string;
  version?: number;
  error?: string;
  fieldErrors?: Record<string, string>;
  server?: Record<string, unknown>;
  serverVersion?: number;
};

const COLLECTION_OF: Partial<Record<OutboxItem["kind"], SyncCollection>> = {
  "customer.create": "customers",
  "customer.update": "customers",
  "communication.create": "communications",
  "todo.create": "todos",
  "todo.move": "todos",
  "todo.done": "todos",
  "plan.complete": "plans",
};

const isCardEdit = (i: OutboxItem) => i.kind === "customer.update";

async function pushOutbox() {
  const pending = (await outbox()).filter((i) => i.state === "pending");
  let i = 0;
  while (i < pending.length) {
    const batch: OutboxItem[] = [];
    let size = 0;
    while (i < pending.length && batch.length < SYNC_BATCH_MAX) {
      const n = JSON.stringify(pending[i]).length;
      if (batch.length && size + n > BODY_BUDGET) break;
      // a second edit of a card waits for the first one's answer: it is sent on the version that one makes
      if (isCardEdit(pending[i]) && batch.some((b) => isCardEdit(b) && b.entityId === pending[i].entityId)) break;
      batch.push(pending[i++]);
      size += n;
    }
    const res = await call("/api/sync", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mutations: batch.map(({ id, kind, entityId, baseVersion, data }) => ({ id, kind, entityId, baseVersion, data })) }),
    });
    const body = (await res.json()) as { ok: boolean; data?: PushAnswer[]; error?: string };
    if (!body.ok || !body.data) throw new Error(body.error ?? "sync refused");
    const settled: Parameters<typeof settleOutbox>[0] = { remove: [], patch: [], rows: [] };
    for (const a of body.data) {
      const item = batch.find((b) => b.id === a.id);
      if (!item) continue;
      if (a.status === "applied") {
        settled.remove.push(a.id);
        // later edits of the same card were made on top of this one, from the same version: they follow it
        if (isCardEdit(item) && a.version)
          for (const later of pending.slice(i))
            if (isCardEdit(later) && later.entityId === item.entityId && later.baseVersion === item.baseVersion) {
              later.baseVersion = a.version;
              settled.patch.push({ id: later.id, patch: { baseVersion: a.version } });
            }
        const coll = COLLECTION_OF[item.kind];
        if (coll) settled.rows.push({ collection: coll, id: item.entityId, version: a.version });
      } else {
        settled.patch.push({ id: a.id, patch: { state: a.status, error: a.error, fieldErrors: a.fieldErrors, server: a.server, serverVersion: a.serverVersion } });
      }
    }
    // the batch's answers in one transaction: item by item, each a notice re-reading every open view, 100 took ~30 s
    await settleOutbox(settled);
  }
}

/** The customer's search tokens, built as the server builds them, from the syllables it sent (`py`). */
function withSearchTokens(r: Row): Row {
  const { py, ...row } = r as Row & { py?: string[] };
  const f = row as unknown as SearchableFields;
  return { ...row, searchTokens: tokensFromRuns(f, py ?? []) };
}

type PulledPage = { rows: Row[] | PackedRows; removed: string[]; replace?: boolean; next: { since: string | null; after: { t: string; id: string } | null }; done: boolean };

async function fetchPage(c: SyncCollection, cursor: PulledPage["next"]): Promise<PulledPage> {
  const q = new URLSearchParams({ collection: c });
  if (cursor.since) q.set("since", cursor.since);
  if (cursor.after) {
    q.set("afterT", cursor.after.t);
    q.set("afterId", cursor.after.id);
  }
  return (await (await call(`/api/sync?${q}`)).json()) as PulledPage;
}

async function pullCollection(c: SyncCollection, full: boolean) {
  const meta = await getMeta();
  const seen = full ? new Set<string>() : null;
  let next = fetchPage(c, full ? { since: null, after: null } : (meta.cursors?.[c] ?? { since: null, after: null }));
  for (;;) {
    const body = await next;
    // the next page is asked for while this one is stored: the server's time and the phone's overlap (the
    // cursor is still saved only once the page it follows is stored)
    if (!body.done) (next = fetchPage(c, body.next)).catch(() => undefined);
    const page = { ...body, rows: unpackRows<Row>(body.rows) };
    const rows = c === "customers" ? page.rows.map(withSearchTokens) : page.rows;
    await applyPage({ collection: c, rows, removed: page.removed, replace: page.replace });
    for (const r of page.rows) seen?.add(r.id);
    await setCursor(c, page.next);
    if (page.done) break;
  }
  if (seen && c !== "products" && c !== "reminders" && c !== "lessons") {
    // a full pull: what the server did not send is no longer the viewer's (keep unsynced local records); the
    // keys are read first, the few records not sent then one by one (reading all 30,000 communications took ~1 s)
    const stale: string[] = [];
    for (const id of (await keys(c)).filter((k) => !seen.has(k))) {
      const r = await getRow(c, id);
      if (r && !r._pending) stale.push(id);
    }
    if (stale.length) await applyPage({ collection: c, rows: [], removed: stale });
  }
}

let running: Promise<void> | null = null;
/** Asked again while a run was on its way (the signal came back while it was failing): one more run after it. */
let again = false;

/** Pushes the outbox, then pulls every collection. Resolves when done (or when it had to stop). */
export function syncNow(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    setStatus({ ...status, state: "syncing", error: undefined });
    try {
      await pushOutbox();
      const meta = await getMeta();
      const full = !meta.pulledAt || Date.now() - meta.pulledAt > FULL_EVERY_MS;
      // one collection after another (side by side, eight pulls at once may queue ahead of the page the rep opens)
      for (const c of COLLECTIONS) await pullCollection(c, full);
      const pulledAt = Date.now();
      await setMeta({ pulledAt });
      setStatus({ state: "idle", pulledAt });
    } catch (e) {
      const pulledAt = (await getMeta().catch(() => ({}) as { pulledAt?: number })).pulledAt;
      if (e instanceof Offline) setStatus({ state: "offline", pulledAt });
      else if (e instanceof SignedOut) setStatus({ state: "signed-out", pulledAt });
      else setStatus({ state: "error", pulledAt, error: e instanceof Error ? e.message : String(e) });
    } finally {
      running = null;
      notify();
      if (again) {
        again = false;
        void syncNow();
      }
    }
  })();
  return running;
}
