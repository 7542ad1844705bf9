"use client";

import { useEffect, useRef } from "react";
import { toast } from "@/lib/toast";

/**
 * Registers the Workbox service worker in production builds (public/sw.js is generated after `next build`),
 * once the page has loaded and the main thread is idle, so neither workbox-window nor the worker's first
 * precache downloads compete with the first paint.
 *
 * A new build's worker takes over at once (skipWaiting); the page that is open still runs the old build's
 * code, so it offers a reload ("新版本可用") instead of leaving the rep on the old version until they restart.
 */
export function ServiceWorkerRegister({ labels }: { labels: { updateReady: string; reload: string } }) {
  const words = useRef(labels);
  words.current = labels;
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    let cancelled = false;
    const hasIdle = "requestIdleCallback" in window;
    let idle: number | undefined;
    const register = () => {
      if (cancelled) return;
      import("workbox-window").then(({ Workbox }) => {
        const wb = new Workbox("/sw.js");
        wb.addEventListener("controlling", (e) => {
          if (e.isUpdate) toast.info(words.current.updateReady, { action: { label: words.current.reload, onClick: () => window.location.reload() } });
        });
        wb.register().catch(() => {
          /* no service worker: the app still works online */
        });
      });
    };
    const whenIdle = () => {
      idle = hasIdle ? window.requestIdleCallback(register, { timeout: 5000 }) : window.setTimeout(register, 1000);
    };
    if (document.readyState === "complete") whenIdle();
    else window.addEventListener("load", whenIdle, { once: true });
    return () => {
      cancelled = true;
      window.removeEventListener("load", whenIdle);
      if (idle === undefined) return;
      if (hasIdle) window.cancelIdleCallback(idle);
      else window.clearTimeout(idle);
    };
  }, []);
  return null;
}
