import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { pinyin } from "pinyin-pro";
import { headerAction, shot, signIn, uniqueName } from "./fixtures";

/**
 * Issue #16 §9: a rep uploads a GBK CSV (as Chinese Excel saves it) whose phone column is named so that it
 * maps to the landline, fixes the mapping by hand, reads the dry run (one bad mobile, one duplicate row),
 * applies it with the progress bar, and finds an imported customer by the pinyin initials of the name.
 * Each project signs in as its own rep (a hand mapping is remembered per user).
 */
test("GBK CSV import: fix a column, dry run, apply, find by pinyin", async ({ page }, info) => {
  const rep = info.project.name === "phone" ? "sz1.rep2@demo.cn" : "sz1.rep1@demo.cn";
  await signIn(page, rep);
  const name = uniqueName("欧阳");
  const tail = String(Date.now()).slice(-7);
  // a 来源 the dictionary does not have yet (each run its own)
  const source = uniqueName("直播");
  const csv = [
    "姓名,联系电话,公司名称,职务,生日,来源",
    `${name},139${tail}0,竹林科技,总经理,农历三月初八,展会`,
    `${name}二,138${tail}1,光明贸易,采购经理,闰四月初八,${source}`,
    `${name}三,1391234,青云实业,,1985-07-01,展会`,
    `${name}四,139${tail}0,重复公司,,,`,
  ].join("\r\n");

  await page.goto("/customers");
  await (await headerAction(page, "导入")).click();
  await expect(page.getByRole("heading", { name: "导入客户" })).toBeVisible();
  await page.getByLabel("选择文件").setInputFiles({ name: "客户名单.csv", mimeType: "text/csv", buffer: iconv.encode(csv + "\r\n", "gbk") });
  await page.getByRole("button", { name: "上传并识别" }).click();
  await expect(page.getByRole("heading", { name: "客户名单.csv" })).toBeVisible();
  await expect(page.getByText("GB18030")).toBeVisible();

  // 「联系电话」 was taken for the landline: it holds mobiles
  const phone = page.getByLabel("导入为：联系电话");
  await expect(phone).toHaveValue("landline");
  await phone.selectOption("mobile");
  await shot(page, "import-mapping", info.project.name);

  await page.getByRole("button", { name: "检查数据（试运行）" }).click();
  await expect(page.getByTestId("import-valid")).toHaveText("2");
  await expect(page.getByTestId("import-invalid")).toHaveText("1");
  await expect(page.getByTestId("import-duplicates")).toHaveText("1");
  await expect(page.getByText("联系电话：手机号应为 11 位数字，以 1 开头")).toBeVisible();
  // the form shows the mapping the dry run used
  await expect(phone).toHaveValue("mobile");
  await expect(page.getByText("手机与文件第 2 行重复")).toBeVisible();
  // the 来源 the dictionary lacks is listed, to be created (the default), mapped or left empty
  await expect(page.getByText(`认识来源：${source}（1 行）`)).toBeVisible();
  await expect(page.getByLabel(source)).toHaveValue("create");
  await shot(page, "import-dry-run", info.project.name);

  // the problem rows download as .xlsx
  const errors = await page.request.get(await page.getByRole("link", { name: "下载问题行（.xlsx）" }).getAttribute("href").then((h) => h!));
  expect(errors.status()).toBe(200);
  expect(errors.headers()["content-type"]).toContain("spreadsheetml");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await errors.body()) as never);
  const sheet = wb.worksheets[0];
  expect(sheet.getRow(1).values).toEqual([, "行号", "姓名", "联系电话", "公司名称", "职务", "生日", "来源", "原因"]);
  expect(sheet.getRow(2).getCell(8).value).toBe("联系电话：手机号应为 11 位数字，以 1 开头");

  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page.getByText("导入完成：新建 2，更新 0，跳过 1，失败 1")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await shot(page, "import-done", info.project.name);

  // findable by pinyin initials, like a customer entered by hand
  const initials = (pinyin(name, { pattern: "first", toneType: "none", type: "array" }) as string[]).join("");
  await page.goto(`/customers?q=${initials}`);
  // the row's link is the name alone on a desktop, the name with its details on a phone
  await expect(page.getByRole("link", { name: new RegExp(`^${name}( |$)`) })).toBeVisible();
  await shot(page, "import-found", info.project.name);
});

test("a file that is not a spreadsheet is refused with the reason and nothing is kept", async ({ page }) => {
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/customers/import");
  await page.getByLabel("选择文件").setInputFiles({ name: "客户.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from("这不是工作簿") });
  await page.getByRole("button", { name: "上传并识别" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "文件已损坏" })).toHaveText("文件已损坏或不是有效的 Excel 工作簿，无法读取");
  await expect(page).toHaveURL(/\/customers\/import$/);
});

test("exports: customers, communications and deals as .xlsx, customers as .vcf, within the rep's scope", async ({ page }) => {
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/customers");
  const xlsxHref = (await (await headerAction(page, "导出 Excel")).getAttribute("href"))!;
  const read = async (href: string) => {
    const res = await page.request.get(href);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as never);
    return wb.worksheets[0];
  };
  const customers = await read(xlsxHref);
  expect(customers.getRow(1).getCell(3).value).toBe("客户姓名");
  expect(customers.rowCount).toBeGreaterThan(1);
  // every row is the rep's own (负责业务员 is column 16)
  const owners = new Set<string>();
  customers.eachRow((row, n) => void (n > 1 && owners.add(String(row.getCell(16).value))));
  expect([...owners]).toEqual(["陈晓明"]);

  await page.goto("/communications");
  const comms = await read((await page.getByRole("link", { name: "导出 Excel" }).getAttribute("href"))!);
  expect(comms.getRow(1).getCell(1).value).toBe("交流时间");
  await page.goto("/deals");
  const deals = await read((await page.getByRole("link", { name: "导出 Excel" }).getAttribute("href"))!);
  expect(deals.getRow(1).getCell(1).value).toBe("交易");

  const vcf = await page.request.get("/api/customers/vcf");
  expect(vcf.status()).toBe(200);
  expect(vcf.headers()["content-type"]).toContain("text/vcard");
  const text = await vcf.text();
  expect(text.startsWith("BEGIN:VCARD\r\nVERSION:3.0\r\n")).toBe(true);
  expect(text.match(/BEGIN:VCARD/g)!.length).toBe(customers.rowCount - 1);
});
