import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { unpackRows } from "@/lib/offline/codec";
import { signIn } from "./fixtures";

// offline use is the service worker's (the config blocks it for the other tests)
test.use({ serviceWorkers: "allow" });

/**
 * Issue #11 §7, the chaos test: a rep taps through, loses signal, makes 30 changes across the offline forms,
 * reloads without signal; then the page is closed while its first push is on the way (the server applied it, the
 * phone never heard), it is opened again while the network flips on and off (seeded, so every run flips alike),
 * and that push is sent twice more. At the end the server holds exactly the 30 changes — each record once, each
 * edit once (versions) — the one edit made on a card someone changed first was shown as a conflict, and the
 * rep's manager sees it at 团队管理 · 同步冲突.
 */

/** A small seeded generator (mulberry32): the same flips every run. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Stored = { id: string; name?: string; version: number; startDate?: string; title?: string | null; quadrant?: string; doneAt?: string | null; subject?: string; completion?: string | null };
type Queued = { id: string; kind: string; entityId: string; baseVersion?: number; data: Record<string, unknown> };

/** One store of the phone's IndexedDB, read in the page. */
function readStore<T>(page: Page, store: string) {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const req = indexedDB.open("zhike-offline");
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const all = db.transaction(name).objectStore(name).getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result as T[]);
          };
        };
      }),
    store,
  );
}

/** Every row of one collection the server now holds for the rep: the same pull the phone makes, to the end. */
async function serverRows<T = Stored>(request: APIRequestContext, collection: string) {
  const rows: T[] = [];
  let q = new URLSearchParams({ collection });
  for (;;) {
    const page = await (await request.get(`/api/sync?${q}`)).json();
    rows.push(...unpackRows<T & Record<string, unknown>>(page.rows));
    if (page.done) return rows;
    q = new URLSearchParams({ collection, afterT: page.next.after.t, afterId: page.next.after.id, ...(page.next.since ? { since: page.next.since } : {}) });
  }
}

const go = (page: Page, to: string) => page.evaluate((h) => (window.location.hash = h), to);

