import { chromium } from "playwright";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const context = await browser.newContext();
const page = await context.newPage();
page.on("console", (m) => console.log("console:", m.type(), m.text().slice(0, 300)));
context.on("serviceworker", (w) => { console.log("sw", w.url()); });
await page.goto("http://localhost:3150/login");
await page.getByLabel("邮箱").fill("sz1.rep1@demo.cn");
await page.getByLabel("密码").fill("zhike-demo");
await page.getByRole("button", { name: "登录" }).click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"));
await page.waitForTimeout(12000);
console.log("controller", await page.evaluate(() => !!navigator.serviceWorker.controller), await page.evaluate(async () => !!(await caches.match("/field"))));
await context.setOffline(true);
try { await page.goto("http://localhost:3150/customers"); } catch (e) { console.log("goto failed", e.message.split("\n")[0]); }
console.log("url", page.url()); await page.waitForTimeout(3000); console.log((await page.locator("main").innerText()).slice(0,300));
const r = await page.evaluate(async () => { try { const x = await fetch("/customers", { redirect: "manual" }); return x.type + " " + x.status; } catch (e) { return "fetch err " + e.message; } });
console.log("fetch", r);
await browser.close();
