import { expect, test } from "@playwright/test";
import fs from "node:fs";
import matter from "gray-matter";
import { shot, signIn, signOut } from "./fixtures";

/** The lesson's own answer key (the page never holds it), to answer deliberately right or wrong. */
const answerKey = (slug: string) => (matter(fs.readFileSync(`content/training/${slug}.mdx`, "utf8")).data.quiz as { id: string; answer: number }[]).map((q) => q.answer);

/**
 * Issue #5 §6: a trainee reads a lesson, answers the quiz, sees progress; the manager sees it on
 * /training/team.
 */
test("a trainee takes a lesson and the manager sees the progress", async ({ page }, info) => {
  const project = info.project.name;
  await signIn(page, "sz1.rep2@demo.cn");
  await page.goto("/training");
  await expect(page.getByRole("heading", { name: "培训中心" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "销售六大核心技能" })).toBeVisible();
  await shot(page, "training", project);

  await page.goto("/training/first-impression");
  await expect(page.getByRole("heading", { level: 1, name: "轻松让客户产生好感的方法" })).toBeVisible();
  // read to the end: the read marker records it
  await page.getByRole("heading", { name: "小测验" }).first().scrollIntoViewIfNeeded();
  await page.keyboard.press("End");

  // answer every question with its first option, submit, then see the score
  const groups = page.locator("#quiz-title ~ form fieldset");
  const n = await groups.count();
  expect(n).toBeGreaterThanOrEqual(5);
  for (let i = 0; i < n; i++) await groups.nth(i).getByRole("radio").first().check();
  // the pass mark is shown before answering; submitting with Enter moves the focus to the result
  await expect(page.getByText("80 分及格").first()).toBeVisible();
  await page.getByRole("button", { name: "提交答案" }).press("Enter");
  const result = page.getByRole("status").filter({ hasText: "得分" });
  await expect(result).toBeVisible();
  await expect(result).toBeFocused();
  // a failed quiz says so, with the pass mark and what to review; a passed one says passed
  if ((await result.getAttribute("data-passed")) === "false") {
    await expect(result).toContainText("未通过");
    await expect(result).toContainText("80 分及格");
    await expect(result).toContainText("请复习第");
  } else await expect(result).toContainText("通过：");
  await shot(page, "lesson-quiz", project);

  await page.goto("/training");
  const card = page.locator('a[href="/training/first-impression"]');
  await expect(card).toContainText("测验");
  await expect(card).toContainText("已读");

  await signOut(page);
  await signIn(page, "sz1.manager@demo.cn");
  await page.goto("/training/team");
  const row = page.getByRole("row", { name: /刘雅婷/ });
  await expect(row).toBeVisible();
  await expect(row).not.toContainText("0 / 18");
  await expect(page.getByRole("heading", { name: "各课程的团队完成情况" })).toBeVisible();
  await shot(page, "training-team", project);
  // a rep of another unit is not in this manager's team
  await expect(page.getByRole("row", { name: /徐磊/ })).toHaveCount(0);

  // the trainee's progress per lesson
  const link = page.getByRole("link", { name: "查看刘雅婷每门课程的进度" });
  const href = (await link.getAttribute("href"))!;
  await link.click();
  await expect(page.getByRole("heading", { level: 1, name: "刘雅婷 的学习进度" })).toBeVisible();
  const lesson = page.getByTestId("lesson-first-impression");
  await expect(lesson).toContainText("学习中");
  await expect(lesson.getByRole("definition").nth(2)).toHaveText(/^\d+$/); // the best score
  await shot(page, "training-trainee", project);

  // the manager of another unit gets a 404 for the same page
  await signOut(page);
  await signIn(page, "sz2.manager@demo.cn");
  expect((await page.goto(href))?.status()).toBe(404);
  expect((await page.goto("/training/team/not-a-uuid"))?.status()).toBe(404);
});

test("an unknown lesson is 404; a rep has no team page", async ({ page }) => {
  await signIn(page, "sz1.rep1@demo.cn");
  expect((await page.goto("/training/no-such-lesson"))?.status()).toBe(404);
  expect((await page.goto("/training/..%2F..%2Fetc%2Fpasswd"))?.status()).toBe(404);
  expect((await page.goto("/training/team"))?.status()).toBe(404);
});

