import { expect, test } from "@playwright/test";
import { shot, signIn, signOut } from "./fixtures";

/**
 * Issue #13: the 精确营销 pages and the per-role dashboard, each looked at as a rep, a manager, the GM and
 * the admin (rules), on a phone (390×844) and a desktop (1440×900), with screenshots.
 */
test("a rep's dashboard puts today's tasks first, and a task is done in one tap", async ({ page }, info) => {
  const project = info.project.name;
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/");
  const tasks = page.getByTestId("today-tasks");
  await expect(tasks).toBeVisible();
  await expect(tasks.getByRole("heading", { name: /今日任务/ })).toBeVisible();
  // today's tasks come before this month's forecast
  const [tBox, mBox] = await Promise.all([tasks.boundingBox(), page.getByTestId("month-forecast").boundingBox()]);
  expect(tBox!.y).toBeLessThan(mBox!.y);
  await expect(tasks.locator("[data-group='followUps']")).toBeVisible();
  await shot(page, "dashboard-rep", project);
  const first = tasks.locator("[data-group='followUps'] li").first();
  const title = (await first.locator("a").first().textContent())!.trim();
  await first.getByRole("button", { name: /^完成：/ }).click();
  await expect(page.getByText("已标记完成")).toBeVisible();
  await expect(tasks.locator("[data-group='followUps'] li", { hasText: title })).toHaveCount(0);
});

test("the manager's and the GM's dashboards show the team this month", async ({ page }, info) => {
  const project = info.project.name;
  await signIn(page, "sz1.manager@demo.cn");
  await page.goto("/");
  await expect(page.getByTestId("team-month").getByRole("heading", { name: "本月团队（按业务员）" })).toBeVisible();
  await shot(page, "dashboard-manager", project);
  await signOut(page);
  await signIn(page, "gm@demo.cn");
  await page.goto("/");
  await expect(page.getByTestId("team-month").getByRole("heading", { name: "本月各部门" })).toBeVisible();
  await shot(page, "dashboard-gm", project);
});

test("value grades, the 80/20 chart and the source analysis as the GM", async ({ page }, info) => {
  const project = info.project.name;
  await signIn(page, "gm@demo.cn");
  await page.goto("/analytics/value");
  await expect(page.getByRole("heading", { name: "客户价值分级", level: 1 })).toBeVisible();
  await expect(page.locator("tr[data-grade='A']")).toBeVisible();
  await shot(page, "value-grades", project);
  // drill down: grade A's customers in the customer list, filtered by the configured grade
  await page.locator("tr[data-grade='A'] a").first().click();
  await expect(page).toHaveURL(/\/customers\?grade=A/);
  await expect(page.getByRole("combobox", { name: "价值分级" })).toHaveValue("A");

  await page.goto("/analytics/pareto");
  await expect(page.getByTestId("pareto-headline")).toContainText("的客户");
  await expect(page.getByTestId("pareto-headline")).toContainText("贡献了 80% 的收入");
  await expect(page.getByRole("img", { name: "二八分割图" })).toBeVisible();
  await shot(page, "pareto", project);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出名单（CSV）" }).click();
  expect((await download).suggestedFilename()).toMatch(/^二八分割-\d{4}-\d{2}-\d{2}\.csv$/);

  await page.goto("/analytics/sources");
  await expect(page.getByTestId("best-channel")).toContainText("最佳渠道：");
  await shot(page, "sources", project);
});

test("the funnel's table fits and a drilled stage shows its own figures", async ({ page }, info) => {
  const project = info.project.name;
  await signIn(page, "sz1.manager@demo.cn");
  await page.goto("/analytics/funnel");
  const table = page.locator("table").first();
  await expect(table).toBeVisible();
  if (project === "desktop") {
    const fits = await table.evaluate((t) => t.parentElement!.scrollWidth <= t.parentElement!.clientWidth);
    expect(fits).toBe(true);
  }
  await shot(page, "funnel", project);
  const row = page.locator("tr[data-stage]").filter({ has: page.locator("td", { hasText: /^[1-9]\d*$/ }) }).first();
  const count = Number(await row.locator("td").first().textContent());
  // the stage's link (followed by URL: on the phone the bottom bar may sit over the row)
  await page.goto((await row.locator("a").first().getAttribute("href"))!);
  await expect(page).toHaveURL(/\/deals\?/);
  await expect(page.getByText(`${count} / 0 / 0`, { exact: true }).first()).toBeVisible();
  await shot(page, "funnel-drill", project);
});

test("an admin edits the grade rules: a field error in Chinese, then a new version", async ({ page }, info) => {
  const project = info.project.name;
  await signIn(page, "admin@demo.cn");
  await page.goto("/admin/value-grades");
  await expect(page.getByRole("heading", { name: "价值分级规则", level: 1 })).toBeVisible();
  await page.getByLabel("统计周期（月）").fill("0");
  await page.getByRole("button", { name: "保存并重新分级" }).click();
  await expect(page.getByText("统计周期至少 1 个月")).toBeVisible();
  await shot(page, "value-rules-error", project);
  if (project !== "desktop") return;
  await page.getByLabel("统计周期（月）").fill("24");
  await page.getByLabel("修改说明").fill("改为两年窗口");
  await page.getByRole("button", { name: "保存并重新分级" }).click();
  await expect(page.getByText(/已保存第 1 版/)).toBeVisible();
  await expect(page.getByText("改为两年窗口")).toBeVisible();
  await shot(page, "value-rules-saved", project);
});
