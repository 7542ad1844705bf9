// Regression: /login?callbackUrl=/\evil.example (and /%09/evil.example) sent the user to another site after a real sign-in.
import { describe, expect, test } from "vitest";
import { appOrigin, safeCallbackPath } from "@/lib/redirect";

const ORIGIN = "http://localhost:3000";

/** What a browser does with the returned value: location.assign resolves it against the page. */
const landsOn = (path: string) => new URL(path, ORIGIN).origin;

describe("safeCallbackPath: only this app's own paths", () => {
  // as the login page receives them (searchParams are already decoded once)
  test.each([
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "//evil.example",
    "///evil.example",
    "/\t/evil.example",
    "/\t/evil",
    "/\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "/a/../..//evil.example",
    "https://evil.example",
    "https:evil.example",
    "http://localhost:3000@evil.example",
    "http://localhost:3000.evil.example/",
    "https://localhost:3000/",
    "http://localhost:3001/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://user:pass@localhost:3000/",
    "",
  ])("%j → /", (payload) => {
    expect(safeCallbackPath(payload, ORIGIN)).toBe("/");
  });

  // the raw query string values, decoded once the way Next's searchParams decode them
  test.each(["/%09/evil.example", "%2F%2Fevil.example", "/%5Cevil.example", "%5C%5Cevil.example", "/%2F/evil.example", "%2F%5Cevil.example"])(
    "query value %j never leaves the app",
    (raw) => {
      const decoded = new URLSearchParams(`callbackUrl=${raw}`).get("callbackUrl")!;
      const path = safeCallbackPath(decoded, ORIGIN);
      expect(path.startsWith("/") && !path.startsWith("//")).toBe(true);
      expect(landsOn(path)).toBe(ORIGIN);
    },
  );

  test.each([
    ["/", "/"],
    ["/customers", "/customers"],
    ["/customers?stage=A&q=%E5%BC%A0#top", "/customers?stage=A&q=%E5%BC%A0#top"],
    ["/deals/123/files", "/deals/123/files"],
    ["customers", "/customers"],
    ["http://localhost:3000/reminders?x=1", "/reminders?x=1"],
    // still encoded, so the browser reads it as a path segment, not as "//"
    ["/%2F/evil.example", "/%2F/evil.example"],
  ])("%j → %j", (payload, expected) => {
    expect(safeCallbackPath(payload, ORIGIN)).toBe(expected);
    expect(landsOn(expected)).toBe(ORIGIN);
  });

  test.each([undefined, null, 42, ["/a", "/b"], { href: "/" }])("non-string %j → /", (v) => {
    expect(safeCallbackPath(v, ORIGIN)).toBe("/");
  });

  test("the app origin comes from NEXTAUTH_URL", () => {
    expect(appOrigin({ NEXTAUTH_URL: "https://crm.example.cn/some/path" })).toBe("https://crm.example.cn");
    expect(safeCallbackPath("https://crm.example.cn/customers", appOrigin({ NEXTAUTH_URL: "https://crm.example.cn" }))).toBe("/customers");
    expect(appOrigin({})).toBe("http://localhost:3000");
  });
});

describe("next-auth's redirect callback follows the same rule", () => {
  test.each([
    ["/\\evil.example", `${ORIGIN}/`],
    ["//evil.example", `${ORIGIN}/`],
    ["https://evil.example/x", `${ORIGIN}/`],
    ["/login", `${ORIGIN}/login`],
    [`${ORIGIN}/customers?a=1`, `${ORIGIN}/customers?a=1`],
  ])("%j → %j", async (url, expected) => {
    const { authOptions } = await import("@/lib/auth");
    expect(await authOptions.callbacks!.redirect!({ url, baseUrl: ORIGIN })).toBe(expected);
  });
});
