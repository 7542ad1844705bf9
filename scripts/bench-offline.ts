/**
 * `npm run bench:offline [-- --prepare]`: the phone's offline figures (issue #11 §9) in Debian chromium with a
 * phone profile (Pixel 7, 390×844), against `next start` of the current build (`npm run build` first) on the
 * PostgreSQL database DATABASE_URL names — a COPY of the generated set (`createdb -T zhike_bench …` then
 * `npm run db:migrate`). `--prepare` first makes that copy a heavy rep's: sz1.rep1 gets 3,000 customers and
 * 30,000 of their communications fall in the last 90 days (it rewrites owners and dates, hence the copy).
 *
 * Measured (each --runs times, default 5, p50 / p95 printed against the issue's targets):
 * - initial download of the working set after sign-in: time until the last collection is stored, and the bytes
 *   /api/sync sent (encoded, as transferred) — ≤ 5 s, ≤ 2 MB;
 * - a delta sync after 10 changes on the server — ≤ 20 KB;
 * - offline cold start: a new tab without network to the first row of the customer list — ≤ 1 s;
 * - offline search: one keystroke's filtering and rendering of the list, in the page — p95 ≤ 30 ms;
 * - a sync of 100 queued changes (communications) — ≤ 2 s.
 */
import { spawn } from "node:child_process";
import { chromium, devices, type BrowserContext, type Page, type Response as PwResponse } from "@playwright/test";
import { Client } from "pg";
import { uuidv7 } from "uuidv7";
import { arg } from "./_db";

const PORT = Number(process.env.BENCH_PORT || 3320);
const BASE = `http://localhost:${PORT}`;
const RUNS = Number(arg("runs") ?? 5);
const REP = "sz1.rep1@demo.cn";
const url = process.env.DATABASE_URL;
if (!url?.startsWith("postgres")) {
  console.error("bench:offline needs DATABASE_URL: a copy of the generated set on PostgreSQL");
  process.exit(1);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  return s[Math.floor(i)] + (s[Math.ceil(i)] - s[Math.floor(i)]) * (i - Math.floor(i));
};

async function prepare(pg: Client) {
  const { rows: [rep] } = await pg.query<{ id: string; org_unit_id: string }>("select id, org_unit_id from users where email = $1", [REP]);
  const { rows: [{ n }] } = await pg.query<{ n: number }>("select count(*)::int as n from customers where owner_id = $1 and deleted_at is null", [rep.id]);
  if (n < 3000) {
    await pg.query(
      `with pick as (select id from customers where owner_id <> $1 and deleted_at is null and company_id is null and kind = 'individual' order by id limit $2)
       update customers c set owner_id = $1, org_unit_id = $3, updated_at = now() - interval '30 days' from pick where c.id = pick.id`,
      [rep.id, 3000 - n, rep.org_unit_id],
    );
    await pg.query(`update communications m set owner_id = c.owner_id, org_unit_id = c.org_unit_id from customers c where c.id = m.customer_id and c.owner_id = $1 and m.owner_id <> $1`, [rep.id]);
  }
  // 30,000 of their communications in the last 90 days
  await pg.query(
    `with mine as (select id, row_number() over (order by id) as k from communications where owner_id = $1 and deleted_at is null)
     update communications m set contacted_at = now() - ((mine.k % 85) || ' days')::interval - interval '1 hour'
       from mine where m.id = mine.id and mine.k <= 30000`,
    [rep.id],
  );
  const { rows: [c] } = await pg.query("select count(*)::int as customers from customers where owner_id = $1 and deleted_at is null", [rep.id]);
  const { rows: [m] } = await pg.query("select count(*)::int as communications from communications where owner_id = $1 and deleted_at is null and contacted_at > now() - interval '90 days'", [rep.id]);
  console.log(`[prepare] ${REP}: ${c.customers} customers, ${m.communications} communications in the last 90 days`);
  if (m.communications < 30000) console.log("[prepare] fewer than 30,000 communications: the generated set gives this rep fewer; figures are for what there is");
}

