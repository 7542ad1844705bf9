import { expect, test } from "@playwright/test";
import { shot, signIn, signOut, uniqueName } from "./fixtures";

/**
 * Issue #3 §3 (合同文件): a rep keeps the signed contract with the deal and downloads it again; a colleague
 * outside the deal's scope gets 404 for the same address; a file that is not what its name says is refused
 * with a field error.
 */
test("contract file: upload, list, download; a colleague gets 404; a disguised file is refused", async ({ page }, info) => {
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

  await signOut(page);
  await signIn(page, "sz1.rep2@demo.cn");
  expect((await page.request.get(href)).status()).toBe(404);
  expect((await page.goto(dealPath))?.status()).toBe(404);
});