test("modules link to the lessons that teach them", async ({ page }, info) => {
  await signIn(page, "sz1.rep1@demo.cn");
  // the customer list: the three methods of the profile, in a disclosure
  await page.goto("/customers");
  await page.locator("summary", { hasText: "学习方法" }).click();
  const menu = page.locator("details[open] ul");
  await expect(menu.getByRole("link")).toHaveCount(3);
  await menu.getByRole("link", { name: /轻松让客户产生好感的方法/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "轻松让客户产生好感的方法" })).toBeVisible();
  // and the lesson opens the module again
  await expect(page.getByRole("link", { name: "打开“第一印象”" })).toHaveAttribute("href", "/customers");

  // a customer's profile: each field group links to its own method, told apart by the accessible name
  await page.goto("/customers");
  await page.locator('a[href^="/customers/0"]:visible').first().click();
  await expect(page.getByRole("heading", { level: 2, name: "个性描述" })).toBeVisible();
  // on a phone the field groups are closed (issue #18 §1): one tap opens the group first
  if (info.project.name === "phone") await page.locator("summary", { hasText: "个性描述" }).click();
  await page.getByRole("link", { name: "学习方法：轻松与客户交往的方法" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "轻松与客户交往的方法" })).toBeVisible();
});

/**
 * A module not built yet says so (统计分析 is the last; no lesson teaches it, so its page lists none — the lessons of
 * the modules built since, 服务营销 and 人脉营销, open on built pages: tests/unit/lessons.test.ts).
 */
test("a module not built yet says so plainly, without a lesson list when no lesson teaches it", async ({ page }, info) => {
  await signIn(page, "sz1.manager@demo.cn");
  await page.goto("/analytics");
  await expect(page.getByRole("heading", { level: 1, name: "统计分析" })).toBeVisible();
  await expect(page.getByText("这个模块还在建设中，尚不能使用。")).toBeVisible();
  await expect(page.locator("#not-built-lessons")).toHaveCount(0);
  await shot(page, "not-built", info.project.name);
});

/** Issue #18 §3–4: a failed quiz is shown as failed, with the pass mark and what to review; a pass as passed. */
test("a failed quiz says failed, a passed one passed; the focus goes to the result", async ({ page }, info) => {
  await signIn(page, info.project.name === "phone" ? "sh.rep1@demo.cn" : "sz2.rep1@demo.cn");
  await page.goto("/training/first-impression");
  const key = answerKey("first-impression");
  const groups = page.locator("#quiz-title ~ form fieldset");
  await expect(groups).toHaveCount(key.length);
  for (let i = 0; i < key.length; i++) await groups.nth(i).getByRole("radio").nth(key[i] === 0 ? 1 : 0).check();
  await page.getByRole("button", { name: "提交答案" }).press("Enter");
  const result = page.getByRole("status").filter({ hasText: "得分" });
  await expect(result).toBeFocused();
  await expect(result).toHaveAttribute("data-passed", "false");
  await expect(result).toContainText(`未通过：答对 0 / ${key.length} 题，得分 0，80 分及格`);
  await expect(result).toContainText(`请复习第 ${key.map((_, i) => i + 1).join("、")} 题`);
  await expect(page.getByText("测验未通过：得分 0，80 分及格")).toBeVisible();
  await shot(page, "quiz-failed", info.project.name);

  for (let i = 0; i < key.length; i++) await groups.nth(i).getByRole("radio").nth(key[i]).check();
  await page.getByRole("button", { name: "再测一次" }).press("Enter");
  await expect(result).toHaveAttribute("data-passed", "true");
  await expect(result).toContainText(`通过：答对 ${key.length} / ${key.length} 题，得分 100（80 分及格）`);
  await expect(result).toBeFocused();
});

/** Issue #18 item 5: the English UI reads the English lesson, quiz included, with an English title. */
test("in English, a lesson and its quiz are in English", async ({ page, baseURL }) => {
  await signIn(page, "sz1.rep1@demo.cn");
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: baseURL! }]);
  await page.goto("/training");
  await expect(page.getByRole("link", { name: /Making a good impression on customers, easily/ })).toBeVisible();
  await page.goto("/training/first-impression");
  await expect(page.getByRole("heading", { level: 1, name: "Making a good impression on customers, easily" })).toBeVisible();
  await expect(page).toHaveTitle(/Making a good impression on customers, easily/);
  await expect(page.getByText("What does the 'primacy effect' in psychology describe?")).toBeVisible();
  expect(await page.locator("article").innerText()).not.toMatch(/\p{Script=Han}/u);
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "zh-CN", url: baseURL! }]);
});
