import { expect, test } from "@playwright/test";
import { shot, signIn, signOut, uniqueName } from "./fixtures";

/**
 * Issue #3 §3 (合同文件, 收入预测): a rep keeps the signed contract with the deal and downloads it again; a file
 * that is not what its name says is refused with a field error; the forecast is edited (a negative amount is a
 * field error); a colleague outside the deal's scope gets 404 for the file and the deal.
 */
test("contract file: upload, list, download; a disguised file is refused; the forecast edited; a colleague gets 404", async ({ page }, info) => {
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/deals");
  await page.locator('ul a[href^="/deals/"]').first().click();
  await expect(page.getByRole("heading", { name: "合同文件" })).toBeVisible();
  const dealPath = new URL(page.url()).pathname;

  const name = `${uniqueName("购销合同")}.pdf`;
  const body = `%PDF-1.4\n${name}\n%%EOF`;
  await page.getByLabel("选择文件").setInputFiles({ name, mimeType: "application/pdf", buffer: Buffer.from(body) });
  await page.getByRole("button", { name: "上传", exact: true }).click();
  const link = page.getByRole("link", { name });
  await expect(link).toBeVisible();
  await expect(page.getByText(`已上传：${name}`)).toBeVisible();
  await shot(page, "deal-files", info.project.name);

  const href = (await link.getAttribute("href"))!;
  expect(href).toMatch(new RegExp(`^${dealPath}`.replace("/deals/", "/api/deals/")));
  const res = await page.request.get(href);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  expect(await res.text()).toBe(body);

  // an executable renamed to .pdf: refused, said in Chinese next to the field, nothing added
  await page.getByLabel("选择文件").setInputFiles({ name: "报价单.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00 not a pdf") });
  await page.getByRole("button", { name: "上传", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "文件内容与扩展名 .pdf 不符" })).toBeVisible();
  await expect(page.getByRole("link", { name: "报价单.pdf" })).toHaveCount(0);

  // the forecast is edited on its own page and the deal shows the new figure
  await page.getByRole("link", { name: "修改", exact: true }).click();
  await expect(page.getByRole("heading", { name: "修改收入预测" })).toBeVisible();
  await page.getByLabel("预计交易额（元）").fill("-1");
  await page.getByRole("button", { name: "保存交易" }).click();
  await expect(page.getByText("金额不能为负数")).toBeVisible();
  await page.getByLabel("预计交易额（元）").fill("33,333.30");
  await page.getByRole("button", { name: "保存交易" }).click();
  await page.waitForURL((u) => u.pathname === dealPath);
  await expect(page.getByText("¥33,333.30")).toBeVisible();

  await signOut(page);
  await signIn(page, "sz1.rep2@demo.cn");
  expect((await page.request.get(href)).status()).toBe(404);
  expect((await page.goto(dealPath))?.status()).toBe(404);
});

/**
 * A 10 MB file (the limit) uploads; a larger one is stopped on the page, and forced past that check the server
 * refuses the request and the user gets the error view with a retry, in Chinese, not a blank page.
 */
test("a 10 MB contract file uploads; a larger one is stopped on the page, and if forced, a clear error view", async ({ page }) => {
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/deals");
  await page.locator('ul a[href^="/deals/"]').first().click();
  // the largest allowed file goes through every limit on the way (proxy, server action, validation)
  const max = Buffer.alloc(10 * 1024 * 1024, 0x20);
  max.write("%PDF-1.4");
  await page.getByLabel("选择文件").setInputFiles({ name: "十兆合同.pdf", mimeType: "application/pdf", buffer: max });
  await page.getByRole("button", { name: "上传", exact: true }).click();
  await expect(page.getByText("已上传：十兆合同.pdf")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("link", { name: "十兆合同.pdf" }).first()).toBeVisible();

  const big = Buffer.alloc(12 * 1024 * 1024, 0x20);
  big.write("%PDF-1.4");
  await page.getByLabel("选择文件").setInputFiles({ name: "超大合同.pdf", mimeType: "application/pdf", buffer: big });
  await expect(page.getByRole("alert").filter({ hasText: "文件不能超过 10 MB" })).toBeVisible();
  const upload = page.getByRole("button", { name: "上传", exact: true });
  await expect(upload).toBeDisabled();
  await page.evaluate(() => (document.querySelector('form button[type="submit"][disabled]') as HTMLButtonElement).removeAttribute("disabled"));
  await upload.click();
  await expect(page.getByRole("heading", { name: "页面出错了" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("提交的内容过大（上限 10 MB），没有保存。")).toBeVisible();
  await expect(page.getByRole("button", { name: "重试" })).toBeVisible();
  await expect(page.getByRole("link", { name: "回到工作台" })).toBeVisible();
});
