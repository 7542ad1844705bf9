import { describe, expect, test } from "vitest";
import { decrypt, encrypt, keyedHash } from "@/lib/crypto";
import { csvField, csvRow } from "@/lib/csv";
import { isSameOrigin } from "@/lib/origin";

const h = (o: Record<string, string>) => new Headers(o);

describe("same-origin check for mutations", () => {
  // the third column: did the request come from a proxy in TRUSTED_PROXIES (lib/forwarded.ts viaTrustedProxy)
  test.each([
    [{ host: "crm.example.cn", origin: "https://crm.example.cn" }, false, true],
    [{ host: "localhost:3000", origin: "http://localhost:3000" }, false, true],
    [{ host: "internal:3000", "x-forwarded-host": "crm.example.cn", origin: "https://crm.example.cn" }, true, true],
    // X-Forwarded-Host from anyone but a trusted proxy is the client's own word
    [{ host: "internal:3000", "x-forwarded-host": "crm.example.cn", origin: "https://crm.example.cn" }, false, false],
    [{ host: "crm.example.cn", "x-forwarded-host": "evil.example.com", origin: "https://evil.example.com" }, false, false],
    [{ host: "crm.example.cn", "x-forwarded-host": "crm.example.cn", origin: "https://crm.example.cn" }, false, true],
    [{ host: "crm.example.cn" }, false, false],
    [{ host: "crm.example.cn", origin: "null" }, false, false],
    [{ host: "crm.example.cn", origin: "https://evil.example.com" }, false, false],
    [{ host: "crm.example.cn", origin: "https://evil.example.com" }, true, false],
    [{ host: "crm.example.cn", origin: "not a url" }, false, false],
  ])("%o via trusted proxy %s → %s", (headers, trusted, ok) => {
    expect(isSameOrigin(h(headers), "", trusted)).toBe(ok);
  });
  test("without a stamped peer (no trusted proxy known) X-Forwarded-Host is not honoured", () => {
    expect(isSameOrigin(h({ host: "internal:3000", "x-forwarded-host": "evil.example.com", origin: "https://evil.example.com" }), "")).toBe(false);
  });
  test("ALLOWED_ORIGINS admits a listed origin", () => {
    expect(isSameOrigin(h({ host: "a", origin: "https://app.example.cn" }), "https://app.example.cn")).toBe(true);
  });
});

describe("csv", () => {
  test("quotes and defuses formulas", () => {
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField(null)).toBe("");
    expect(csvRow(["a,b", 1])).toBe('"a,b",1\r\n');
  });
});

describe("ID-card encryption", () => {
  test("round-trips and hashes deterministically", () => {
    const c = encrypt("11010519491231002X");
    expect(c).not.toContain("1101051949");
    expect(decrypt(c)).toBe("11010519491231002X");
    expect(encrypt("11010519491231002X")).not.toBe(c);
    expect(keyedHash("11010519491231002X")).toBe(keyedHash("11010519491231002X"));
  });
  test("tampering is detected", () => {
    const [v, iv, tag, data] = encrypt("11010519491231002X").split(".");
    const flipped = data.slice(0, -2) + (data.endsWith("A") ? "BB" : "AA");
    expect(() => decrypt([v, iv, tag, flipped].join("."))).toThrow();
  });
});
