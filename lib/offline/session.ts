/**
 * The phone's offline data around sign-in and sign-out (issue #11 §6). Browser-only.
 * - startOfflineSession: the working set is for this user (another user's is wiped first), then synced.
 * - endOfflineSession: IndexedDB (working set, outbox, cursors) and the caches that can hold a user's pages
 *   are wiped. The app shell, the offline workspace and the hashed scripts stay: they hold no one's data.
 */
import { count, openFor, wipe } from "./store";
import { syncNow } from "./sync";

/** Caches with nothing personal in them, kept across users. */
const SHARED_CACHE = /precache|zhike-static|zhike-shell/;

export async function pendingCount() {
  try {
    return await count("outbox");
  } catch {
    return 0;
  }
}

export async function endOfflineSession() {
  await wipe().catch(() => undefined);
  if ("caches" in window) {
    for (const name of await caches.keys()) if (!SHARED_CACHE.test(name)) await caches.delete(name);
  }
}

export async function startOfflineSession(userId: string) {
  await openFor(userId);
  void syncNow();
  void warmShell();
}

/**
 * Puts the offline workspace and the scripts it needs into the service worker's caches now, so that the
 * first time the signal drops it opens even if the rep never reloaded a page.
 */
async function warmShell() {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  if (!sw.controller) {
    // a worker installing for the first time takes control a moment after it is ready (clientsClaim)
    await sw.ready.catch(() => undefined);
    if (!sw.controller) await new Promise((resolve) => {
      sw.addEventListener("controllerchange", resolve, { once: true });
      setTimeout(resolve, 30_000);
    });
  }
  if (!sw.controller) return;
  try {
    const html = await (await fetch("/field", { credentials: "same-origin" })).text();
    const assets = new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&")));
    await Promise.all([...assets].map((a) => fetch(a).catch(() => undefined)));
  } catch {
    /* offline now: next time */
  }
}
