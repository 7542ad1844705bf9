/**
 * The phone's copy of the working set and its outbox, in IndexedDB (issue #11; ARCHITECTURE.md "Offline and
 * sync"). Browser-only. One database per browser profile, stamped with the user it belongs to: another user
 * signing in on the same browser finds it wiped before anything is read (openFor), and signing out wipes it.
 *
 * Stores: one per pulled collection (rows as /api/sync sends them, by id), `outbox` (the rep's queued
 * mutations, in the order made) and `meta` (owner, pull cursors, the time of the last complete pull).
 */
import { deleteDB, openDB, type IDBPDatabase } from "idb";
import type { SyncCollection, SyncMutationKind } from "@/lib/validation/sync";

export const OFFLINE_DB = "zhike-offline";
const VERSION = 2;
export const COLLECTIONS: readonly SyncCollection[] = ["customers", "communications", "deals", "todos", "plans", "products", "reminders", "lessons"];

export type Row = Record<string, unknown> & { id: string };

/** A queued change: what /api/sync receives, plus what the phone needs to show and retry it. */
export type OutboxItem = {
  id: string;
  kind: SyncMutationKind;
  entityId: string;
  baseVersion?: number;
  data: Record<string, unknown>;
  /** When it was made (ms), the order it is sent in. */
  at: number;
  /** pending: not yet answered; the others wait for the rep (fix, confirm, choose a version, or discard). */
  state: "pending" | "rejected" | "conflict" | "duplicates";
  error?: string;
  fieldErrors?: Record<string, string>;
  server?: Record<string, unknown>;
  serverVersion?: number;
  /** A short label for lists ("交流记录 · 王总"). */
  label: string;
};

type Meta = { owner?: string; cursors?: Partial<Record<SyncCollection, { since: string | null; after: { t: string; id: string } | null }>>; pulledAt?: number };

let opened: Promise<IDBPDatabase> | null = null;

function open() {
  opened ??= connect().then(async (db) => {
    if (db.objectStoreNames.contains("meta")) return db;
    // a database of this name made by someone else, empty: start it again
    db.close();
    await deleteDB(OFFLINE_DB);
    return connect();
  });
  return opened;
}

function connect() {
  return openDB(OFFLINE_DB, VERSION, {
    upgrade(db) {
      // version 2 added the lessons; the stores a version-1 phone has stay as they are
      for (const c of COLLECTIONS) {
        if (db.objectStoreNames.contains(c)) continue;
        const s = db.createObjectStore(c, { keyPath: "id" });
        if (c === "communications" || c === "deals") s.createIndex("customerId", "customerId");
      }
      if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", { keyPath: "id" }).createIndex("at", "at");
      if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
    },
    blocking() {
      // another tab wants a newer version or a wipe: let it
      void opened?.then((d) => d.close());
      opened = null;
    },
  });
}

export async function getMeta(): Promise<Meta> {
  return ((await (await open()).get("meta", "meta")) as Meta | undefined) ?? {};
}

export async function setMeta(patch: Partial<Meta>) {
  const db = await open();
  const tx = db.transaction("meta", "readwrite");
  const cur = ((await tx.store.get("meta")) as Meta | undefined) ?? {};
  await tx.store.put({ ...cur, ...patch }, "meta");
  await tx.done;
}

/** Saves one collection's pull cursor; the collections pull at once, so each write re-reads the others'. */
export async function setCursor(collection: SyncCollection, cursor: { since: string | null; after: { t: string; id: string } | null }) {
  const db = await open();
  const tx = db.transaction("meta", "readwrite");
  const cur = ((await tx.store.get("meta")) as Meta | undefined) ?? {};
  await tx.store.put({ ...cur, cursors: { ...cur.cursors, [collection]: cursor } }, "meta");
  await tx.done;
}

/** Everything on this phone goes: the working set, the outbox, the cursors. */
export async function wipe() {
  const db = await open();
  const names = [...COLLECTIONS, "outbox", "meta"] as const;
  const tx = db.transaction(names as unknown as string[], "readwrite");
  await Promise.all(names.map((n) => tx.objectStore(n).clear()));
  await tx.done;
}

/** Opens the store for this user: anything another user left here is wiped first. */
export async function openFor(userId: string) {
  const meta = await getMeta();
  if (meta.owner && meta.owner !== userId) await wipe();
  if (meta.owner !== userId) await setMeta({ owner: userId });
}

