import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { ACTION_BODY_LIMIT, ACTION_BODY_LIMIT_BYTES, bodyLimitFor, declaresOversizedBody, IMPORT_BODY_LIMIT, IMPORT_BODY_LIMIT_BYTES } from "@/lib/request-limits";
import { MAX_IMPORT_BYTES } from "@/lib/import/read";

describe("request body limit", () => {
  test("next.config.mjs: server actions at the action limit, the proxy's buffer at the import's upload limit", () => {
    const config = fs.readFileSync(path.resolve(__dirname, "../../next.config.mjs"), "utf8");
    expect(config).toContain(`bodySizeLimit: "${ACTION_BODY_LIMIT}"`);
    // the proxy buffers up to the import's limit and refuses every other request over the action limit itself
    expect(config).toContain(`proxyClientMaxBodySize: "${IMPORT_BODY_LIMIT}"`);
    expect(ACTION_BODY_LIMIT_BYTES).toBe(Number.parseInt(ACTION_BODY_LIMIT, 10) * 1024 * 1024);
    expect(IMPORT_BODY_LIMIT_BYTES).toBe(Number.parseInt(IMPORT_BODY_LIMIT, 10) * 1024 * 1024);
    // the multipart envelope of the largest file the import takes fits
    expect(IMPORT_BODY_LIMIT_BYTES).toBeGreaterThan(MAX_IMPORT_BYTES);
  });

  test.each([
    ["POST", "/api/customers/import", IMPORT_BODY_LIMIT_BYTES],
    ["POST", "/api/customers/import/x", ACTION_BODY_LIMIT_BYTES],
    ["PUT", "/api/customers/import", ACTION_BODY_LIMIT_BYTES],
    ["POST", "/api/sync", ACTION_BODY_LIMIT_BYTES],
    ["POST", "/customers/new", ACTION_BODY_LIMIT_BYTES],
  ])("%s %s may carry %d bytes", (method, p, limit) => {
    expect(bodyLimitFor(method, p)).toBe(limit);
  });

  test.each([
    [null, false],
    ["0", false],
    [String(ACTION_BODY_LIMIT_BYTES), false],
    [String(ACTION_BODY_LIMIT_BYTES + 1), true],
    ["12582912", true],
    ["abc", false],
    ["-5", false],
    ["1e9", false],
  ])("content-length %s → oversized %s", (len, over) => {
    expect(declaresOversizedBody(new Headers(len === null ? {} : { "content-length": len }))).toBe(over);
  });
});
