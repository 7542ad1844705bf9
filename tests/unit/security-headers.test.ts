import { describe, expect, test } from "vitest";
import { contentSecurityPolicy, createNonce, securityHeaders, servedOverHttps } from "@/lib/security-headers";

/** directive name → its sources */
function directives(csp: string) {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

describe("content security policy", () => {
  const csp = directives(contentSecurityPolicy({ nonce: "abc123+/==" }));

  test("scripts: only this response's nonce and what those scripts load, never inline or eval", () => {
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123+/=='", "'strict-dynamic'"]);
  });

  test("no framing, no plugins, no foreign form targets or base URLs", () => {
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
  });

  test("same-origin only for fetches, workers, fonts and by default", () => {
    for (const name of ["default-src", "connect-src", "worker-src", "font-src", "manifest-src"]) expect(csp.get(name), name).toEqual(["'self'"]);
  });

  test("styles allow inline (React style attributes, sonner's <style>) without a nonce that would cancel it", () => {
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  test("no remote origin anywhere in the policy", () => {
    for (const [name, sources] of csp) for (const s of sources) expect(s, name).toMatch(/^('[^']+'|data:|blob:)$/);
  });

  test("'unsafe-eval' only in development", () => {
    expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy({ nonce: "n0nce", dev: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  test("upgrade-insecure-requests only over https (on plain-http localhost it would break every request)", () => {
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
    expect(directives(contentSecurityPolicy({ nonce: "n0nce", https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  test.each(["a'b", "a; script-src *", "", "a b"])("a nonce that could inject into the policy is refused: %j", (nonce) => {
    expect(() => contentSecurityPolicy({ nonce })).toThrow();
  });
});

describe("nonce", () => {
  test("fresh, base64, 128 bits", () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createNonce()).not.toBe(a);
  });
});

describe("every header", () => {
  test("over http", () => {
    const h = securityHeaders({ nonce: "n0nce" });
    expect(h).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
    });
    expect(h["Content-Security-Policy"]).toContain("'nonce-n0nce'");
    expect(h["Permissions-Policy"]).toMatch(/camera=\(\)/);
    expect(h["Permissions-Policy"]).toMatch(/geolocation=\(\)/);
    expect(h).not.toHaveProperty("Strict-Transport-Security");
  });

  test("HSTS over https", () => {
    expect(securityHeaders({ nonce: "n0nce", https: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });

  test.each([
    ["https://crm.example.cn", true],
    ["HTTPS://crm.example.cn/", true],
    ["http://localhost:3000", false],
    ["", false],
    [undefined, false],
  ])("NEXTAUTH_URL %j → https %s", (url, https) => {
    expect(servedOverHttps(url ?? "")).toBe(https);
  });
});
