import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

/**
 * Regression: requestIp, getCustomerActivity, touchCustomerContact, getDictionary, updateTodo and
 * hasPermission were exported and called from nowhere — code that looks like a supported path (and gets
 * reviewed, or relied on) while nothing exercises it. An exported function of lib/, db/ or components/
 * must be used somewhere: another file (tests count) or its own.
 */
const ROOT = path.resolve(".");
const SKIP = new Set(["node_modules", ".next", ".git", "public", "content", "messages"]);

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir === "." ? e.name : path.join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) || e.name.startsWith(".") ? [] : sources(rel);
    return /\.(tsx?|mjs)$/.test(e.name) ? [rel] : [];
  });
}

const EXPORTED_FN = /^export\s+(?:async\s+)?(?:function\*?\s+(\w+)|const\s+(\w+)\s*=\s*(?:async\s+)?(?:\([^)]*\)|\w+)\s*(?::[^=]+)?=>)/gm;

test("every exported function is used somewhere", () => {
  // this file names the removed functions, which must not count as a use
  const all = sources(".").filter((f) => f !== path.join("tests", "unit", "dead-code.test.ts"));
  const text = new Map(all.map((f) => [f, fs.readFileSync(path.join(ROOT, f), "utf8")]));
  const unused: string[] = [];
  for (const f of all.filter((f) => /^(lib|db|components)\//.test(f))) {
    for (const m of text.get(f)!.matchAll(EXPORTED_FN)) {
      const name = m[1] ?? m[2];
      const word = new RegExp(`\\b${name}\\b`, "g");
      const inOwn = text.get(f)!.match(word)!.length;
      const elsewhere = all.some((g) => g !== f && word.test(text.get(g)!));
      if (inOwn < 2 && !elsewhere) unused.push(`${f}: ${name}`);
    }
  }
  expect(unused).toEqual([]);
});

test("the scan sees both ways a function is exported", () => {
  const src = "export async function getX(db: Db) {}\nexport const updateY = (db: Db, id: string) => patch(db, id);\nexport const Z = 3;\nexport function* rows() {}\n";
  expect([...src.matchAll(EXPORTED_FN)].map((m) => m[1] ?? m[2])).toEqual(["getX", "updateY", "rows"]);
});
