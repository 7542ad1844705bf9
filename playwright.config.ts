import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://localhost:${PORT}`;
/** Each worktree may run its own e2e at once: its own port (E2E_PORT) and data folder (E2E_DATA_DIR). */
const DATA_DIR = process.env.E2E_DATA_DIR || ".data-e2e";
/**
 * E2E_DATABASE_URL runs the server on PostgreSQL instead: that database (it must exist) is emptied, migrated and
 * given the demo company before the server starts, as `npm run db:seed -- --reset` does.
 */
const DATABASE_URL = process.env.E2E_DATABASE_URL || "";
const prepare = DATABASE_URL ? `node node_modules/tsx/dist/cli.mjs scripts/db-seed.ts --reset` : `rm -rf ${DATA_DIR}`;

/**
 * End-to-end against `next start` (run `npm run build` first) on its own embedded database in
 * .data-e2e, wiped before each run so the demo company is loaded fresh. Debian's chromium, never a
 * downloaded browser.
 */
export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    // Each test's fresh context would install the worker and precache the app shell (80 files) again: only
    // the tests of the worker and of offline use turn it on (`test.use({ serviceWorkers: "allow" })`).
    serviceWorkers: "block",
    launchOptions: {
      executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 } } },
    { name: "phone", use: { ...devices["Pixel 7"], viewport: { width: 390, height: 844 } } },
  ],
  webServer: {
    command: `${prepare} && node node_modules/next/dist/bin/next start -p ${PORT}`,
    // /api/health opens (and on first run seeds) the database, so tests start on a ready server
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: {
      DATA_DIR,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || "zhike-e2e-secret-not-for-production",
      NEXTAUTH_URL: baseURL,
      DATABASE_URL,
      // turns on Alibaba Cloud's SMS reply callback for tests/e2e/marketing.spec.ts
      ALIYUN_SMS_CALLBACK_TOKEN: "e2e-sms-callback-secret-0123456789",
    },
  },
});
