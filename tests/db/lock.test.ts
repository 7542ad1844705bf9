import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { DataDirLockedError, lockDataDir, openPglite } from "@/db/client";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhike-lock-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a second process on the same PGlite folder gets a clear error, not a corrupted database", async () => {
  // another live process holds the folder
  const other = spawn("sleep", ["30"]);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "zhike.pid"), String(other.pid));
    await expect(openPglite({ dir })).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(openPglite({ dir })).rejects.toThrow(/正被进程 \d+ 使用/);
  } finally {
    other.kill();
  }
});

test("a stale lock of a dead process is taken over", async () => {
  const dead = spawn("true");
  await new Promise((r) => dead.on("exit", r));
  fs.writeFileSync(path.join(dir, "zhike.pid"), String(dead.pid));
  const release = lockDataDir(dir);
  expect(fs.readFileSync(path.join(dir, "zhike.pid"), "utf8")).toBe(String(process.pid));
  release();
  expect(fs.existsSync(path.join(dir, "zhike.pid"))).toBe(false);
});
