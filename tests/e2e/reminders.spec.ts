import { expect, test, type Page } from "@playwright/test";
import { solarToLunar } from "../../lib/lunar";
import { today } from "../../lib/dates";
import { shot, signIn } from "./fixtures";

const badge = (page: Page) => page.getByTestId("nav-badge").filter({ visible: true }).first();
const badgeCount = async (page: Page) => ((await badge(page).count()) ? Number((await badge(page).locator("[aria-hidden]").textContent())?.replace("+", "")) : 0);

/** Adds a customer whose lunar birthday is today, through the form, and lands on the profile. */
async function addLunarBirthdayToday(page: Page, name: string) {
  const l = solarToLunar(today());
  await page.goto("/customers/new");
  await page.getByLabel("客户姓名").fill(name);
  await page.getByLabel("农历月").selectOption(String(l.month));
  await page.getByLabel("农历日").selectOption(String(l.day));
  if (l.leap) await page.getByLabel("闰月").check();
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
}

/**
 * Issue #4 §8: a rep whose customer has a lunar birthday today sees it in the inbox and in the badge;
 * done lowers the badge; a snooze into the past is a field error.
 */
test("lunar birthday today in the inbox and the badge", async ({ page }, info) => {
  const project = info.project.name;
  const name = project === "phone" ? "农历寿星甲" : "农历寿星乙";

  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/reminders");
  await expect(page.getByRole("heading", { name: "提醒", level: 1 })).toBeVisible();
  const before = await badgeCount(page);

  await addLunarBirthdayToday(page, name);

  await page.goto("/reminders");
  const section = page.locator("ul[aria-labelledby='kind-lunar_birthday']");
  const item = section.locator("li", { hasText: name });
  await expect(item).toBeVisible();
  await expect(item.getByText("今天")).toBeVisible();
  await expect(badge(page)).toBeVisible();
  expect(await badgeCount(page)).toBe(before + 1);
  await shot(page, "reminders-inbox", project);

  // a snooze into the past is a Chinese field error
  await item.getByRole("button", { name: new RegExp(`^推迟：${name}`) }).click();
  const until = item.getByLabel("推迟到");
  await until.fill("2020-01-01");
  await item.getByRole("button", { name: "确定推迟" }).click();
  await expect(item.getByRole("alert")).toHaveText("推迟到的日期必须晚于今天");
  await shot(page, "reminders-snooze-error", project);
  await item.getByRole("button", { name: "取消" }).click();

  // done: it leaves the open list and the badge goes down
  await item.getByRole("button", { name: new RegExp(`^完成：${name}`) }).click();
  await expect(page.getByText("已标记完成")).toBeVisible();
  await expect(section.locator("li", { hasText: name })).toHaveCount(0);
  await expect.poll(() => badgeCount(page)).toBe(before);
  // it can be seen and undone under "show done"
  await page.goto("/reminders?show=all");
  await expect(page.locator("li", { hasText: name }).getByText("已完成")).toBeVisible();

  // the forgetting curve: the list "about to forget you" (lowest retention first) and the customer panel
  await page.goto("/reminders/forgetting");
  await expect(page.getByRole("heading", { name: "快要忘记您的客户" })).toBeVisible();
  const meters = page.getByRole("meter", { name: "记忆保持率" });
  const values = await meters.evaluateAll((els) => els.map((e) => Number(e.getAttribute("aria-valuenow"))));
  expect(values.length).toBeGreaterThan(0);
  expect(values).toEqual([...values].sort((a, b) => a - b));
  await shot(page, "forgetting-list", project);
  await page.locator("ol a[href^='/customers/']").first().click();
  await expect(page.getByTestId("customer-forgetting")).toContainText("下次回访");
  await shot(page, "customer-forgetting", project);
});

/**
 * Issue #17 §3: a manager's inbox holds their own work; the team's work comes as a digest per person
 * (overdue follow-ups, plans to review), only for people of the manager's unit.
 */
test("a manager's inbox: own work, and the team digest for their unit only", async ({ page }, info) => {
  const project = info.project.name;
  const name = project === "phone" ? "经理不见寿星甲" : "经理不见寿星乙";
  await signIn(page, "sz1.rep2@demo.cn");
  await addLunarBirthdayToday(page, name);
  await page.goto("/reminders");
  await expect(page.locator("li", { hasText: name })).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, "sz1.manager@demo.cn");
  await page.goto("/reminders");
  const digest = page.getByRole("region", { name: "团队摘要" });
  await expect(digest).toBeVisible();
  const rows = digest.getByTestId("team-row");
  expect(await rows.count()).toBeGreaterThan(0);
  // everyone listed is of 深圳业务一部; the rep's new birthday is in the rep's inbox, not the manager's
  for (const text of await rows.allTextContents()) expect(text).toContain("深圳业务一部");
  await expect(page.locator("li", { hasText: name })).toHaveCount(0);
  await shot(page, "reminders-team-digest", project);
});

/**
 * Issue #17: the overview shows the first items of each kind; a kind opens on its own, a page at a time,
 * and leads back to the overview.
 */
test("one kind of reminder on its own page", async ({ page }, info) => {
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/reminders");
  for (const list of await page.locator("section ul[aria-labelledby^='kind-']").all()) expect(await list.locator(":scope > li").count()).toBeLessThanOrEqual(10);
  await page.goto("/reminders?kind=lunar_birthday&show=all");
  const section = page.getByRole("region", { name: /生日（农历）/ });
  await expect(section).toBeVisible();
  const kinds = await page.locator("li[data-kind]").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
  expect(new Set(kinds)).toEqual(new Set(kinds.length ? ["lunar_birthday"] : []));
  await shot(page, "reminders-one-kind", info.project.name);
  await section.getByRole("link", { name: "返回全部提醒" }).click();
  await expect(page).toHaveURL(/\/reminders\?show=all$/);
  // a kind that does not exist is ignored: the overview
  await page.goto("/reminders?kind=nonsense&after=-3");
  await expect(page.getByRole("heading", { name: "提醒", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "返回全部提醒" })).toHaveCount(0);
});