/** The offline store's state, read in the page (the database is looked for first: opening creates it). */
const phone = (page: Page) =>
  page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === "zhike-offline")) return { pulledAt: null as number | null, outbox: 0, customers: 0 };
    const db: IDBDatabase = await new Promise((ok, no) => {
      const r = indexedDB.open("zhike-offline");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => no(r.error);
    });
    const get = <T,>(store: string, f: (s: IDBObjectStore) => IDBRequest) =>
      new Promise<T>((ok) => {
        const r = f(db.transaction(store).objectStore(store));
        r.onsuccess = () => ok(r.result as T);
      });
    const meta = await get<{ pulledAt?: number } | undefined>("meta", (s) => s.get("meta"));
    const out = { pulledAt: meta?.pulledAt ?? null, outbox: await get<number>("outbox", (s) => s.count()), customers: await get<number>("customers", (s) => s.count()) };
    db.close();
    return out;
  });

async function until(fn: () => Promise<boolean>, ms = 120_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("timed out");
}

/** Where the bytes of the last measured download went: per collection (and the push), bodies and headers. */
const perCollection = new Map<string, { requests: number; body: number; headers: number }>();

/** Bytes /api/sync sent while `fn` ran (encoded body + headers, as transferred). */
async function syncBytes(page: Page, fn: () => Promise<void>) {
  let bytes = 0;
  perCollection.clear();
  const pending: Promise<void>[] = [];
  const on = (r: PwResponse) => {
    if (!r.url().includes("/api/sync")) return;
    const c = new URL(r.url()).searchParams.get("collection") ?? r.request().method();
    pending.push(
      r
        .request()
        .sizes()
        .then((s) => {
          bytes += s.responseBodySize + s.responseHeadersSize;
          const e = perCollection.get(c) ?? { requests: 0, body: 0, headers: 0 };
          perCollection.set(c, { requests: e.requests + 1, body: e.body + s.responseBodySize, headers: e.headers + s.responseHeadersSize });
        })
        .catch(() => undefined),
    );
  };
  page.on("response", on);
  await fn();
  page.off("response", on);
  await Promise.all(pending);
  return bytes;
}

async function signIn(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.getByLabel("邮箱").fill(REP);
  await page.getByLabel("密码").fill("zhike-demo");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 60_000 });
  return page;
}

const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
  env: { ...process.env, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || "zhike-bench-secret-not-for-production", NEXTAUTH_URL: BASE, ZHIKE_JOBS: "off" },
  stdio: "ignore",
  detached: true,
});
const stop = () => {
  try {
    process.kill(-server.pid!, "SIGTERM");
  } catch {
    /* gone */
  }
};
process.on("SIGINT", () => (stop(), process.exit(130)));

