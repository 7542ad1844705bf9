import { expect, type Page } from "@playwright/test";

export const PASSWORD = "zhike-demo";

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}

export async function signOut(page: Page) {
  await page.context().clearCookies();
}

/** Full-page screenshot under tests/e2e/screenshots/<project>-<name>.png (looked at by a person). */
export async function shot(page: Page, name: string, project: string) {
  await page.screenshot({ path: `tests/e2e/screenshots/${project}-${name}.png`, fullPage: true });
}

/** A name no demo customer has, unique per run and project. */
export function uniqueName(prefix: string) {
  const tail = "甲乙丙丁戊己庚辛壬癸";
  const n = Date.now() % 1000;
  return `${prefix}${tail[n % 10]}${tail[Math.floor(n / 10) % 10]}`;
}

/** A page header's secondary action: inline on a wide screen, behind 更多操作 on a phone. */
export async function headerAction(page: Page, name: string) {
  const more = page.locator("summary", { hasText: "更多操作" });
  if (await more.isVisible()) await more.click();
  return page.getByRole("link", { name, exact: true });
}
