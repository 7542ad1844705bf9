"use client";

import { useEffect } from "react";

/** Registers the Workbox service worker in production builds (public/sw.js is generated after `next build`). */
export function ServiceWorkerRegister() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    import("workbox-window").then(({ Workbox }) => {
      const wb = new Workbox("/sw.js");
      wb.register().catch(() => {
        /* no service worker: the app still works online */
      });
    });
  }, []);
  return null;
}
