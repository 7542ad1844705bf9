import { expect, test } from "@playwright/test";
import { shot, signIn, signOut } from "./fixtures";

/**
 * Issue #14 §7 (the admin half): an admin creates a unit and a user; the user signs in with the initial
 * password, is held on the change-password page until they choose their own, signs in again and adds a
 * customer. Screenshots of every admin page at both sizes.
 */
test("an admin creates a unit and a user, who must change the password before adding a customer", async ({ page }, info) => {
  const project = info.project.name;
  const unitName = project === "phone" ? "成都业务部" : "重庆业务部";
  const email = `${project}.newrep@demo.cn`;
  const customerName = project === "phone" ? "蔺婉清" : "蔺子墨";

  await signIn(page, "admin@demo.cn");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "组织架构" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "系统管理" }).getByRole("link", { name: "流程管理" })).toBeVisible();
  await shot(page, "admin-org", project);

  // a new department under the head office (the first row)
  // on a phone each row's actions are in its 操作 menu
  if (project === "phone") await page.locator("summary", { hasText: "操作" }).first().click();
  await page.locator("button:visible", { hasText: "新建下级" }).first().click();
  const unitForm = page.getByRole("form", { name: "新建部门" });
  await unitForm.getByLabel("类型").selectOption({ label: "业务部" });
  await unitForm.getByLabel("部门名称").fill(unitName);
  await unitForm.getByRole("button", { name: "创建" }).click();
  await expect(page.locator("li span.font-medium", { hasText: unitName })).toBeVisible();
  await expect(page.getByRole("form", { name: "新建部门" })).toHaveCount(0);

  // a user in it, with an initial password
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "用户", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "新建用户" }).click();
  const userForm = page.getByRole("form", { name: "新建用户" });
  await userForm.getByRole("button", { name: "创建用户" }).click();
  await expect(userForm.getByText("请填写姓名")).toBeVisible();
  await userForm.getByLabel("姓名").fill("新同事");
  await userForm.getByLabel("邮箱").fill(email);
  await userForm.getByLabel("部门").selectOption({ label: `\u3000${unitName}` });
  await userForm.getByLabel("角色").selectOption({ label: "业务员" });
  await userForm.getByLabel("初始密码").fill("start2026");
  await shot(page, "admin-user-new", project);
  await userForm.getByRole("button", { name: "创建用户" }).click();
  await expect(page.getByRole("status").filter({ hasText: "start2026" })).toBeVisible();
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await expect(page.getByText("待改密码").first()).toBeVisible();
  await shot(page, "admin-users", project);
  await page.getByRole("link", { name: /新同事/ }).click();
  await expect(page.getByRole("heading", { name: "新同事" })).toBeVisible();
  await shot(page, "admin-user", project);

  // the other sections, looked at
  await page.goto("/admin/roles");
  await expect(page.getByText("内置模板").first()).toBeVisible();
  await shot(page, "admin-roles", project);
  await page.getByRole("link", { name: "部门经理" }).first().click();
  await expect(page.getByText("内置角色是模板，不能修改。请复制后修改副本。")).toBeVisible();
  await shot(page, "admin-role", project);
  await page.goto("/admin/dictionaries?kind=city");
  await expect(page.getByRole("heading", { name: "数据字典" })).toBeVisible();
  await shot(page, "admin-dictionaries", project);
  await page.goto("/admin/audit");
  await expect(page.locator("ol li").getByText(/org_unit/).first()).toBeVisible();
  await shot(page, "admin-audit", project);

  // the new user: the initial password leads to the change-password page, from every page
  await signOut(page);
  await page.goto("/login");
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill("start2026");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/password$/);
  await page.goto("/customers/new");
  await expect(page).toHaveURL(/\/password$/);
  // the API holds nothing for the session either (no permission until the password is changed)
  expect(await (await page.request.get("/api/customers/search?q=a")).json()).toEqual({ rows: [] });
  await shot(page, "password", project);
  await page.locator("#pw-currentPassword").fill("start2026");
  await page.locator("#pw-password").fill("mine2026x");
  await page.locator("#pw-confirmPassword").fill("mine2026y");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByText("两次输入的新密码不一致")).toBeVisible();
  // password fields are never sent back: typed again
  await page.locator("#pw-currentPassword").fill("start2026");
  await page.locator("#pw-password").fill("mine2026x");
  await page.locator("#pw-confirmPassword").fill("mine2026x");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page).toHaveURL(/\/login/, { timeout: 30_000 });
  await expect(page.getByText("密码已修改，请用新密码重新登录。")).toBeVisible();

  await signIn(page, email, "mine2026x");
  await page.goto("/customers/new");
  await page.getByLabel("客户姓名").fill(customerName);
  await page.getByLabel("手机").fill(project === "phone" ? "13980001111" : "13980002222");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: new RegExp(customerName) })).toBeVisible();
});

test("the GM views the admin console read-only; a rep has no admin console", async ({ page }) => {
  await signIn(page, "gm@demo.cn");
  await page.goto("/admin/users");
  await expect(page.getByText("您可以查看系统管理，但不能修改。")).toBeVisible();
  await expect(page.getByRole("button", { name: "新建用户" })).toHaveCount(0);
  await page.goto("/admin");
  await expect(page.getByRole("button", { name: "重命名" })).toHaveCount(0);
  await signOut(page);
  await signIn(page, "sz1.rep1@demo.cn");
  for (const path of ["/admin", "/admin/users", "/admin/roles", "/admin/audit"]) expect((await page.goto(path))?.status(), path).toBe(404);
  expect((await page.request.get("/api/admin/audit/export")).status()).toBe(404);
});
