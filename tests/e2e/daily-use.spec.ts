import { expect, test } from "@playwright/test";
import { shot, signIn, uniqueName } from "./fixtures";

/**
 * Issue #18: what a day of real use turned up, on a phone and on a desktop — the profile leads with the
 * next action, a new deal is a deal in progress, and the keyboard focus is never lost.
 */

test("the profile on a phone leads with 记录交流, call, message and directions; the long groups are closed", async ({ page }, info) => {
  const project = info.project.name;
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/customers/new");
  const name = uniqueName("快捷操作");
  await page.getByLabel("客户姓名").fill(name);
  const mobile = project === "phone" ? "13912345671" : "13912345672";
  await page.getByLabel("手机").fill(mobile);
  await page.getByLabel("地址", { exact: true }).fill("深圳市南山区科技园南区 8 栋");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  const bar = page.getByRole("navigation", { name: "快捷操作" });
  const acquaintance = page.locator("details", { has: page.getByRole("heading", { name: "认识信息" }) });
  if (project === "phone") {
    await expect(bar).toBeVisible();
    await expect(bar.getByRole("link", { name: "打电话" })).toHaveAttribute("href", `tel:${mobile}`);
    await expect(bar.getByRole("link", { name: "发短信" })).toHaveAttribute("href", `sms:${mobile}`);
    await expect(bar.getByRole("link", { name: "导航" })).toHaveAttribute("href", /uri\.amap\.com.*keyword=/);
    // the bar is above the fold, the field groups are closed (one tap opens them)
    const box = await bar.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(844);
    await expect(acquaintance).not.toHaveAttribute("open", /.*/);
    await expect(acquaintance.getByText("介绍人（客户）")).toBeHidden();
    await shot(page, "profile-actions", project);
    // 记录交流 opens the form where it is, with the focus in it
    await bar.getByRole("link", { name: "记录交流" }).click();
    await expect(page.locator("details#log-communication")).toHaveAttribute("open", "");
    await expect(page.locator("details#log-communication :focus")).toHaveCount(1);
    await acquaintance.locator(":scope > summary").click();
    await expect(acquaintance.getByText("介绍人（客户）")).toBeVisible();
  } else {
    // on a desktop every group is shown open and the actions sit in the header and the timeline
    await expect(bar).toBeHidden();
    await expect(acquaintance.getByText("介绍人（客户）")).toBeVisible();
    await shot(page, "profile-desktop", project);
  }
});

test("a new deal is a deal in progress: closing it is behind a button, and 稍后再填 gives the focus back", async ({ page }, info) => {
  await signIn(page, "sz1.rep2@demo.cn");
  await page.goto("/customers/new");
  await page.getByLabel("客户姓名").fill(uniqueName("新交易"));
  await page.getByRole("button", { name: "保存" }).click();
  await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
  await page.goto(`/deals/new?customer=${new URL(page.url()).pathname.split("/").pop()}`);
  await page.getByLabel("交易名称").fill(uniqueName("进行中"));
  await page.getByRole("button", { name: "保存交易" }).click();
  await page.waitForURL(/\/deals\/[0-9a-f-]{36}$/);
  // none of the close form's fields is on the page until asked for
  await expect(page.getByLabel("经验总结")).toHaveCount(0);
  await expect(page.getByLabel("交易金额（元）")).toHaveCount(0);
  await shot(page, "deal-new", info.project.name);
  const won = page.getByRole("button", { name: "已成交，填写收入" });
  await won.click();
  await expect(won).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByLabel("交易金额（元）")).toBeFocused();
  await expect(page.getByLabel("成功原因分析")).toBeVisible();
  await page.getByRole("button", { name: "稍后再填" }).click();
  await expect(page.getByLabel("经验总结")).toHaveCount(0);
  await expect(won).toBeFocused();
  // 交易失败 opens the form with 失败 chosen: a failure analysis, no revenue
  await page.getByRole("button", { name: "交易失败" }).click();
  await expect(page.getByLabel("失败原因分析")).toBeVisible();
  await expect(page.getByLabel("交易金额（元）")).toHaveCount(0);
});

test("the 更多 drawer gives the focus back to 更多 when it closes", async ({ page }, info) => {
  test.skip(info.project.name !== "phone", "the bottom bar is the phone's navigation");
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/todos");
  const more = page.getByRole("button", { name: "更多" });
  await more.click();
  const drawer = page.getByRole("dialog");
  await expect(drawer).toBeVisible();
  // the backdrop is a button too (not in the tab order); the drawer's own 关闭 takes the focus
  const close = drawer.getByRole("button", { name: "关闭" }).nth(1);
  await expect(close).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(more).toBeFocused();
  await more.click();
  await close.click();
  await expect(more).toBeFocused();
});

test("phone layout: no empty parameters in search URLs, whole mobile numbers, unbroken dates, full quadrant labels", async ({ page }, info) => {
  await signIn(page, "sz1.rep1@demo.cn");
  // a search from the list, filters untouched: only what was typed is in the URL
  await page.goto("/customers");
  await page.getByRole("searchbox").fill("chen");
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(/\/customers\?q=chen(&sort=updated&dir=desc)?$/);
  // the dashboard's quick search too
  await page.goto("/");
  const box = page.getByRole("search").getByRole("searchbox");
  await box.fill("chen");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/customers\?q=chen$/);
  // list cards show the whole mobile number
  await page.goto("/customers");
  if (info.project.name === "phone") {
    const mobile = page.locator("ul.md\\:hidden .value-nowrap").first();
    await expect(mobile).toHaveText(/1\d{10}/);
    const [shown, full] = await mobile.evaluate((el) => [el.clientWidth, el.scrollWidth]);
    expect(shown).toBeGreaterThanOrEqual(full);
  }
  // dates and phone numbers never wrap inside themselves
  await page.goto("/reminders");
  const when = page.locator("li[data-kind] time").first();
  await expect(when).toBeVisible();
  expect(await when.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe("nowrap");
  // the to-do quadrant menu names each quadrant in full
  await page.goto("/todos");
  const menu = page.locator("select[id^='mv-']").first();
  await expect(menu).toBeVisible();
  expect(await menu.locator("option").allTextContents()).toEqual(["重要又紧急", "重要而不紧急", "不重要但紧急", "不重要也不紧急"]);
  await shot(page, "todos", info.project.name);
});