const pg = new Client({ connectionString: url });
await pg.connect();
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  if (process.argv.includes("--prepare")) await prepare(pg);
  await until(async () => (await fetch(`${BASE}/api/health`).catch(() => null))?.ok === true);
  const { rows: [rep] } = await pg.query<{ id: string }>("select id from users where email = $1", [REP]);
  const fig = { download: [] as number[], downloadBytes: [] as number[], delta: [] as number[], cold: [] as number[], search: [] as number[], push: [] as number[], customers: 0 };

  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ ...devices["Pixel 7"], viewport: { width: 390, height: 844 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    // tsx names the functions passed to page.evaluate with an __name helper the page does not have
    await context.addInitScript("globalThis.__name = (f) => f;");
    let page = await signIn(context);
    // 1. the initial download, from the first page after sign-in to the last collection stored
    const t0 = Date.now();
    fig.downloadBytes.push(await syncBytes(page, () => until(async () => (await phone(page)).pulledAt != null)));
    fig.download.push(Date.now() - t0);
    const breakdown = (label: string) =>
      console.log(`${label}: ${[...perCollection].map(([c, e]) => `${c} ${e.requests}× ${(e.body / 1024).toFixed(1)} KB + ${(e.headers / 1024).toFixed(1)} KB headers`).join(" · ")}`);
    breakdown(`run ${run + 1} initial download`);
    fig.customers = (await phone(page)).customers;
    await until(() => page.evaluate(async () => !!navigator.serviceWorker.controller && !!(await caches.match("/field"))));

    // 2. a delta after 10 changes on the server
    await pg.query(
      `update customers set personality = coalesce(personality, '') || '.', version = version + 1, updated_at = now() where id in (select id from customers where owner_id = $1 and deleted_at is null order by id limit 10)`,
      [rep.id],
    );
    const before = (await phone(page)).pulledAt;
    fig.delta.push(await syncBytes(page, async () => {
      await page.evaluate(() => window.dispatchEvent(new Event("online")));
      await until(async () => (await phone(page)).pulledAt !== before);
    }));
    breakdown(`run ${run + 1} delta`);

    // 3. offline cold start: a new tab, no network, to the first customer row
    await context.setOffline(true);
    await page.close();
    page = await context.newPage();
    const c0 = Date.now();
    await page.goto(`${BASE}/customers`);
    await page.locator("#field-customer-list a").first().waitFor();
    fig.cold.push(Date.now() - c0);

    // 4. offline search: one keystroke's filtering and rendering, in the page
    for (const q of ["张", "王", "li", "zh", "138", "陈晓", "深圳", "wang", "159", "刘"]) {
      const ms = await page.evaluate((text) => {
        const input = document.querySelector<HTMLInputElement>("input[type=search]")!;
        const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
        const t = performance.now();
        set.call(input, text);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        return performance.now() - t;
      }, q);
      fig.search.push(ms);
    }

    // 5. 100 queued communications, synced when the network returns
    const { rows: targets } = await pg.query<{ id: string }>("select id from customers where owner_id = $1 and deleted_at is null order by id limit 100", [rep.id]);
    const items = targets.map((c, i) => ({
      id: uuidv7(),
      kind: "communication.create",
      entityId: uuidv7(),
      data: { customerId: c.id, method: "phone", topic: `离线回访 ${run}-${i}`, contactedAt: new Date(Date.now() - 3600_000).toISOString(), summary: "在地下停车场记下的通话要点" },
      state: "pending",
      at: Date.now() + i,
      label: "bench",
    }));
    await page.evaluate(async (list) => {
      const db: IDBDatabase = await new Promise((ok) => {
        const r = indexedDB.open("zhike-offline");
        r.onsuccess = () => ok(r.result);
      });
      const tx = db.transaction("outbox", "readwrite");
      for (const x of list) tx.objectStore("outbox").put(x);
      await new Promise((ok) => (tx.oncomplete = ok));
      db.close();
    }, items);
    await context.setOffline(false);
    const p0 = Date.now();
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    // a slow machine or slow triggers: up to 5 minutes, then the figure is what it is
    await until(async () => (await phone(page)).outbox === 0, 300_000);
    fig.push.push(Date.now() - p0);
    const { rows: [{ n }] } = await pg.query<{ n: number }>("select count(*)::int as n from communications where id = any($1::uuid[])", [items.map((x) => x.entityId)]);
    if (n !== 100) throw new Error(`expected the 100 queued communications on the server once each, found ${n}`);
    await context.close();
    process.stdout.write(`run ${run + 1}/${RUNS} done\n`);
  }

  const row = (name: string, xs: number[], unit: string, target: number, p = 0.95) => {
    const v = pct(xs, p);
    console.log(`${name.padEnd(44)} p50 ${pct(xs, 0.5).toFixed(unit === "KB" ? 1 : 0).padStart(7)} ${unit}  p95 ${v.toFixed(unit === "KB" ? 1 : 0).padStart(7)} ${unit}  target ≤ ${target} ${unit}  ${v <= target ? "PASS" : "MISS"}`);
  };
  console.log(`\nworking set of ${REP}: ${fig.customers} customers (PostgreSQL, ${RUNS} runs, Pixel 7 profile)`);
  row("initial download, time", fig.download, "ms", 5000);
  row("initial download, transferred", fig.downloadBytes.map((b) => b / 1024), "KB", 2048);
  row("delta after 10 changes, transferred", fig.delta.map((b) => b / 1024), "KB", 20);
  row("offline cold start to the customer list", fig.cold, "ms", 1000);
  row("offline search, one keystroke", fig.search, "ms", 30);
  row("sync of 100 queued changes", fig.push, "ms", 2000);
} finally {
  await browser.close();
  await pg.end();
  stop();
}
