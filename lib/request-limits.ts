/**
 * How large a request body may be. Server actions carry contract files (≤ 10 MB, lib/validation/deal-file.ts),
 * so the limit is 11 MB — the same figure as `serverActions.bodySizeLimit` and `proxyClientMaxBodySize` in
 * next.config.mjs (a test keeps them equal).
 */
export const ACTION_BODY_LIMIT = "11mb";
export const ACTION_BODY_LIMIT_BYTES = 11 * 1024 * 1024;

/**
 * The customer import's upload (POST /api/customers/import, a route handler, not a server action) takes
 * files under 50 MB (lib/import/read.ts MAX_IMPORT_BYTES) plus the multipart envelope. The proxy buffers every
 * request body up to `proxyClientMaxBodySize`, so that is this figure in next.config.mjs; every other
 * request keeps the 11 MB limit, enforced by the proxy (proxy.ts) — server actions also by Next's own
 * `serverActions.bodySizeLimit`.
 */
export const IMPORT_BODY_LIMIT = "51mb";
export const IMPORT_BODY_LIMIT_BYTES = 51 * 1024 * 1024;
/** The one route allowed a body over ACTION_BODY_LIMIT. */
export const IMPORT_UPLOAD_PATH = "/api/customers/import";

/** The body limit of a request: the import's upload, or ACTION_BODY_LIMIT for everything else. */
export function bodyLimitFor(method: string, pathname: string) {
  return method === "POST" && pathname === IMPORT_UPLOAD_PATH ? IMPORT_BODY_LIMIT_BYTES : ACTION_BODY_LIMIT_BYTES;
}

/**
 * What the proxy answers a server action whose body is over the limit: Next's client throws a text/plain
 * error body as the Error's message, and the error view shows this code as a clear sentence in the page's
 * language (instead of Next's own 500 with no explanation).
 */
export const BODY_TOO_LARGE = "ZHIKE_BODY_TOO_LARGE";

/** True when a request declares a body larger than the limit (a missing or malformed length is left to Next). */
export function declaresOversizedBody(headers: { get(name: string): string | null }, limit = ACTION_BODY_LIMIT_BYTES) {
  const len = headers.get("content-length");
  return !!len && /^\d+$/.test(len) && Number(len) > limit;
}
