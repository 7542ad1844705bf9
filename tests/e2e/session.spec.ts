import { expect, test } from "@playwright/test";
import { PASSWORD, signIn } from "./fixtures";

/** Issue #10 §4 — regression: a session cookie copied before sign-out kept working for 30 days. */
test("sign-out ends the session: a copied cookie replayed afterwards lands on /login", async ({ page, browser, baseURL }) => {
  await signIn(page, "sz1.rep1@demo.cn");
  const copied = await page.context().cookies();
  expect(copied.some((c) => c.name.endsWith("next-auth.session-token"))).toBe(true);

  // the copy works while the session lasts (so the replay below is a fair test)
  const before = await browser.newContext({ baseURL });
  await before.addCookies(copied);
  const beforePage = await before.newPage();
  await beforePage.goto("/customers");
  await expect(beforePage).toHaveURL(/\/customers/);
  await before.close();

  // sign out the way a user does: the user menu's 退出登录
  await page.locator("summary", { hasText: "打开用户菜单" }).click();
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);

  const thief = await browser.newContext({ baseURL });
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/customers");
  await expect(stolen).toHaveURL(/\/login/);
  await expect(stolen.getByLabel("邮箱")).toBeVisible();
  // routes resolve the viewer the same way
  expect((await stolen.request.get("/api/customers/search?q=a")).status()).toBe(401);
  await thief.close();

  // signing in again works as before
  await signIn(page, "sz1.rep1@demo.cn");
  await page.goto("/customers");
  await expect(page).toHaveURL(/\/customers/);
});

/** Issue #10 §5 — regression: /login?callbackUrl=/\evil.example sent the user to another site after a real sign-in. */
for (const callbackUrl of ["/%5Cevil.example", "/%09/evil.example", "%2F%2Fevil.example", "https%3A%2F%2Fevil.example"]) {
  test(`sign-in with callbackUrl=${callbackUrl} stays in the app`, async ({ page, baseURL }, info) => {
    test.skip(info.project.name !== "desktop", "the server's redirect: once is enough");
    await page.goto(`/login?callbackUrl=${callbackUrl}`);
    await page.getByLabel("邮箱").fill("sz1.rep2@demo.cn");
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await page.context().clearCookies();
  });
}
