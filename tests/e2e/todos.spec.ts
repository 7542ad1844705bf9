import { expect, test } from "@playwright/test";
import { shot, signIn } from "./fixtures";

/** Issue #4 §2: to-dos in four quadrants, moved by keyboard, by menu and by drag; done. */
test("to-do quadrants: add, keyboard move, menu move, drag, done", async ({ page }, info) => {
  const project = info.project.name;
  const title = `${project === "phone" ? "手机" : "桌面"}给刘总寄样品`;
  await signIn(page, "sz1.rep2@demo.cn");
  await page.goto("/todos");
  await page.getByLabel("待办内容").fill(title);
  await page.getByLabel("截止日期").fill("2026-12-01");
  await page.getByRole("button", { name: "添加" }).click();
  const q = (name: string) => page.locator(`section[data-quadrant='${name}']`);
  const card = () => page.locator(`li[data-todo='${title}']`);
  await expect(q("important_urgent").locator(`li[data-todo='${title}']`)).toBeVisible();

  // keyboard: Alt+→ moves from 重要又紧急 to 重要而不紧急
  await card().focus();
  await page.keyboard.press("Alt+ArrowRight");
  await expect(q("important_not_urgent").locator(`li[data-todo='${title}']`)).toBeVisible();
  await expect(card()).toBeFocused();
  // menu
  await page.getByLabel(`把「${title}」移到`).selectOption("neither");
  await expect(q("neither").locator(`li[data-todo='${title}']`)).toBeVisible();
  if (project === "desktop") {
    await card().dragTo(q("urgent_not_important"));
    await expect(q("urgent_not_important").locator(`li[data-todo='${title}']`)).toBeVisible();
  }
  await shot(page, "todos", project);
  await page.getByLabel(`完成：${title}`).check();
  await expect(page.getByText("已完成", { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(`完成：${title}`)).toBeChecked();
});
