import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

/**
 * Issue #10 §7: bad input in a URL never gives a 500. Impossible dates (2026-02-30, 0000-01-01), forged
 * cursors and NUL bytes in a search used to reach Postgres and fail; every list page and the GET routes,
 * requested as a signed-in GM, must answer below 500 (a bad filter is ignored, the list shows).
 */
const b64 = (s: string) => Buffer.from(s).toString("base64url");
const U = "0195f0a0-0000-7000-8000-000000000001";
const LONG = "a".repeat(3000);

const BAD: string[] = [
  "from=2026-02-30&to=2026-02-31",
  "from=0000-01-01&to=0000-01-01",
  "from=2026-13-01&to=99999-01-01",
  "q=%00",
  "q=%E5%BC%A0%00%E4%B8%89&grade=%00",
  "q=%01%1F%7F",
  `q=${LONG}`,
  `cursor=${b64("garbage")}`,
  `cursor=${b64(`["2026-02-30 10:00:00+08","${U}"]`)}`,
  `cursor=${b64(`["not a date","${U}"]`)}`,
  `cursor=${b64(`["2026-03-01 10:00:00+08","------------------------------------"]`)}`,
  `cursor=${b64(`["a\\u0000b","${U}"]`)}&sort=name`,
  "cursor=!!!!&sort=contact&dir=asc",
  "owner=%00&unit=not-a-uuid&customer=------------------------------------",
  "stage=%00&status=%00&method=%00&interest=1e400&kind=%00&sort=%00&dir=%00",
  "interest=99999999999999999999999&stage=vip",
  "from=2026-02-30&from=2026-03-01&q=%00&q=ok",
  "by=%00&process=2026-02-30&product=%00",
  "show=%00&status=%00&type=%00&vs=%00",
  `process=${U}&stage=${U}&cursor=${b64(`["2026-02-30","${U}"]`)}`,
  `stage=${U}&cursor=${b64(`["infinity","${U}"]`)}&owner=${U}&product=%00`,
];

const PAGES = ["/customers", "/customers?deleted=1", "/communications", "/deals", "/analytics/funnel", "/analytics/stages", "/products", "/products?status=all", "/pipeline", "/plans", "/plans/review", "/reminders", "/reminders/forgetting", "/todos"];
const ROUTES = ["/api/customers/search", "/api/customers/export", "/api/pipeline/deals"];

const join = (path: string, qs: string) => `${path}${path.includes("?") ? "&" : "?"}${qs}`;

test.describe.configure({ mode: "serial" });

test("every list page answers bad parameters without a server error", async ({ page }, info) => {
  test.skip(info.project.name !== "desktop", "the server's answers: once is enough");
  test.setTimeout(600_000);
  // the first request of a fresh server loads the demo company: give it time once
  await signIn(page, "gm@demo.cn").catch(() => signIn(page, "gm@demo.cn"));
  const failures: string[] = [];
  for (const path of [...PAGES, ...ROUTES]) {
    for (const qs of BAD) {
      const url = join(path, qs);
      const res = await page.request.get(url, { maxRedirects: 0 });
      if (res.status() >= 500) failures.push(`${res.status()} ${url.slice(0, 160)}`);
    }
  }
  expect(failures).toEqual([]);
});

test("a bad filter is ignored: the page still lists, the date field is left empty", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "gm@demo.cn").catch(() => signIn(page, "gm@demo.cn"));
  const res = await page.goto("/communications?from=2026-02-30");
  expect(res?.status()).toBe(200);
  await expect(page.locator('input[name="from"]')).toHaveValue("");
  const deals = await page.goto("/deals?from=0000-01-01");
  expect(deals?.status()).toBe(200);
  const products = await page.goto("/products?q=%00");
  expect(products?.status()).toBe(200);
});

test("deal file downloads with malformed ids are refused, not 500", async ({ page }, info) => {
  test.skip(info.project.name !== "desktop", "HTTP only: once is enough");
  await signIn(page, "gm@demo.cn").catch(() => signIn(page, "gm@demo.cn"));
  for (const [id, fileId] of [["%00", "%00"], ["not-a-uuid", U], [U, "------------------------------------"], [U, U]]) {
    const res = await page.request.get(`/api/deals/${id}/files/${fileId}`, { maxRedirects: 0 });
    // a NUL in the path may be refused by the server before the route (400); either way never a 500 or a file
    expect([400, 404], `${id}/${fileId}`).toContain(res.status());
  }
});
