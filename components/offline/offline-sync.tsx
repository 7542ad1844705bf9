"use client";

import { CloudUpload } from "lucide-react";
import { useEffect } from "react";
import { startOfflineSession } from "@/lib/offline/session";
import { syncNow } from "@/lib/offline/sync";
import { useOutboxCounts } from "./use-offline";

const EVERY_MS = 5 * 60_000;

/**
 * In the signed-in shell: keeps this phone's working set current (lib/offline) — at sign-in, when the network
 * returns, when the app comes back to the front and every five minutes — and shows what still waits to be
 * synced, linking to the offline workspace's 待同步 list. Labels carry `#` for the count (the shell ships no
 * i18n runtime).
 */
export function OfflineSync({ userId, labels }: { userId: string; labels: { pending: string; attention: string } }) {
  useEffect(() => {
    if (!("indexedDB" in window)) return;
    void startOfflineSession(userId).catch(() => undefined);
    const sync = () => void syncNow();
    const visible = () => document.visibilityState === "visible" && sync();
    window.addEventListener("online", sync);
    document.addEventListener("visibilitychange", visible);
    const timer = window.setInterval(sync, EVERY_MS);
    return () => {
      window.removeEventListener("online", sync);
      document.removeEventListener("visibilitychange", visible);
      window.clearInterval(timer);
    };
  }, [userId]);
  const { pending, attention } = useOutboxCounts();
  if (!pending) return null;
  return (
    <a href="/field?to=%2Foutbox" className={`chip ${attention ? "bg-red-50 text-red-700" : "bg-amber-50 text-amber-800"}`}>
      <CloudUpload aria-hidden className="size-4" />
      {(attention ? labels.attention : labels.pending).replace("#", String(attention || pending))}
    </a>
  );
}
