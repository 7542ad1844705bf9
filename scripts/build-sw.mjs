#!/usr/bin/env node
// Post-build step: generate public/sw.js with Workbox. Pages are network-only; offline they open the
// offline workspace (/field, network-first and cached); Next's hashed static assets are cache-first. Run by `npm run build` after
// `next build` so a stale sw.js can never outlive the build it belongs to.
import fs from "node:fs";
import path from "node:path";
import { generateSW } from "workbox-build";

// Every script and style sheet of this build (~2 MB, hashed names), precached at install: the offline workspace
// and the chunks it loads on demand (the toaster, say) must all be there the first time the signal drops.
const STATIC = ".next/static";
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const buildAssets = fs.existsSync(STATIC)
  ? walk(STATIC)
      // not Turbopack's worker bootstrap: it reads its config from its own URL's #params=, which a response from
      // the cache does not carry (the network map's layout worker then failed on a second visit)
      .filter((f) => /\.(js|css|woff2)$/.test(f) && !/turbopack-worker/.test(f))
      .map((f) => ({ url: `/_next/static/${path.relative(STATIC, f).split(path.sep).join("/")}`, revision: null }))
  : [];

const { count, size, warnings } = await generateSW({
  swDest: "public/sw.js",
  globDirectory: "public",
  globPatterns: ["icons/*.{png,svg}", "manifest.webmanifest", "offline.html"],
  cacheId: "zhike",
  additionalManifestEntries: buildAssets,
  dontCacheBustURLsMatching: /^\/_next\/static\//,
  maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
  clientsClaim: true,
  skipWaiting: true,
  cleanupOutdatedCaches: true,
  // Web Push handlers for reminders (public/push-sw.js)
  importScripts: ["/push-sw.js"],
  navigateFallback: undefined,
  runtimeCaching: [
    {
      urlPattern: ({ url, request, sameOrigin }) => sameOrigin && url.pathname.startsWith("/_next/static/") && !url.pathname.includes("turbopack-worker") && request.destination !== "worker",
      handler: "CacheFirst",
      options: { cacheName: "zhike-static", expiration: { maxEntries: 400, maxAgeSeconds: 30 * 24 * 3600 } },
    },
    {
      // the offline workspace (app/field): no data in it, so it is kept for whoever signs in next
      urlPattern: ({ sameOrigin, url }) => sameOrigin && url.pathname === "/field",
      handler: "NetworkFirst",
      options: { cacheName: "zhike-shell", networkTimeoutSeconds: 3, expiration: { maxEntries: 4 } },
    },
    {
      // Pages are never cached: they hold a user's data, and a cached page outlives a sign-out. A page that
      // cannot be fetched opens the offline workspace on the same URL (issue #11), which draws it from the
      // working set in IndexedDB; without that workspace cached yet, the offline page.
      urlPattern: ({ request, sameOrigin, url }) => sameOrigin && request.mode === "navigate" && !url.pathname.startsWith("/api/"),
      handler: "NetworkOnly",
      options: {
        plugins: [
          {
            // the workspace is answered under the page's own URL (a redirect answer to a navigation fails in
            // Chromium); it reads the path it should show from the address bar
            handlerDidError: async () =>
              (await caches.match("/field", { ignoreSearch: true })) ?? (await caches.match("/offline.html", { ignoreSearch: true })) ?? Response.error(),
          },
        ],
      },
    },
  ],
});
for (const w of warnings) console.warn("[build-sw]", w);
console.log(`[build-sw] public/sw.js: ${count} precached files, ${size} bytes`);
