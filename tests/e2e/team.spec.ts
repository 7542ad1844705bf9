import { expect, test } from "@playwright/test";
import { shot, signIn, signOut, uniqueName } from "./fixtures";

/**
 * Issue #14 (团队管理): a rep adds a customer and a visit; the unit's manager sees both in /team and comments
 * on the visit; the rep finds the comment in the reminder inbox's notifications; the manager assigns the
 * customer to another rep, who sees the whole history (and the owner history) while the first rep gets 404.
 * Also the shared pool and its rules page render at both sizes.
 */
test("team feed, comment, assignment", async ({ page }, info) => {
  const project = info.project.name;
  const name = uniqueName(project === "phone" ? "团队机" : "团队桌");
  const topic = `${name}首次拜访`;
  const comment = `${name}：下周带报价单再去一次`;

  // the rep adds a customer and logs a visit
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/customers/new");
  await page.getByLabel("客户姓名").fill(name);
  await page.getByLabel("手机").fill(project === "phone" ? "13560011111" : "13560022222");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}/);
  const id = new URL(page.url()).pathname.split("/").pop()!;
  await page.locator("#log-communication > summary").click();
  await page.getByLabel("交流主题").fill(topic);
  await page.getByRole("button", { name: "保存记录" }).click();
  await expect(page.getByText(topic).first()).toBeVisible();

  // the manager sees both in the team feed and comments on the visit
  await signOut(page);
  await signIn(page, "sz1.manager@demo.cn");
  await page.goto("/team");
  await expect(page.getByRole("heading", { name: "工作浏览", level: 1 })).toBeVisible();
  const visit = page.getByRole("article", { name: new RegExp(topic) });
  await expect(visit).toBeVisible();
  await expect(page.getByRole("article", { name: new RegExp(`新客户.${name}`) })).toBeVisible();
  await visit.getByLabel("点评", { exact: true }).fill(comment);
  await visit.getByRole("button", { name: "点评" }).click();
  await expect(visit.getByText(comment)).toBeVisible();
  await shot(page, "team-feed", project);
  await page.goto("/team/summary");
  await expect(page.getByRole("link", { name: "陈晓明" })).toBeVisible();
  await shot(page, "team-summary", project);

  // the rep sees the comment among the notifications
  await signOut(page);
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/reminders");
  await expect(page.getByRole("heading", { name: /消息通知/ })).toBeVisible();
  await expect(page.getByText(comment)).toBeVisible();
  await shot(page, "notifications", project);

  // the manager assigns the customer to the other rep
  await signOut(page);
  await signIn(page, "sz1.manager@demo.cn");
  await page.goto(`/customers/${id}`);
  await page.locator("summary", { hasText: "分配给其他业务员" }).click();
  await page.getByLabel("分配给", { exact: true }).selectOption({ label: "刘雅婷（深圳业务一部）" });
  await page.getByLabel("原因", { exact: true }).fill("区域调整");
  await page.getByRole("button", { name: "分配", exact: true }).click();
  await expect(page.getByText("陈晓明 → 刘雅婷")).toBeVisible();
  await shot(page, "owner-history", project);

  // the new rep sees the whole history; the first rep gets 404
  await signOut(page);
  await signIn(page, "sz1.rep2@demo.cn");
  await page.goto(`/customers/${id}`);
  await expect(page.getByRole("heading", { name: new RegExp(name) })).toBeVisible();
  await expect(page.getByText(topic).first()).toBeVisible();
  await expect(page.getByText("区域调整")).toBeVisible();
  await page.goto("/reminders");
  await expect(page.getByText(new RegExp(`把客户 ${name} 分配给了您`))).toBeVisible();
  await page.goto("/team/pool");
  await expect(page.getByRole("heading", { name: "公海", level: 1 })).toBeVisible();
  await shot(page, "pool", project);

  await signOut(page);
  await signIn(page, "sz1.rep1@demo.cn");
  expect((await page.goto(`/customers/${id}`))?.status()).toBe(404);
  // a rep has no team feed
  expect((await page.goto("/team"))?.status()).toBe(404);

  // bulk: the manager finds it through the customer list's filters, ticks it and gives it back to the first rep
  await signOut(page);
  await signIn(page, "sz1.manager@demo.cn");
  await page.goto(`/team/assign?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole("heading", { name: /符合客户列表筛选的客户：1 位/ })).toBeVisible();
  await page.getByRole("checkbox", { name: new RegExp(name) }).check();
  await page.locator("#ba-owner").selectOption({ label: "陈晓明（深圳业务一部）" });
  await shot(page, "assign", project);
  await page.getByRole("button", { name: "分配所选 1 位" }).click();
  await expect(page).toHaveURL(/\/team\/assign\/[0-9a-f-]{36}$/);
  await expect(page.getByText("完成：转移 1 位")).toBeVisible();
  await shot(page, "assign-job", project);
  await signOut(page);
  await signIn(page, "sz1.rep1@demo.cn");
  expect((await page.goto(`/customers/${id}`))?.status()).toBe(200);

  // the pool rules are the admin's
  await signOut(page);
  await signIn(page, "admin@demo.cn");
  await page.goto("/admin/pool");
  await expect(page.getByRole("heading", { name: "公海规则", level: 1 })).toBeVisible();
  await shot(page, "pool-rules", project);
});
