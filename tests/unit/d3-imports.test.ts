import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

/**
 * Regression: the charts imported the whole "d3" umbrella (`import * as d3 from "d3"`), which ships every
 * d3 module to the browser. Client code imports only the d3-* submodules it uses.
 */
const ROOT = path.resolve(".");

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.(tsx?|mjs|js)$/.test(e.name) ? [rel] : [];
  });
}

const UMBRELLA = /(?:from|import|require)\s*\(?\s*["']d3["']/;

test('no file under components/ or app/ imports the "d3" umbrella package', () => {
  const offenders = ["components", "app"].flatMap(sources).filter((f) => UMBRELLA.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
  expect(offenders).toEqual([]);
});

test("the scan recognises the forms an umbrella import takes", () => {
  for (const s of ['import * as d3 from "d3";', "import { max } from 'd3';", 'const d3 = await import("d3");'])
    expect(UMBRELLA.test(s)).toBe(true);
  for (const s of ['import { scaleLinear } from "d3-scale";', 'import { line } from "d3-shape";']) expect(UMBRELLA.test(s)).toBe(false);
});

test("every d3-* submodule the charts import resolves to an installed package with its types", () => {
  const used = new Set(
    ["components", "app"].flatMap(sources).flatMap((f) => [...fs.readFileSync(path.join(ROOT, f), "utf8").matchAll(/from\s*["'](d3-[a-z-]+)["']/g)].map((m) => m[1])),
  );
  expect(used.size).toBeGreaterThan(0);
  for (const m of used) {
    expect(fs.existsSync(path.join(ROOT, "node_modules", m, "package.json")), m).toBe(true);
    expect(fs.existsSync(path.join(ROOT, "node_modules", "@types", m, "index.d.ts")), `@types/${m}`).toBe(true);
  }
});
