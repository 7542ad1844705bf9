/**
 * How large a request body may be. Server actions carry contract files (≤ 10 MB, lib/validation/deal-file.ts),
 * so the limit is 11 MB — the same figure as `serverActions.bodySizeLimit` and `proxyClientMaxBodySize` in
 * next.config.mjs (a test keeps them equal).
 */
export const ACTION_BODY_LIMIT = "11mb";
export const ACTION_BODY_LIMIT_BYTES = 11 * 1024 * 1024;

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
