import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { signIn } from "./fixtures";

// the worker's own scripts and registration are checked (the config blocks it for the other tests)
test.use({ serviceWorkers: "allow" });

/**
 * Issue #10 §8: every response — the sign-in page, a CRM page, an API route, a static asset, the service
 * worker, a redirect and a 404 — carries the security headers; the CSP allows scripts by per-response nonce
 * only, and signing in and using the app (charts, kanban, a lesson, the service worker) raises no CSP violation.
 */

function expectSecurityHeaders(res: APIResponse, what: string) {
  const h = res.headers();
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"], what).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
  expect(h["x-frame-options"], what).toBe("DENY");
  // the e2e server is plain http (NEXTAUTH_URL=http://localhost:…): no HSTS, no upgrade-insecure-requests
  expect(h["strict-transport-security"], what).toBeUndefined();
  const csp = h["content-security-policy"];
  expect(csp, what).toBeTruthy();
  const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
  expect(directives.get("frame-ancestors"), what).toEqual(["'none'"]);
  expect(directives.get("default-src"), what).toEqual(["'self'"]);
  expect(directives.get("object-src"), what).toEqual(["'none'"]);
  const scriptSrc = directives.get("script-src") ?? [];
  expect(scriptSrc, what).not.toContain("'unsafe-inline'");
  expect(scriptSrc, what).not.toContain("'unsafe-eval'");
  const nonce = scriptSrc.map((s) => /^'nonce-(.+)'$/.exec(s)?.[1]).find(Boolean);
  expect(nonce, `${what}: a nonce in script-src`).toBeTruthy();
  return nonce!;
}

/** Every <script> Next rendered carries this response's nonce (or the browser would refuse it). */
async function expectScriptsNonced(res: APIResponse, nonce: string, what: string) {
  const html = await res.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, `${what}: Next renders scripts`).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, what).toContain(`nonce="${nonce}"`);
}

test("security headers on every kind of response", async ({ page, request }, info) => {
  test.skip(info.project.name !== "desktop", "HTTP only: once is enough");
  // the sign-in page, a fresh nonce each time, on every script
  const login = await request.get("/login");
  expect(login.status()).toBe(200);
  const nonce = expectSecurityHeaders(login, "/login");
  await expectScriptsNonced(login, nonce, "/login");
  const again = expectSecurityHeaders(await request.get("/login"), "/login again");
  expect(again).not.toBe(nonce);

  // an API route
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expectSecurityHeaders(health, "/api/health");

  // static assets: a hashed Next chunk, a public icon, the service worker and its push handlers, the offline page
  const chunk = /<script\b[^>]*\bsrc="(\/_next\/static\/[^"]+)"/.exec(await login.text())?.[1];
  expect(chunk).toBeTruthy();
  for (const [path, type] of [
    [chunk!, /javascript/],
    ["/icons/icon.svg", /svg/],
    ["/manifest.webmanifest", /manifest|json/],
    ["/sw.js", /javascript/],
    // imported by sw.js, which registers on /login too: it must not bounce a signed-out visitor to sign in
    ["/push-sw.js", /javascript/],
    ["/offline.html", /html/],
  ] as const) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"], path).toMatch(type);
    expectSecurityHeaders(res, path);
  }

  // the redirect to sign in, and 404s signed out (a missing static file) and signed in (a missing page)
  const redirect = await request.get("/customers", { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expectSecurityHeaders(redirect, "redirect to /login");

  await signIn(page, "sz1.rep1@demo.cn");
  const customers = await page.request.get("/customers");
  expect(customers.status()).toBe(200);
  expect(customers.url()).toMatch(/\/customers$/);
  const crmNonce = expectSecurityHeaders(customers, "/customers");
  await expectScriptsNonced(customers, crmNonce, "/customers");
  for (const path of ["/no-such-page", "/_next/static/chunks/no-such-chunk.js"]) {
    const missing = await page.request.get(path);
    expect(missing.status(), path).toBe(404);
    expectSecurityHeaders(missing, `404 ${path}`);
  }
});

/** Collects every console message the browser logs about the Content Security Policy. */
function cspViolations(page: Page) {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
  return seen;
}

test("signing in and using the app raises no CSP violation", async ({ page }) => {
  // six pages on a cold server (the lesson compiles on first view) and the service worker's first install
  test.setTimeout(150_000);
  const violations = cspViolations(page);
  // the sign-in form submits through client-side JavaScript: signing in at all proves the nonced scripts ran
  await signIn(page, "sz1.manager@demo.cn");
  await expect(page.getByRole("navigation").first()).toBeVisible();

  await page.goto("/customers");
  await expect(page.getByRole("heading", { name: "客户档案" })).toBeVisible();
  const href = await page.locator('a[href^="/customers/"]:visible').evaluateAll((as) =>
    as.map((a) => a.getAttribute("href")!).find((h) => /^\/customers\/[0-9a-f-]{36}$/.test(h)),
  );
  expect(href, "a customer in the list").toBeTruthy();
  await page.goto(href!);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  // the D3 funnel chart (inline styles and SVG attributes set from script)
  await page.goto("/analytics/funnel");
  await expect(page.getByRole("heading", { name: "销售漏斗图" })).toBeVisible();
  await expect(page.locator("svg[role='img']").first()).toBeVisible();

  await page.goto("/pipeline");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  await page.goto("/training/first-impression");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  // the service worker (generated by scripts/build-sw.mjs) installs under its own CSP, push handlers included
  const active = await page.evaluate(() =>
    Promise.race([navigator.serviceWorker.ready.then((r) => r.active?.scriptURL ?? null), new Promise<null>((ok) => setTimeout(() => ok(null), 20_000))]),
  );
  expect(active).toMatch(/\/sw\.js$/);

  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
});
