"use client";

import { useEffect } from "react";

/**
 * Registers the Workbox service worker in production builds (public/sw.js is generated after `next build`),
 * once the page has loaded and the main thread is idle, so neither workbox-window nor the worker's first
 * precache downloads compete with the first paint.
 */
export function ServiceWorkerRegister() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    let cancelled = false;
    const hasIdle = "requestIdleCallback" in window;
    let idle: number | undefined;
    const register = () => {
      if (cancelled) return;
      import("workbox-window").then(({ Workbox }) => {
        new Workbox("/sw.js").register().catch(() => {
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
