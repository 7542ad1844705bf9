import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

function pages(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? pages(p) : e.name === "page.tsx" ? [p] : [];
  });
}

/** Every page names itself in the browser tab (in the reader's language, through the layout's "%s · 知客" template). */
test("every page has a title: it exports generateMetadata or metadata with a title", () => {
  const missing = pages("app").filter((p) => {
    const src = fs.readFileSync(p, "utf8");
    return !(/export (async )?function generateMetadata/.test(src) || /export const metadata/.test(src)) || !/title/.test(src);
  });
  expect(missing).toEqual([]);
});
