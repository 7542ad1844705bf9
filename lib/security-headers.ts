/**
 * The security headers every response carries, built in one place for the proxy (proxy.ts), which runs on
 * every request — pages, /login, API routes, static assets, the service worker and 404s alike — so the policy
 * is read at run time (HSTS follows the NEXTAUTH_URL the server was started with, not the one at build).
 */

export type SecurityHeaderOptions = {
  /** This request's nonce; Next reads it back from the request's CSP and puts it on its own scripts. */
  nonce: string;
  /** `next dev` only: React's dev tooling rebuilds server error stacks with eval. */
  dev?: boolean;
  /** The app is served over https (see {@link servedOverHttps}). */
  https?: boolean;
};

/** A fresh unguessable nonce per request: 128 random bits, base64 (the alphabet CSP nonces allow). */
export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * HSTS and upgrade-insecure-requests are sent when the app's canonical URL (NEXTAUTH_URL, which sign-in
 * already depends on) is https. The request itself is no guide: behind a TLS-terminating reverse proxy it
 * arrives as plain http, and x-forwarded-proto can be trusted only from a known proxy. Sending HSTS over a
 * plain-http hop is harmless — browsers ignore it on responses they did not receive over https.
 */
export function servedOverHttps(nextauthUrl = process.env.NEXTAUTH_URL): boolean {
  return (nextauthUrl ?? "").trim().toLowerCase().startsWith("https://");
}

/** The Content-Security-Policy value, one directive per entry with why it is as wide as it is. */
export function contentSecurityPolicy({ nonce, dev = false, https = false }: SecurityHeaderOptions): string {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(nonce)) throw new Error("CSP nonce must be base64");
  const directives = [
    "default-src 'self'",
    // Only scripts carrying this response's nonce (Next's bootstrap and inline flight data, its chunk tags)
    // and what they load in turn ('strict-dynamic': the lazily imported route chunks, workbox-window). 'self'
    // is the fallback for browsers without 'strict-dynamic'; CSP3 browsers ignore it beside a nonce.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // 'unsafe-inline' for styles only: React renders style="…" attributes (chart bars, progress widths),
    // sonner injects its stylesheet as a <style> element without a nonce, and D3 sets inline styles. A nonce
    // here would switch 'unsafe-inline' off and break all three. Styles cannot run script.
    "style-src 'self' 'unsafe-inline'",
    // data: for SVG/PNG data URIs in CSS and charts; no remote images are used
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // fetch()es to our API routes, server actions, RSC navigation (and the dev server's HMR socket, which
    // CSP3 browsers match with 'self')
    "connect-src 'self'",
    // the Workbox service worker (/sw.js) and its imported /push-sw.js
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ];
  if (https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/**
 * Every header for one response. Features this CRM never uses are switched off for the page and anything
 * it might frame; Web Push permission is not a Permissions-Policy feature and stays available.
 */
export function securityHeaders(opts: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(opts),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    // frame-ancestors 'none' says the same to every current browser; this is for the ones that predate it
    "X-Frame-Options": "DENY",
  };
  if (opts.https) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
