/**
 * `npm run bench:lighthouse`: mobile Lighthouse (performance, accessibility) of /training and two
 * lessons, signed in as a demo rep, against `next start` of the current build on a fresh embedded
 * database. Needs `npm run build` first and Debian chromium (CHROME_PATH, default /usr/bin/chromium).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const PORT = Number(process.env.BENCH_PORT || 3300);
const BASE = `http://localhost:${PORT}`;
const PAGES = ["/training", "/training/product-presentation", "/training/be-remembered"];
const TARGET = { performance: 95, accessibility: 95 };
/** `--save DIR` keeps each page's full Lighthouse report (JSON) there, to look into TBT, LCP, bootup time. */
const SAVE_DIR = process.argv.includes("--save") ? process.argv[process.argv.indexOf("--save") + 1] : undefined;
if (SAVE_DIR) fs.mkdirSync(SAVE_DIR, { recursive: true });

async function waitFor(url: string, ms = 120_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not answer ${url}`);
}

/** Signs in through next-auth's credentials endpoint and returns the Cookie header. */
async function signIn(email: string, password: string) {
  const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  keep(csrfRes);
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie(), Origin: BASE },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error("sign-in failed");
  return cookie();
}

const dataDir = fs.mkdtempSync("/tmp/zhike-lh-");
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
  env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || "bench-secret", NEXTAUTH_URL: BASE },
  stdio: "ignore",
});
let chrome: chromeLauncher.LaunchedChrome | undefined;
try {
  await waitFor(`${BASE}/login`);
  const cookie = await signIn("sz1.rep1@demo.cn", "zhike-demo");
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const rows: { page: string; performance: number; accessibility: number; lcp: string; tbt: string; cls: string }[] = [];
  for (const path of PAGES) {
    // one warm-up load compiles the lesson and fills caches, as a returning user would find them
    await fetch(BASE + path, { headers: { Cookie: cookie } });
    const result = await lighthouse(BASE + path, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
      formFactor: "mobile",
      extraHeaders: { Cookie: cookie },
    });
    const lhr = result!.lhr;
    if (SAVE_DIR) fs.writeFileSync(`${SAVE_DIR}/${path.replaceAll("/", "_") || "_"}.json`, JSON.stringify(lhr));
    rows.push({
      page: path,
      performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
      lcp: lhr.audits["largest-contentful-paint"].displayValue ?? "",
      tbt: lhr.audits["total-blocking-time"].displayValue ?? "",
      cls: lhr.audits["cumulative-layout-shift"].displayValue ?? "",
    });
    if (process.argv.includes("--verbose"))
      for (const a of Object.values(lhr.audits)) if (a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative") console.log(`  ${path}: ${a.id} ${a.score} ${a.displayValue ?? ""}`);
  }
  console.log(`Lighthouse ${(await import("lighthouse/package.json", { with: { type: "json" } })).default.version}, mobile, ${new Date().toISOString()}`);
  console.table(rows);
  const miss = rows.filter((r) => r.performance < TARGET.performance || r.accessibility < TARGET.accessibility);
  console.log(miss.length ? `below target (performance ≥ ${TARGET.performance}, accessibility ≥ ${TARGET.accessibility}): ${miss.map((m) => m.page).join(", ")}` : "all pages meet the targets");
} finally {
  await chrome?.kill();
  server.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
