import { afterEach, describe, expect, test, vi } from "vitest";
import { driverFor, openNeon } from "@/db/client";

describe("driver selection", () => {
  test.each([
    [{}, "pglite"],
    [{ DATABASE_URL: "" }, "pglite"],
    [{ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/zhike" }, "pg"],
    [{ DATABASE_URL: "postgresql://u:p@db.example.cn/zhike?sslmode=require" }, "pg"],
    [{ DATABASE_URL: "postgres://u:p@ep-cool-name-123.ap-southeast-1.aws.neon.tech/neondb?sslmode=require" }, "neon"],
    [{ DATABASE_URL: "postgres://u:p@127.0.0.1:5432/zhike", DB_DRIVER: "neon" }, "neon"],
    [{ DATABASE_URL: "postgres://u:p@notneon.tech.example.cn/zhike" }, "pg"],
  ])("%o → %s", (env, kind) => {
    expect(driverFor(env as NodeJS.ProcessEnv)).toBe(kind);
  });
});

describe("Neon through a local WebSocket proxy", () => {
  // neonConfig is process-wide: the order of these two is the point (production first, then the proxy)
  afterEach(() => vi.unstubAllEnvs());

  test("without NEON_WS_PROXY, Neon's production settings are left as they are", async () => {
    const { neonConfig } = await import("@neondatabase/serverless");
    vi.stubEnv("NEON_WS_PROXY", "");
    const o = await openNeon("postgres://u:p@ep-x.neon.tech/neondb");
    await o.close();
    expect(neonConfig.useSecureWebSocket).toBe(true);
    expect(neonConfig.pipelineConnect).toBe("password");
    expect(typeof neonConfig.wsProxy === "function" ? neonConfig.wsProxy("ep-x.neon.tech", 5432) : neonConfig.wsProxy).toBe("ep-x.neon.tech/v2");
  });

  test("with NEON_WS_PROXY=host:port, plain ws:// to the proxy with the target in the address, nothing pipelined", async () => {
    const { neonConfig } = await import("@neondatabase/serverless");
    vi.stubEnv("NEON_WS_PROXY", "127.0.0.1:40123");
    const o = await openNeon("postgres://postgres@127.0.0.1:5432/zhike");
    await o.close();
    expect(o.kind).toBe("neon");
    expect(neonConfig.useSecureWebSocket).toBe(false);
    expect(neonConfig.pipelineTLS).toBe(false);
    expect(neonConfig.pipelineConnect).toBe(false);
    expect(typeof neonConfig.wsProxy === "function" && neonConfig.wsProxy("127.0.0.1", 5432)).toBe("127.0.0.1:40123/v2?address=127.0.0.1:5432");
  });
});
