import { expect, type BrowserContext, type Page } from "@playwright/test";

export const PASSWORD = "zhike-demo";

type Cookies = Awaited<ReturnType<BrowserContext["cookies"]>>;

/**
 * The session cookies of demo users signed in earlier in this worker. A test signs in through the form the
 * first time a user is needed; after that the user's cookie is put back and the dashboard opened, which is
 * where the form leads too. A cookie the server no longer honours (signed out with 退出登录, password, role or
 * unit changed: the session generation moved on) sends the dashboard to /login, and the form is used again.
 */
const sessions = new Map<string, Cookies>();

export async function signIn(page: Page, email: string, password = PASSWORD) {
  const kept = password === PASSWORD ? sessions.get(email) : undefined;
  if (kept) {
    await page.context().addCookies(kept);
    await page.goto("/");
    if (!new URL(page.url()).pathname.startsWith("/login")) return;
    sessions.delete(email);
    for (const c of kept) await page.context().clearCookies({ name: c.name });
  }
  await page.goto("/login");
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
  const cookies = (await page.context().cookies()).filter((c) => c.name.includes("session-token"));
  if (password === PASSWORD && cookies.length) sessions.set(email, cookies);
}

export async function signOut(page: Page) {
  await page.context().clearCookies();
}

/** Full-page screenshot under tests/e2e/screenshots/<project>-<name>.png (looked at by a person). */
export async function shot(page: Page, name: string, project: string) {
  if (process.env.E2E_SHOTS === "0") return;
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
