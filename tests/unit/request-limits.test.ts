import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { ACTION_BODY_LIMIT, ACTION_BODY_LIMIT_BYTES, declaresOversizedBody } from "@/lib/request-limits";

describe("request body limit", () => {
  test("next.config.mjs lets the same size through the proxy and the server actions", () => {
    const config = fs.readFileSync(path.resolve(__dirname, "../../next.config.mjs"), "utf8");
    expect(config).toContain(`bodySizeLimit: "${ACTION_BODY_LIMIT}"`);
    expect(config).toContain(`proxyClientMaxBodySize: "${ACTION_BODY_LIMIT}"`);
    expect(ACTION_BODY_LIMIT_BYTES).toBe(Number.parseInt(ACTION_BODY_LIMIT, 10) * 1024 * 1024);
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
