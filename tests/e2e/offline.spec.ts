import { expect, test, type Page } from "@playwright/test";
import { shot, signIn, uniqueName } from "./fixtures";

// offline use is the service worker's (the config blocks it for the other tests)
test.use({ serviceWorkers: "allow" });

/**
 * Issue #11: a rep keeps working without signal. After sign-in the working set is downloaded into IndexedDB in
 * the background and the offline workspace (/field) is cached by the service worker; offline, any page opens
 * that workspace on the same path, reads and writes go to the phone, and they sync once the signal is back.
 */

/** What the phone holds: the offline store's meta and a count per store, read in the page. */
async function phoneState(page: Page) {
  return page.evaluate(async () => {
    // opening a database that does not exist would create it empty: look first
    if (!(await indexedDB.databases()).some((d) => d.name === "zhike-offline")) return { pulledAt: null, customers: 0, outbox: 0, anyCustomer: null as null | { id: string; name: string } };
    const db: IDBDatabase | null = await new Promise((resolve) => {
      const req = indexedDB.open("zhike-offline");
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
    });
    if (!db || !db.objectStoreNames.contains("meta")) return { pulledAt: null, customers: 0, outbox: 0, anyCustomer: null as null | { id: string; name: string } };
    const read = <T,>(store: string, op: (s: IDBObjectStore) => IDBRequest) =>
      new Promise<T>((resolve) => {
        const r = op(db.transaction(store).objectStore(store));
        r.onsuccess = () => resolve(r.result as T);
      });
    const meta = await read<{ pulledAt?: number } | undefined>("meta", (s) => s.get("meta"));
    const customers = await read<number>("customers", (s) => s.count());
    const outbox = await read<number>("outbox", (s) => s.count());
    const first = await read<IDBCursorWithValue | null>("customers", (s) => s.openCursor());
    db.close();
    return { pulledAt: meta?.pulledAt ?? null, customers, outbox, anyCustomer: first ? { id: first.value.id as string, name: first.value.name as string } : null };
  });
}

async function waitForWorkingSet(page: Page) {
  await expect.poll(async () => (await phoneState(page)).pulledAt, { timeout: 60_000 }).not.toBeNull();
  await expect.poll(() => page.evaluate(async () => !!navigator.serviceWorker.controller && !!(await caches.match("/field"))), { timeout: 60_000 }).toBe(true);
}

test("offline: the working set opens from any page, writes queue with 待同步 and sync when the signal returns", async ({ page, context }, info) => {
  test.setTimeout(180_000);
  const project = info.project.name;
  await signIn(page, project === "phone" ? "sz1.rep1@demo.cn" : "sz1.rep2@demo.cn");
  await waitForWorkingSet(page);
  const state = await phoneState(page);
  expect(state.customers).toBeGreaterThan(5);
  const known = state.anyCustomer!;

  await context.setOffline(true);
  // a page never opened before: the offline workspace on the same path
  await page.goto("/customers");
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole("status")).toContainText(/离线 · 数据更新于/);
  await expect(page.getByRole("heading", { name: "客户", exact: true })).toBeVisible();
  // the same search as online: two characters of the name
  await page.getByRole("searchbox", { name: /搜索姓名/ }).fill([...known.name].slice(0, 2).join(""));
  await page.locator("#field-customer-list").getByRole("link", { name: new RegExp(known.name) }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(known.name) })).toBeVisible();
  await shot(page, "offline-profile", project);

  // log a contact offline
  await page.getByRole("link", { name: "记一笔" }).click();
  await page.getByRole("button", { name: "保存到待同步" }).click();
  await expect(page.getByText("请填写交流主题")).toBeVisible();
  const topic = uniqueName("离线拜访");
  await page.getByLabel("交流主题").fill(topic);
  await page.getByLabel("交流内容").fill("地下车库没有信号，回头补发资料");
  await page.getByRole("button", { name: "保存到待同步" }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(known.name) })).toBeVisible();
  await expect(page.getByText(topic)).toBeVisible();
  await expect(page.getByRole("link", { name: "1 条待同步" })).toBeVisible();

  // a new customer offline
  await page.getByRole("link", { name: "客户", exact: true }).click();
  await page.getByRole("link", { name: "新建客户" }).click();
  const name = uniqueName("离线新客");
  await page.getByLabel("客户姓名").fill(name);
  await page.getByLabel("手机").fill(project === "phone" ? "13700001111" : "13700002222");
  await page.getByRole("button", { name: "保存到待同步" }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(name) })).toBeVisible();
  await expect(page.getByRole("link", { name: "2 条待同步" })).toBeVisible();

  // the lessons are on the phone too: 培训中心 → a lesson, read without signal
  await page.goto("/training");
  await expect(page.getByRole("heading", { level: 1, name: "培训中心" })).toBeVisible();
  await page.getByRole("link", { name: /产品陈述技能/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "产品陈述技能" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "方法" })).toBeVisible();
  await expect(page.getByRole("group", { name: "FAB 陈述链" }).first()).toContainText("软启动变频控制");
  await expect(page.getByText("离线阅读：测验、练习检查和图表需联网使用。")).toBeVisible();

  // the outbox survives a reload without signal
  await page.reload();
  await expect(page.getByRole("link", { name: "2 条待同步" })).toBeVisible();
  await page.getByRole("link", { name: "2 条待同步" }).click();
  await expect(page.getByRole("heading", { name: "待同步" })).toBeVisible();
  await shot(page, "offline-outbox", project);
  expect((await phoneState(page)).outbox).toBe(2);

  // signal back: both go to the server once, and the marks go
  await context.setOffline(false);
  await expect(page.getByText("所有修改都已同步")).toBeVisible({ timeout: 30_000 });
  expect((await phoneState(page)).outbox).toBe(0);
  const found = await (await page.request.get(`/api/customers/search?q=${encodeURIComponent(name)}`)).json();
  expect(JSON.stringify(found)).toContain(name);
  await page.goto(`/customers/${known.id}`);
  await expect(page.getByText(topic)).toHaveCount(1);
});

test("sign-out warns about unsynced changes and leaves nothing of the rep's on the phone", async ({ page, context }, info) => {
  test.skip(info.project.name !== "phone", "one device is enough");
  test.setTimeout(180_000);
  await signIn(page, "sz1.rep1@demo.cn");
  await waitForWorkingSet(page);
  // the server cannot be reached for sync, so the change stays queued
  await page.route("**/api/sync**", (r) => r.abort("internetdisconnected"));
  await context.setOffline(true);
  await page.goto("/todos");
  await expect(page.getByRole("heading", { name: "待办事宜" })).toBeVisible();
  await page.getByLabel("待办内容").fill(uniqueName("离线待办"));
  await page.getByRole("button", { name: "添加待办" }).click();
  await expect(page.getByRole("link", { name: "1 条待同步" })).toBeVisible();
  await context.setOffline(false);
  await page.goto("/");
  await expect(page.getByRole("link", { name: "1 条待同步" })).toBeVisible();
  // the warning names the count; dismissing it keeps the rep signed in
  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.locator("header details summary").click();
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect.poll(() => asked).toContain("还有 1 条未同步的修改");
  await expect(page).not.toHaveURL(/\/login/);
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
  const after = await phoneState(page);
  expect([after.customers, after.outbox, after.pulledAt]).toEqual([0, 0, null]);
  // offline, nothing of theirs opens
  await context.setOffline(true);
  await page.goto("/customers");
  await expect(page.getByRole("heading", { name: "这台设备上还没有离线数据" })).toBeVisible();
});