test("chaos: 30 offline changes survive flapping signal, a page closed mid-sync and a replayed batch — none lost, none doubled", async ({ page, context, browser, baseURL }, info) => {
  test.skip(info.project.name !== "phone", "a phone's test");
  test.setTimeout(150_000);
  const run = `混沌${Date.now() % 100000}`;
  const origin = { origin: baseURL! };

  // ---------------------------------------------------------------- online: sign in and tap through
  await signIn(page, "sz1.rep1@demo.cn");
  await page.locator("nav a[href='/customers']:visible").first().click();
  await expect(page).toHaveURL(/\/customers/);
  await page.locator("main a[href^='/customers/0']").first().click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await page.goto("/reminders");
  await expect.poll(() => page.evaluate(async () => !!navigator.serviceWorker.controller && !!(await caches.match("/field"))), { timeout: 60_000 }).toBe(true);
  await expect
    .poll(async () => ((await readStore<{ pulledAt?: number }>(page, "meta").catch(() => []))[0] ?? {}).pulledAt ?? null, { timeout: 60_000 })
    .not.toBeNull();

  const customers = (await readStore<Stored>(page, "customers")).filter((c) => c.name && c.version).slice(0, 12);
  const todos = (await readStore<Stored>(page, "todos")).filter((t) => !t.doneAt);
  // a plan already begun, so that today may be its completion day
  const today = new Date().toISOString().slice(0, 10); // the date the offline form proposes
  const plan = (await readStore<Stored>(page, "plans")).find((p) => p.startDate! <= today)!;
  expect(customers.length).toBe(12);
  expect(todos.length).toBeGreaterThan(0);
  expect(plan).toBeTruthy();
  const [clash, twice, ...edited] = customers; // clash: changed on the server first; twice: edited twice offline

  // ---------------------------------------------------------------- another device changes `clash` first
  const manager = await browser.newContext({ baseURL, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const mgr = await manager.newPage();
  await signIn(mgr, "sz1.manager@demo.cn");
  const first = await mgr.request.post("/api/sync", {
    headers: origin,
    data: { mutations: [{ id: crypto.randomUUID(), kind: "customer.update", entityId: clash.id, baseVersion: clash.version, data: { title: "经理改的职务" } }] },
  });
  expect((await first.json()).data[0]).toMatchObject({ status: "applied", version: clash.version + 1 });

  // ---------------------------------------------------------------- offline: 30 changes
  await context.setOffline(true);
  await page.goto("/customers");
  await expect(page.getByRole("status")).toContainText(/离线 · 数据更新于/);
  const pending = (n: number) => expect(page.getByRole("link", { name: `${n} 条待同步` })).toBeVisible();

  // 12 communications: the first through the picker, the others from each customer's 记一笔
  await go(page, "/communications/new");
  await page.getByRole("searchbox", { name: "客户" }).fill([...customers[0].name!].slice(0, 2).join(""));
  await page.getByRole("button", { name: new RegExp(`^${customers[0].name}`) }).first().click();
  const topics: string[] = [];
  for (let i = 0; i < 12; i++) {
    if (i > 0) await go(page, `/communications/new?customer=${customers[i].id}`);
    topics.push(`${run}交流${i}`);
    await page.getByLabel("交流主题").fill(topics[i]);
    await page.getByRole("button", { name: "保存到待同步" }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(customers[i].name!) })).toBeVisible();
    await pending(i + 1);
  }

  // 2 new customers
  const newNames = [`${run}新客甲`, `${run}新客乙`];
  for (const [i, name] of newNames.entries()) {
    await go(page, "/customers/new");
    await page.getByLabel("客户姓名").fill(name);
    await page.getByLabel("手机").fill(`1370${String(Date.now() % 100000).padStart(5, "0")}${i}1`.slice(0, 11));
    await page.getByRole("button", { name: "保存到待同步" }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(name) })).toBeVisible();
  }
  await pending(14);

  // 6 card edits: the clashing one, one customer twice, four others once
  const cardEdits: [Stored, string, string][] = [
    [clash, "职务", `${run}我的职务`],
    [twice, "职务", `${run}职务一`],
    [twice, "地址", `${run}地址二`],
    ...edited.slice(0, 3).map((c, i): [Stored, string, string] => [c, "职务", `${run}职务${i}`]),
  ];
  for (const [c, label, value] of cardEdits) {
    await go(page, `/customers/${c.id}/edit`);
    await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole("button", { name: "保存到待同步" }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(c.name!) })).toBeVisible();
  }
  await pending(20);

  // 5 new to-dos, 3 moved between quadrants, 1 done (an old one)
  await go(page, "/todos");
  const todoTitles = [0, 1, 2, 3, 4].map((i) => `${run}待办${i}`);
  for (const title of todoTitles) {
    await page.getByLabel("待办内容").fill(title);
    await page.getByRole("button", { name: "添加待办" }).click();
    await expect(page.getByRole("listitem").filter({ hasText: title })).toBeVisible();
  }
  const moves: [string, string][] = [
    [todoTitles[0], "neither"],
    [todoTitles[1], "important_not_urgent"],
    [todoTitles[2], "urgent_not_important"],
  ];
  for (const [title, quadrant] of moves) await page.getByRole("listitem").filter({ hasText: title }).getByRole("combobox", { name: "移到" }).selectOption(quadrant);
  const oldTodo = todos[0];
  await page.getByRole("listitem").filter({ hasText: oldTodo.title! }).first().getByRole("button", { name: "完成" }).click();
  await pending(29);

  // 1 plan completed
  await go(page, "/plans");
  const card = page.locator("article").filter({ hasText: plan.subject! }).first();
  await card.getByRole("button", { name: "记完成" }).click();
  await card.getByLabel("完成情况").fill(`${run}计划完成`);
  await card.getByRole("button", { name: "保存到待同步" }).click();
  await pending(30);

  // reload without signal: all 30 still queued, each with its final id
  await page.reload();
  await pending(30);
  const queued = await readStore<Queued>(page, "outbox");
  expect(queued).toHaveLength(30);
  const kinds = queued.reduce<Record<string, number>>((m, q) => ({ ...m, [q.kind]: (m[q.kind] ?? 0) + 1 }), {});
  expect(kinds).toEqual({ "communication.create": 12, "customer.create": 2, "customer.update": 6, "todo.create": 5, "todo.move": 3, "todo.done": 1, "plan.complete": 1 });

  // ---------------------------------------------------------------- the signal returns; the page closes mid-push
  const pushes: string[] = [];
  let heldOnce = false;
  let held!: () => void;
  const pushedNotAnswered = new Promise<void>((r) => (held = r));
  await context.route("**/api/sync", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    pushes.push(route.request().postData()!);
    if (heldOnce) return route.continue();
    heldOnce = true;
    // the server takes the batch and answers; the answer never reaches the phone
    await route.fetch();
    held();
  });
  await context.setOffline(false);
  await pushedNotAnswered;
  await page.close();
  await context.unroute("**/api/sync");
  expect(pushes).toHaveLength(1);

  // ---------------------------------------------------------------- reopened, the network flaps while it syncs
  await context.setOffline(true);
  const phone = await context.newPage();
  await phone.goto("/");
  await expect(phone.getByRole("link", { name: /条待同步/ })).toBeVisible();
  const random = seeded(11);
  phone.on("request", (r) => {
    if (r.url().includes("/api/sync") && r.method() === "POST") pushes.push(r.postData()!);
  });
  for (let i = 0; i < 8; i++) {
    await context.setOffline(false);
    await phone.waitForTimeout(100 + Math.floor(random() * 500));
    await context.setOffline(true);
    await phone.waitForTimeout(50 + Math.floor(random() * 250));
  }
  await context.setOffline(false);
  // everything but the clash is taken; the clash waits for the rep
  await expect(phone.getByRole("link", { name: "1 条需处理" })).toBeVisible({ timeout: 30_000 });

  // ---------------------------------------------------------------- the first batch, replayed twice
  for (let i = 0; i < 2; i++) {
    const again = await (await phone.request.post("/api/sync", { headers: { ...origin, "content-type": "application/json" }, data: pushes[0] })).json();
    const answers = again.data as { id: string; status: string; replayed?: boolean }[];
    expect(answers.length).toBeGreaterThan(0);
    for (const a of answers) {
      const q = queued.find((x) => x.id === a.id)!;
      if (q.entityId === clash.id && q.kind === "customer.update") expect(a.status).toBe("conflict");
      else expect(a).toMatchObject({ status: "applied", replayed: true });
    }
  }

  // ---------------------------------------------------------------- the conflict: both versions, the rep keeps theirs
  await phone.getByRole("link", { name: "1 条需处理" }).click();
  const entry = phone.getByRole("listitem").filter({ hasText: "有冲突" });
  await expect(entry.getByRole("row", { name: /职务/ })).toContainText(`${run}我的职务`);
  await expect(entry.getByRole("row", { name: /职务/ })).toContainText("经理改的职务");
  await entry.getByRole("button", { name: "保留我的" }).click();
  await expect(phone.getByText("所有修改都已同步")).toBeVisible({ timeout: 30_000 });

  // ---------------------------------------------------------------- the server: exactly the 30, once each
  const api = phone.request;
  const comms = await serverRows<Stored & { topic: string }>(api, "communications");
  const commIds = queued.filter((q) => q.kind === "communication.create").map((q) => q.entityId);
  expect(comms.filter((c) => commIds.includes(c.id)).map((c) => c.id).sort()).toEqual(commIds.sort());
  expect(comms.filter((c) => c.topic.startsWith(run)).map((c) => c.topic).sort()).toEqual([...topics].sort());

  const custs = await serverRows<Stored & { address: string | null }>(api, "customers");
  const made = queued.filter((q) => q.kind === "customer.create").map((q) => q.entityId);
  expect(custs.filter((c) => c.name?.startsWith(run)).map((c) => c.id).sort()).toEqual(made.sort());
  const byId = new Map(custs.map((c) => [c.id, c]));
  expect(byId.get(clash.id)).toMatchObject({ title: `${run}我的职务`, version: clash.version + 2 });
  expect(byId.get(twice.id)).toMatchObject({ title: `${run}职务一`, address: `${run}地址二`, version: twice.version + 2 });
  for (const [i, c] of edited.slice(0, 3).entries()) expect(byId.get(c.id)).toMatchObject({ title: `${run}职务${i}`, version: c.version + 1 });

  const serverTodos = await serverRows(api, "todos");
  const mine = serverTodos.filter((t) => t.title?.startsWith(run));
  expect(mine.map((t) => t.id).sort()).toEqual(queued.filter((q) => q.kind === "todo.create").map((q) => q.entityId).sort());
  for (const [title, quadrant] of moves) expect(mine.find((t) => t.title === title)).toMatchObject({ quadrant, version: 2 });
  expect(serverTodos.find((t) => t.id === oldTodo.id)).toMatchObject({ version: oldTodo.version + 1, doneAt: expect.any(String) });

  const serverPlan = (await serverRows(api, "plans")).find((p) => p.id === plan.id);
  expect(serverPlan).toMatchObject({ completion: `${run}计划完成`, version: plan.version + 1 });

  // ---------------------------------------------------------------- the manager sees the conflict
  await mgr.goto("/team/conflicts");
  const listed = mgr.getByRole("listitem").filter({ hasText: clash.name! });
  await expect(listed).toContainText("业务员已重新提交");
  await expect(listed).toContainText(`${run}我的职务`);
  await expect(listed).toContainText("经理改的职务");
  await manager.close();
});
