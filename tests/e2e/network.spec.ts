import { expect, test } from "@playwright/test";
import { shot, signIn } from "./fixtures";

// one test checks the layout worker under the service worker (the config blocks it elsewhere)
test.use({ serviceWorkers: "allow" });

/**
 * Issue #12 §8: a manager opens the network map, finds a customer by pinyin initials, focuses on them and
 * opens the profile; a rep sees only their own network (another rep's introducer is anonymous).
 */
test("a manager finds a customer on the map by pinyin, focuses, opens the profile", async ({ page }, info) => {
  await signIn(page, "sz1.manager@demo.cn");
  await page.goto("/network");
  await expect(page.getByRole("heading", { level: 1, name: "人脉关系图" })).toBeVisible();
  await expect(page.getByTestId("network-canvas")).toBeVisible();
  await expect(page.getByTestId("layout-status")).toContainText(/布局完成|上次的布局/, { timeout: 30_000 });
  await expect(page.getByTestId("network-legend")).toContainText("忠诚客户");
  await shot(page, "network-map", info.project.name);

  // 李娜 by her initials: the quick search's tokens (same scope) bring her in
  const search = page.getByRole("combobox", { name: "在图上搜索客户" });
  await search.fill("ln");
  const option = page.getByRole("option", { name: /^李娜/ });
  await expect(option).toBeVisible();
  await option.click();
  const card = page.getByTestId("selected-card");
  await expect(card).toContainText("李娜");
  await expect(card).toContainText("交易收入");

  await card.getByRole("button", { name: "聚焦（两步以内）" }).click();
  await expect(page.getByTestId("focus-banner")).toContainText("李娜");
  await expect(page).toHaveURL(/focus=[0-9a-f-]{36}/);
  await shot(page, "network-focus", info.project.name);

  await card.getByRole("button", { name: "打开客户档案" }).click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: /李娜/ })).toBeVisible();
});

test("a rep sees only their own network; another rep's introducer is anonymous", async ({ page }, info) => {
  await signIn(page, "sz1.rep2@demo.cn");
  const api = await page.request.get("/api/network");
  expect(api.ok()).toBe(true);
  const body = await api.text();
  // 张伟 (sz1.rep1's) introduced one of rep2's customers: no name, no id of his reaches rep2
  expect(body).not.toContain('"张伟"');
  expect(body).not.toContain('"李娜"');
  const data = JSON.parse(body) as { k: number[]; nm: string[] };
  expect(data.k).toContain(4);
  expect(data.nm).toContain("张伟东");

  await page.goto("/network?view=list");
  const table = page.getByTestId("network-table");
  await expect(table).toBeVisible();
  await expect(table).toContainText("张伟东");
  await expect(table).toContainText("外部介绍人");
  await expect(table).not.toContainText("李娜");
  // sortable: by revenue, highest first
  await table.getByRole("button", { name: /交易收入/ }).click();
  await expect(table.locator("th[aria-sort='descending']")).toContainText("交易收入");
  await shot(page, "network-list", info.project.name);

  // another rep's customer is not found from the introducer page either
  await page.goto("/network/introducers");
  await expect(page.getByRole("heading", { level: 1, name: "介绍人" })).toBeVisible();
  await expect(page.getByTestId("introducer-board")).not.toContainText(/张伟(?!东)/);
  await shot(page, "network-introducers", info.project.name);
});

test("the layout worker starts under the service worker too (a page it controls, no cached positions)", async ({ page }, info) => {
  test.skip(info.project.name !== "desktop", "one device is enough");
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, "sz1.manager@demo.cn");
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 60_000 }).toBe(true);
  await page.goto("/network");
  await page.evaluate(() => Object.keys(localStorage).forEach((k) => k.startsWith("zhike:network:") && localStorage.removeItem(k)));
  await page.reload();
  await expect(page.getByTestId("layout-status")).toContainText("布局完成", { timeout: 30_000 });
  expect(errors).toEqual([]);
});
