import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { BODY_TOO_LARGE, bodyLimitFor, declaresOversizedBody, IMPORT_BODY_LIMIT_BYTES, IMPORT_UPLOAD_PATH } from "@/lib/request-limits";
import { createNonce, securityHeaders, servedOverHttps } from "@/lib/security-headers";

const requireSignIn = withAuth({ pages: { signIn: "/login" } });

/**
 * What anyone may fetch without signing in: the sign-in page, next-auth's own routes, the health check, the
 * offline page, the e-mail unsubscribe page and its one-click endpoint (the signed token is the authority),
 * the SMS providers' reply callbacks (the secret in the configured callback URL is the authority),
 * the service worker with its scripts, and static assets. Everything else needs a session.
 * push-sw.js is public because sw.js imports it and registers from /login as well: redirected to the
 * sign-in page, the import failed and the worker never installed for a signed-out visitor. /field is the offline
 * workspace: a shell with no data in it (it reads the phone's IndexedDB), cached by the service worker.
 */
const PUBLIC_PATH = /^\/(?:login|offline|field(?:$|\?)|unsubscribe\/|api\/unsubscribe\/|api\/sms\/replies\/|api\/auth|api\/health|_next\/static|_next\/image|sw\.js|push-sw\.js|workbox-|manifest\.webmanifest|icons\/|favicon\.ico|robots\.txt)/;

/**
 * Runs on every request (no matcher) so every response — pages, API routes, static assets, the service worker,
 * redirects and 404s — carries the security headers from one place, evaluated at run time. Static paths cost
 * only a nonce and a few header writes; the session check stays on the paths it has always guarded.
 */
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const nonce = createNonce();
  const headers = securityHeaders({ nonce, dev: process.env.NODE_ENV === "development", https: servedOverHttps() });
  const csp = headers["Content-Security-Policy"];

  const denied = PUBLIC_PATH.test(request.nextUrl.pathname) ? undefined : await requireSignIn(request as NextRequestWithAuth, event);
  let response: Response;
  if (request.method === "POST" && request.headers.has("next-action") && declaresOversizedBody(request.headers)) {
    // over the limit Next would answer a bare 500; its client throws a text/plain body as the error's message,
    // which the error view turns into a clear sentence (lib/request-limits.ts)
    response = new Response(BODY_TOO_LARGE, { status: 413, headers: { "content-type": "text/plain" } });
  } else if (request.method !== "GET" && request.method !== "HEAD" && declaresOversizedBody(request.headers, bodyLimitFor(request.method, request.nextUrl.pathname))) {
    // the buffer is 51 MB for the import's upload (next.config.mjs); every other request keeps 11 MB
    const message = request.nextUrl.pathname === IMPORT_UPLOAD_PATH ? `文件不能超过 ${Math.floor(IMPORT_BODY_LIMIT_BYTES / 1024 / 1024) - 1} MB` : "提交的内容过大";
    response = Response.json({ ok: false, code: "VALIDATION", error: message }, { status: 413 });
  } else if (denied) {
    response = denied;
  } else {
    // Next finds the nonce in the request's CSP header and puts it on every script it renders
    const forwarded = new Headers(request.headers);
    forwarded.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
