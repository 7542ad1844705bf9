import { expect, test } from "@playwright/test";
import { shot, signIn } from "./fixtures";

/**
 * 服务营销: a rep writes a template, previews it for two customers, sends it to a filtered list of their
 * own customers, watches the progress and opens the delivery log. With no SMTP_URL the file transport
 * takes the messages and the page says so.
 */
test("a rep writes, previews, sends and reads the delivery log", async ({ page }, info) => {
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/marketing");
  await expect(page.getByRole("heading", { name: "服务营销", level: 1 })).toBeVisible();
  await expect(page.getByText("未配置 SMTP_URL")).toBeVisible();
  await page.getByRole("link", { name: "邮件个性群发" }).click();
  await expect(page.getByRole("heading", { name: "邮件个性群发", level: 1 })).toBeVisible();

  const name = `年末问候${info.project.name}`;
  await page.getByLabel("名称").fill(name);
  await page.getByLabel("邮件主题").fill("{姓名|朋友}，年末问候");
  await page.getByLabel("内容").fill("尊敬的{称呼}：\n感谢您一年的支持！\n{业务员} {业务员手机|}");
  // the check flags the field that may be empty
  await expect(page.getByTestId("template-problems")).toContainText("称呼 可能为空");
  await page.getByLabel("内容").fill("尊敬的{称呼|客户}：\n感谢您一年的支持！\n{业务员} {业务员手机|}");
  await expect(page.getByTestId("template-problems")).toHaveCount(0);
  await page.getByRole("button", { name: "保存模板" }).click();
  await expect(page.getByText("模板已保存")).toBeVisible();

  // a filtered list: the deal customers (成交客户) of this rep
  await page.getByLabel("客户分类").selectOption({ label: "成交客户" });
  const count = page.getByTestId("audience-count");
  await expect(count).toContainText(/将发送给 \d+ 位客户/);
  const n = Number((await count.textContent())!.match(/将发送给 (\d+) 位客户/)![1]);
  expect(n).toBeGreaterThan(1);

  // two recipients previewed, each personalised
  await expect(page.getByTestId("preview-0")).toContainText("感谢您一年的支持");
  await expect(page.getByTestId("preview-1")).toContainText("感谢您一年的支持");
  const first = await page.getByLabel("收件人 1").locator("option:checked").textContent();
  const second = await page.getByLabel("收件人 2").locator("option:checked").textContent();
  expect(first).not.toBe(second);
  await expect(page.getByTestId("preview-0")).toContainText(`${first!.split(" ")[0]}，年末问候`);
  await expect(page.getByTestId("preview-1")).toContainText(`${second!.split(" ")[0]}，年末问候`);
  await shot(page, "marketing-compose", info.project.name);

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: `发送给 ${n} 位客户` }).click();
  await expect(page).toHaveURL(/\/marketing\/campaigns\//);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByRole("progressbar")).toBeVisible();
  await expect(page.getByTestId("campaign-status")).toHaveText("发送完成", { timeout: 30_000 });
  await expect(page.getByTestId("progress-counts")).toContainText(`已发送 ${n}`);
  await expect(page.getByTestId("progress-counts")).toContainText("剩余 0");
  await page.getByRole("link", { name: "已发送" }).click();
  await expect(page.getByTestId("delivery-log").locator("li")).toHaveCount(Math.min(n, 50));
  await expect(page.getByTestId("delivery-log")).toContainText("感谢您一年的支持");
  await shot(page, "marketing-campaign", info.project.name);

  // the campaign is listed on the module page
  await page.goto("/marketing");
  await expect(page.getByRole("link", { name }).first()).toBeVisible();
  await shot(page, "marketing-home", info.project.name);
});

/**
 * 回T退订 by the provider's callback over real HTTP through next start and proxy.ts: public (no session, no
 * redirect to sign in), the secret in the URL is the authority (playwright.config sets ALIYUN_SMS_CALLBACK_TOKEN).
 */
test("the SMS reply callback is public, refuses a wrong secret and acknowledges a documented push", async ({ request }, info) => {
  test.skip(info.project.name !== "desktop", "HTTP only: once is enough");
  const push = JSON.stringify([{ phone_number: "13599990000", send_time: "2026-12-03 10:00:00", content: "TD", sign_name: "知客", dest_code: "1234", sequence_id: 1 }]);
  const headers = { "content-type": "application/json" };
  const wrong = await request.post("/api/sms/replies/aliyun/not-the-secret-0123456789", { data: push, headers, maxRedirects: 0 });
  expect(wrong.status()).toBe(403);
  expect(await wrong.json()).toMatchObject({ code: 1 });
  const ok = await request.post("/api/sms/replies/aliyun/e2e-sms-callback-secret-0123456789", { data: push, headers, maxRedirects: 0 });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ code: 0, msg: "接收成功" });
  // Tencent's callback is not configured in this run: no such callback
  const off = await request.post("/api/sms/replies/tencent/e2e-sms-callback-secret-0123456789", { data: JSON.stringify({ mobile: "13599990000", nationcode: "86", text: "T", time: 1796313600 }), headers, maxRedirects: 0 });
  expect(off.status()).toBe(404);
});
