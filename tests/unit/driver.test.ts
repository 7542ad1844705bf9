import { describe, expect, test } from "vitest";
import { driverFor } from "@/db/client";

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
