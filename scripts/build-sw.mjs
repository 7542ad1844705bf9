#!/usr/bin/env node
// Post-build step: generate public/sw.js with Workbox. Pages are network-first with a timeout and an
// offline fallback; Next's hashed static assets are cache-first. Run by `npm run build` after
// `next build` so a stale sw.js can never outlive the build it belongs to.
import { generateSW } from "workbox-build";

const { count, size, warnings } = await generateSW({
  swDest: "public/sw.js",
  globDirectory: "public",
  globPatterns: ["icons/*.{png,svg}", "manifest.webmanifest", "offline.html"],
  cacheId: "zhike",
  clientsClaim: true,
  skipWaiting: true,
  cleanupOutdatedCaches: true,
  // Web Push handlers for reminders (public/push-sw.js)
  importScripts: ["/push-sw.js"],
  navigateFallback: undefined,
  runtimeCaching: [
    {
      urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith("/_next/static/"),
      handler: "CacheFirst",
      options: { cacheName: "zhike-static", expiration: { maxEntries: 400, maxAgeSeconds: 30 * 24 * 3600 } },
    },
    {
      urlPattern: ({ request, sameOrigin, url }) => sameOrigin && request.mode === "navigate" && !url.pathname.startsWith("/api/"),
      handler: "NetworkFirst",
      options: {
        cacheName: "zhike-pages",
        networkTimeoutSeconds: 4,
        expiration: { maxEntries: 200, maxAgeSeconds: 14 * 24 * 3600 },
        plugins: [
          {
            // a page that cannot be fetched and was never cached falls back to the offline page
            handlerDidError: async () => (await caches.match("/offline.html", { ignoreSearch: true })) ?? Response.error(),
          },
        ],
      },
    },
  ],
});
for (const w of warnings) console.warn("[build-sw]", w);
console.log(`[build-sw] public/sw.js: ${count} precached files, ${size} bytes`);
