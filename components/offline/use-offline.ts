"use client";

import { useLocale } from "next-intl";
import { useEffect, useState } from "react";
import type { Locale } from "@/i18n/config";
import { localizeMessage } from "@/lib/validation/messages-en";
import { count, onChange, outbox, type OutboxItem } from "@/lib/offline/store";
import { onSyncStatus, syncStatus, type SyncStatus } from "@/lib/offline/sync";

/**
 * Re-reads `load` whenever the offline store changes (a queued change, a pulled page, a sync answer). One read at
 * a time: notices that come while a read is running ask for one more read after it, not one read each (a list
 * of 3,000 customers takes a while to read, and a sync sends notices in bursts).
 */
export function useStore<T>(load: () => Promise<T>, deps: unknown[] = []): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let alive = true;
    let reading = false;
    let again = false;
    const run = () => {
      if (reading) return void (again = true);
      reading = true;
      void load()
        .then((v) => alive && setValue(v))
        .catch(() => undefined)
        .finally(() => {
          reading = false;
          if (again && alive) {
            again = false;
            run();
          }
        });
    };
    run();
    const off = onChange(run);
    return () => {
      alive = false;
      off();
    };
  }, deps);
  return value;
}

export function useSyncStatus(): SyncStatus {
  const [s, setS] = useState<SyncStatus>(syncStatus);
  useEffect(() => onSyncStatus(setS), []);
  return s;
}

/** The outbox's counts: waiting to be sent, and waiting for the rep (refused, conflict, possible duplicate). */
export function useOutboxCounts() {
  return useStore(async () => {
    if ((await count("outbox")) === 0) return { pending: 0, attention: 0, items: [] as OutboxItem[] };
    const items = await outbox();
    return { pending: items.length, attention: items.filter((i) => i.state !== "pending").length, items };
  }) ?? { pending: 0, attention: 0, items: [] as OutboxItem[] };
}

export function useOnline() {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    setOnline(navigator.onLine);
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener("online", on);
    window.addEventListener("offline", off);
    return () => {
      window.removeEventListener("online", on);
      window.removeEventListener("offline", off);
    };
  }, []);
  return online;
}

/** Field errors from the forms' zod schemas (written in Chinese), in the user's language, as the server gives them. */
export function useLocalizedErrors() {
  const locale = useLocale() as Locale;
  return (errors: Record<string, string>) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, localizeMessage(v, locale)]));
}
