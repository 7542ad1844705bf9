import { expect, test } from "@playwright/test";
import { shot, signIn, signOut } from "./fixtures";

/**
 * Issue #3 §8: a rep logs a visit with the quick form, moves a deal on the kanban to 签约 and writes its
 * summary; the manager then sees it in the funnel, the deals drill-down and the stage statistics.
 */
test("visit → kanban → close with summary → manager's funnel and stage statistics", async ({ page }, info) => {
  const project = info.project.name;
  const topic = `上门拜访 ${project} ${Date.now() % 10000}`;

  test.setTimeout(180_000);
  // the first request of a fresh server loads the demo company: give it time once
  await signIn(page, "sz1.rep1@demo.cn").catch(() => signIn(page, "sz1.rep1@demo.cn"));
  // a customer of this rep (demo data)
  const customerName = "鹏程物流";

  // the quick form
  await page.goto("/communications/new");
  await expect(page.getByRole("heading", { name: "快速记录交流" })).toBeVisible();
  await page.getByRole("combobox", { name: "客户 *" }).fill(customerName);
  await page.getByRole("option").first().click();
  await page.getByText("拜访", { exact: true }).click();
  await page.getByLabel("交流主题").fill(topic);
  await page.getByText("很感兴趣").click();
  await page.getByLabel("交流纪要").fill("客户对新品很感兴趣，希望下周看报价");
  await page.getByRole("button", { name: "3 天后" }).click();
  await shot(page, "communication-quick-form", project);
  await page.getByRole("button", { name: "保存记录" }).click();
  await expect(page.getByText("交流记录已保存")).toBeVisible();
  await page.getByRole("link", { name: "查看客户" }).click();
  await expect(page.getByText(topic)).toBeVisible();
  await shot(page, "customer-timeline", project);

  // server-side validation: Chinese field error, nothing saved
  await page.goto("/communications/new");
  await page.getByRole("button", { name: "保存记录" }).click();
  await expect(page.getByText("请选择客户")).toBeVisible();
  await expect(page.getByText("请填写交流主题")).toBeVisible();

  // the overview
  await page.goto("/communications");
  await expect(page.getByText(topic).first()).toBeAttached();
  await shot(page, "communications-overview", project);

  // the kanban: move a deal to 签约 with the move menu and close it with its summary
  await page.goto("/pipeline");
  await expect(page.getByRole("heading", { name: "销售流程看板" })).toBeVisible();
  const card = page.locator("section[data-stage]:not([data-stage='签约']) li[data-deal]").first();
  const title = (await card.getAttribute("data-deal"))!;
  await shot(page, "pipeline", project);
  const signed = page.locator("section[data-stage='签约'] [data-count]");
  const signedBefore = Number(await signed.getAttribute("data-count"));
  await card.getByRole("combobox").selectOption({ label: "签约" });
  await expect(page.getByText(`“${title}”已移到「签约」`).first()).toBeVisible();
  // the column headers follow the move, and the close
  await expect(signed).toHaveAttribute("data-count", String(signedBefore + 1));
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: `关闭交易：${title}` })).toBeVisible();
  // summary is required
  await dialog.getByLabel("交易金额（元）").fill("-5");
  await dialog.getByRole("button", { name: "保存并关闭交易" }).click();
  await expect(dialog.getByText("金额不能为负数")).toBeVisible();
  await dialog.getByLabel("交易金额（元）").fill("38800");
  await dialog.getByRole("button", { name: "保存并关闭交易" }).click();
  await expect(dialog.getByText("成交时请填写成功原因分析")).toBeVisible();
  await expect(dialog.getByText("请填写经验总结")).toBeVisible();
  await dialog.getByLabel("合同编号").fill(`ZK-E2E-${project}`);
  await dialog.getByLabel("成功原因分析").fill("演示打动了决策者");
  await dialog.getByLabel("经验总结").fill("尽早约见决策者");
  await shot(page, "close-deal", project);
  await dialog.getByRole("button", { name: "保存并关闭交易" }).click();
  await expect(page.getByText("交易已关闭，总结已保存")).toBeVisible();
  await expect(page.locator(`li[data-deal="${title}"]`)).toHaveCount(0);
  // the dialog closed and its card left the board: the focus is on the card's column, not lost
  await expect(page.locator("section[data-stage='签约'] h2")).toBeFocused();
  await expect(signed).toHaveAttribute("data-count", String(signedBefore));

  // keyboard move (desktop): Space picks up, → chooses, Space drops
  if (project === "desktop") {
    const stageNames = await page.locator("section[data-stage]").evaluateAll((els) => els.map((e) => e.getAttribute("data-stage")!));
    const from = await page.locator("section[data-stage]").evaluateAll((els) => els.findIndex((e, i) => i < els.length - 2 && e.querySelector("li[data-deal]")));
    const kb = page.locator(`section[data-stage='${stageNames[from]}'] li[data-deal]`).first();
    const kbTitle = (await kb.getAttribute("data-deal"))!;
    await kb.getByRole("button", { name: kbTitle }).focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Space");
    await expect(page.getByText(`“${kbTitle}”已移到「${stageNames[from + 1]}」`).first()).toBeVisible();
    // the focus moved with the card to its new column (issue #18 §3), so a second move needs no mouse
    const moved = page.locator(`section[data-stage='${stageNames[from + 1]}'] li[data-deal="${kbTitle}"]`);
    await expect(moved.getByRole("button", { name: kbTitle })).toBeFocused();
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Space");
    await expect(page.locator(`section[data-stage='${stageNames[from]}'] li[data-deal="${kbTitle}"]`).getByRole("button", { name: kbTitle })).toBeFocused();
  }

  // the manager sees the closed deal in the drill-down, the funnel and the stage statistics
  await signOut(page);
  await signIn(page, "sz1.manager@demo.cn");
  await page.goto("/analytics/funnel");
  await expect(page.getByRole("heading", { name: "销售漏斗图" })).toBeVisible();
  await expect(page.locator("tr[data-stage='签约']")).toBeVisible();
  await shot(page, "funnel", project);
  await page.goto("/deals?status=won");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByText("演示打动了决策者")).toBeVisible();
  await shot(page, "deal", project);
  await page.goto("/analytics/stages");
  await expect(page.getByRole("heading", { name: "客户五级分类统计" })).toBeVisible();
  await shot(page, "stages", project);

  // another branch's rep: the deal is a 404
  const dealUrl = await page.goto("/deals?status=won").then(() => page.getByRole("link", { name: title }).getAttribute("href"));
  await signOut(page);
  await signIn(page, "sh.rep1@demo.cn");
  const res = await page.goto(dealUrl!);
  expect(res?.status()).toBe(404);
});
