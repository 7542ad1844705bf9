import { expect, test } from "@playwright/test";
import { shot, signIn, signOut } from "./fixtures";

/**
 * Issue #4 §8: a rep writes a plan (an end date before the start is a field error) and submits it; the
 * unit's manager approves it with a comment; the rep sees the outcome; another unit's manager gets 404.
 */
test("plan review: a manager approves and the rep sees it", async ({ page }, info) => {
  const project = info.project.name;
  const subject = `${project === "phone" ? "手机" : "桌面"}十二月老客户回访计划`;

  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/plans/new");
  await page.getByLabel("计划主题").fill(subject);
  await page.getByLabel("计划周期").selectOption("month");
  await page.getByLabel("开始日期").fill("2026-12-31");
  await page.getByLabel("结束日期").fill("2026-12-01");
  await page.getByLabel("重要", { exact: true }).check();
  await page.getByLabel("计划分类").fill("拜访");
  await page.getByLabel("计划内容").fill("回访 20 位成交客户，收集转介绍");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("结束日期不能早于开始日期")).toBeVisible();
  await expect(page.getByLabel("计划主题")).toHaveValue(subject);
  // a failed save keeps every field, selects and checkboxes too
  await expect(page.getByLabel("计划周期")).toHaveValue("month");
  await expect(page.getByLabel("重要", { exact: true })).toBeChecked();
  await shot(page, "plan-form-error", project);
  await page.getByLabel("开始日期").fill("2026-12-01");
  await page.getByLabel("结束日期").fill("2026-12-31");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/);
  const url = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "提交审核" }).click();
  await expect(page.getByText("已提交审核")).toBeVisible();
  await shot(page, "plan-detail", project);

  await signOut(page);
  await signIn(page, "sz2.manager@demo.cn");
  const other = await page.goto(url);
  expect(other?.status()).toBe(404);

  await signOut(page);
  await signIn(page, "sz1.manager@demo.cn");
  await page.goto("/plans/review");
  const card = page.locator("article", { hasText: subject });
  await expect(card).toBeVisible();
  await expect(card.getByText("月计划")).toBeVisible();
  await shot(page, "plan-review", project);
  // send back without a reason is a field error
  await card.getByRole("button", { name: "退回" }).click();
  await expect(card.getByRole("alert")).toHaveText("退回时请写明原因");
  await card.getByLabel("审核意见").fill("计划清楚，注意节假日前完成");
  await card.getByRole("button", { name: "审核通过" }).click();
  await expect(page.getByText("审核意见已保存")).toBeVisible();
  await expect(page.locator("article", { hasText: subject })).toHaveCount(0);

  await signOut(page);
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/plans");
  const row = page.locator("li", { hasText: subject });
  await expect(row.getByText("已通过")).toBeVisible();
  await expect(row.getByText("计划清楚，注意节假日前完成")).toBeVisible();
  await shot(page, "plans-list", project);
});
