import { expect, test } from "@playwright/test";
import { shot, signIn, signOut, uniqueName } from "./fixtures";

/**
 * Issue #3 §2 and §4: a manager creates a product, writes FAB chains for two customer types, presents
 * them (keyboard, swipe, filter) and scores it against a competitor; an admin defines a process and
 * reorders its stages from the keyboard. Bad input on the way is a clear Chinese error.
 */
test("product with FAB chains → presentation → advantage analysis; admin reorders a stage", async ({ page }, info) => {
  const project = info.project.name;
  test.setTimeout(240_000);
  page.on("dialog", (d) => d.accept());
  const name = uniqueName(`E2E 人体工学椅 ${project} `);

  await signIn(page, "sz1.manager@demo.cn").catch(() => signIn(page, "sz1.manager@demo.cn"));
  await page.goto("/products");
  await expect(page.getByRole("heading", { name: "产品信息" })).toBeVisible();
  await shot(page, "products", project);
  await page.getByRole("link", { name: "新建产品" }).click();
  await expect(page.getByRole("heading", { name: "新建产品" })).toBeVisible();

  // a negative price is refused and what was typed stays
  await page.getByLabel("产品名称").fill(name);
  await page.getByLabel("产品类别").selectOption("硬件设备");
  await page.getByLabel("价格（元）").fill("-5");
  await page.getByRole("button", { name: "保存产品" }).click();
  await expect(page.getByText("金额不能为负数")).toBeVisible();
  await expect(page.getByLabel("产品名称")).toHaveValue(name);
  await expect(page.getByLabel("产品类别")).toHaveValue("硬件设备");
  await page.getByLabel("价格（元）").fill("1,280");
  await page.getByLabel("单位").fill("把");
  await page.getByLabel("产品介绍").fill("可调腰托与扶手，整椅保修 5 年");
  await page.getByRole("button", { name: "保存产品" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("产品已创建").first()).toBeVisible();
  await expect(page.getByText("¥1,280.00 / 把")).toBeVisible();

  // FAB chains: an empty chain is refused link by link
  const fab = page.locator("#fab");
  await fab.getByRole("button", { name: "写一条 FAB 链" }).click();
  await fab.getByRole("button", { name: "保存", exact: true }).click();
  await expect(fab.getByText("请填写客户类型")).toBeVisible();
  await expect(fab.getByText("请填写属性")).toBeVisible();
  await expect(fab.getByText("请填写益处")).toBeVisible();
  await fab.getByLabel("客户类型").fill("单位客户");
  await fab.getByLabel("属性").fill("整椅保修 5 年，广州自建服务点 48 小时上门");
  await fab.getByLabel("作用").fill("五年内基本不用换椅子，坏了有人上门修");
  await fab.getByLabel("益处").fill("按每把每年算只要 236 元，行政部不再为坏椅子反复采购");
  await fab.getByRole("button", { name: "保存", exact: true }).click();
  await expect(page.getByText("FAB 链已保存").first()).toBeVisible();
  await expect(fab.getByText("按每把每年算只要 236 元", { exact: false })).toBeVisible();
  await fab.getByRole("button", { name: "写一条 FAB 链" }).click();
  await fab.getByLabel("客户类型").fill("个人客户");
  await fab.getByLabel("属性").fill("座深和腰托都能调");
  await fab.getByLabel("作用").fill("高矮胖瘦都坐得贴合");
  await fab.getByLabel("益处").fill("在家办公一整天，腰不酸");
  await fab.getByRole("button", { name: "保存", exact: true }).click();
  await expect(fab.getByText("在家办公一整天，腰不酸")).toBeVisible();
  await shot(page, "product", project);

  // the presentation: one chain at a time, keyboard, swipe, filter by customer type
  await page.getByRole("link", { name: "演示 FAB" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("第 1 / 2 条")).toBeVisible();
  await expect(page.getByText("按每把每年算只要 236 元", { exact: false })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByText("第 2 / 2 条")).toBeVisible();
  await expect(page.getByText("在家办公一整天，腰不酸")).toBeVisible();
  await shot(page, "presentation", project);
  // a swipe to the right goes back
  const box = (await page.getByText("在家办公一整天，腰不酸").boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + 220, box.y + 10, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByText("第 1 / 2 条")).toBeVisible();
  await page.getByRole("button", { name: "个人客户" }).click();
  await expect(page.getByText("第 1 / 1 条")).toBeVisible();
  await expect(page.getByText("座深和腰托都能调")).toBeVisible();
  await expect(page.getByRole("button", { name: "下一条" })).toBeDisabled();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("heading", { name: "FAB 产品陈述" })).toBeVisible();

  // advantage analysis: an absurd score is refused, then the chart and its table
  await page.getByRole("link", { name: "优势分析", exact: true }).click();
  await expect(page.getByRole("heading", { name: "产品优势分析" })).toBeVisible();
  await page.getByRole("button", { name: "新增竞品分析" }).click();
  await page.getByLabel("竞争对手").fill("白牌工厂");
  const rows = [
    ["价格", "2", "6", "10", "电商报价 680 元"],
    ["耐用与保修", "3", "8", "4", "对方保修 1 年"],
    ["售后", "2", "11", "3", ""],
  ];
  for (const [i, [dim, w, own, theirs, note]] of rows.entries()) {
    await page.getByLabel(`第 ${i + 1} 个维度：维度`).fill(dim);
    await page.getByLabel(`第 ${i + 1} 个维度：权重`).fill(w);
    await page.getByLabel(`第 ${i + 1} 个维度：我方`).fill(own);
    await page.getByLabel(`第 ${i + 1} 个维度：对方`).fill(theirs);
    await page.getByLabel(`第 ${i + 1} 个维度：打分依据`).fill(note);
  }
  await page.getByRole("button", { name: "保存分析" }).click();
  await expect(page.getByText("分数应为 1–10 的整数")).toBeVisible();
  await page.getByLabel("第 3 个维度：我方").fill("9");
  await page.getByRole("button", { name: "保存分析" }).click();
  await expect(page.getByText("分析已保存").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "我方与白牌工厂各维度得分（1–10 分）" })).toBeVisible();
  await expect(page.getByRole("img", { name: "我方与白牌工厂各维度得分（1–10 分）" })).toBeVisible();
  await expect(page.getByRole("row", { name: /价格 2 6 10 短板 -4/ })).toBeVisible();
  await shot(page, "advantage", project);

  // a rep reads the catalogue and may write chains, but not edit the product; malformed ids are 404
  const productUrl = new URL(page.url()).pathname.replace(/\/advantage$/, "");
  await signOut(page);
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto(productUrl);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByRole("button", { name: "写一条 FAB 链" })).toBeVisible();
  await expect(page.getByRole("link", { name: "编辑", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "归档" })).toHaveCount(0);
  expect((await page.goto(`${productUrl}/edit`))?.status()).toBe(404);
  expect((await page.goto("/products/new"))?.status()).toBe(404);
  expect((await page.goto("/products/not-a-product"))?.status()).toBe(404);
  expect((await page.goto("/products/01890000-0000-7000-8000-000000000000/present"))?.status()).toBe(404);
  expect((await page.goto("/admin/processes"))?.status()).toBe(404);

  // the admin: a new process from the default stages, a stage moved down twice from the keyboard
  await signOut(page);
  await signIn(page, "admin@demo.cn");
  await page.goto("/admin/processes");
  await expect(page.getByRole("heading", { name: "流程管理" })).toBeVisible();
  const processName = uniqueName(`E2E 流程 ${project} `);
  await page.getByRole("button", { name: "新建流程" }).click();
  await page.getByLabel("流程名称").fill(processName);
  await page.getByRole("button", { name: "创建流程" }).click();
  await expect(page.getByText("流程已创建").first()).toBeVisible();
  const card = page.locator(`section[data-process="${processName}"]`);
  await expect(card.locator("li[data-stage]")).toHaveCount(8);
  const down = card.getByRole("button", { name: "下移「初次接触」" });
  await down.focus();
  await page.keyboard.press("Enter");
  await expect(card.locator("li[data-stage]").nth(1)).toHaveAttribute("data-stage", "初次接触");
  // the keyboard stays on the moved stage
  await expect(down).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(card.locator("li[data-stage]").nth(2)).toHaveAttribute("data-stage", "初次接触");
  await expect(card.getByText("「初次接触」已移到第 3 步")).toBeAttached();
  await shot(page, "processes", project);
  await page.reload();
  await expect(card.locator("li[data-stage]").first()).toHaveAttribute("data-stage", "兴趣激发");
  await expect(card.locator("li[data-stage]").nth(2)).toHaveAttribute("data-stage", "初次接触");

  // bad input: a probability over 100; a stage that still holds open deals cannot be archived
  await card.getByLabel("阶段名称").fill("安装验收");
  await card.getByLabel("成交概率（%）").fill("150");
  await card.getByRole("button", { name: "添加阶段" }).click();
  await expect(card.getByText("成交概率应为 0–100 的整数")).toBeVisible();
  const standard = page.locator('section[data-process="标准销售流程"]');
  await standard.getByRole("button", { name: "归档「初次接触」" }).click();
  await expect(page.getByText(/阶段「初次接触」中还有 \d+ 个进行中的交易/).first()).toBeVisible();
  await expect(standard.locator("li[data-stage]")).toHaveCount(8);
});
