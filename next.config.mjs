import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin({
  requestConfig: "./i18n/request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files it loads from its own folder; bundling breaks that.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg", "mdx-bundler", "esbuild"],
  poweredByHeader: false,
  // contract files (≤ 10 MB, checked again in lib/validation/deal-file.ts) are uploaded through a server action
  // (the same figure as ACTION_BODY_LIMIT in lib/request-limits.ts, which the proxy answers over-limit bodies with).
  // The proxy (proxy.ts) buffers request bodies too: it must let the customer import's upload through (files
  // under 50 MB, IMPORT_BODY_LIMIT), and itself refuses anything else over 11 MB.
  experimental: { serverActions: { bodySizeLimit: "11mb" }, proxyClientMaxBodySize: "51mb" },
  async headers() {
    return [
      { source: "/sw.js", headers: [{ key: "Cache-Control", value: "no-cache" }] },
    ];
  },
};

export default withNextIntl(nextConfig);