/** Applies one pulled page: rows replace by id, removed ids go (with a customer, its communications and deals). */
export async function applyPage(p: { collection: SyncCollection; rows: Row[]; removed: string[]; replace?: boolean }) {
  const db = await open();
  const stores = p.collection === "customers" ? ["customers", "communications", "deals"] : [p.collection];
  const tx = db.transaction(stores, "readwrite");
  const store = tx.objectStore(p.collection);
  if (p.replace) await store.clear();
  // requests queued together and awaited once: one at a time, a page of 1,000 rows took seconds
  const work: Promise<unknown>[] = p.rows.map((r) => store.put(r));
  for (const id of p.removed) {
    work.push(store.delete(id));
    if (p.collection === "customers")
      for (const child of ["communications", "deals"]) {
        const s = tx.objectStore(child);
        work.push(s.index("customerId").getAllKeys(id).then((keys) => Promise.all(keys.map((k) => s.delete(k)))));
      }
  }
  await Promise.all([...work, tx.done]);
}

export async function all<T = Row>(collection: SyncCollection): Promise<T[]> {
  return (await (await open()).getAll(collection)) as T[];
}

export async function keys(collection: SyncCollection): Promise<string[]> {
  return (await (await open()).getAllKeys(collection)) as string[];
}

export async function get<T = Row>(collection: SyncCollection, id: string): Promise<T | undefined> {
  return (await (await open()).get(collection, id)) as T | undefined;
}

export async function byCustomer<T = Row>(collection: "communications" | "deals", customerId: string): Promise<T[]> {
  return (await (await open()).getAllFromIndex(collection, "customerId", customerId)) as T[];
}

export async function put(collection: SyncCollection, row: Row) {
  await (await open()).put(collection, row);
}

export async function count(collection: SyncCollection | "outbox") {
  return (await open()).count(collection);
}

// ------------------------------------------------------------------------------------------- outbox

export async function outbox(): Promise<OutboxItem[]> {
  return (await (await open()).getAllFromIndex("outbox", "at")) as OutboxItem[];
}

/**
 * Queues a change and shows it at once: the record it makes or changes is written into the working set with
 * `_pending` set (the lists mark it 待同步), in the same transaction as the outbox item.
 */
export async function enqueue(item: Omit<OutboxItem, "state" | "at">, local?: { collection: SyncCollection; row: Row }) {
  const db = await open();
  const stores = local ? ["outbox", local.collection] : ["outbox"];
  const tx = db.transaction(stores, "readwrite");
  await tx.objectStore("outbox").put({ ...item, state: "pending", at: Date.now() } satisfies OutboxItem);
  if (local) await tx.objectStore(local.collection).put({ ...local.row, _pending: true });
  await tx.done;
  notify();
}

export async function updateOutbox(id: string, patch: Partial<OutboxItem>) {
  const db = await open();
  const tx = db.transaction("outbox", "readwrite");
  const cur = (await tx.store.get(id)) as OutboxItem | undefined;
  if (cur) await tx.store.put({ ...cur, ...patch });
  await tx.done;
  notify();
}

export async function removeFromOutbox(id: string) {
  await (await open()).delete("outbox", id);
  notify();
}

/**
 * One push's answers, written in one transaction and announced once: answered items leave the outbox (`remove`)
 * or keep the server's reason for the rep (`patch`, which also moves later edits of a card onto the version the
 * server made), and the records they made or changed lose their 待同步 mark and take the server's version
 * (`rows`). One notice per batch, not per item: every open offline view re-reads the store on a notice.
 */
export async function settleOutbox(s: { remove: string[]; patch: { id: string; patch: Partial<OutboxItem> }[]; rows: { collection: SyncCollection; id: string; version?: number }[] }) {
  const db = await open();
  const tx = db.transaction(["outbox", ...new Set(s.rows.map((r) => r.collection))], "readwrite");
  const out = tx.objectStore("outbox");
  // requests queued together and awaited once (as applyPage)
  const work: Promise<unknown>[] = s.remove.map((id) => out.delete(id));
  for (const { id, patch } of s.patch) work.push(out.get(id).then((cur) => cur && out.put({ ...(cur as OutboxItem), ...patch })));
  for (const r of s.rows) {
    const store = tx.objectStore(r.collection);
    work.push(store.get(r.id).then((row) => row && store.put({ ...(row as Row), _pending: undefined, ...(r.version ? { version: r.version } : {}) })));
  }
  await Promise.all([...work, tx.done]);
  notify();
}

/** Subscribers to "the outbox or the data changed" (the pending badge, open offline views). */
const listeners = new Set<() => void>();
export function onChange(fn: () => void) {
  listeners.add(fn);
  return () => void listeners.delete(fn);
}
export function notify() {
  for (const l of listeners) l();
}
