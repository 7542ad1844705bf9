import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { LOCALES } from "@/i18n/config";
import { loadMessages } from "@/i18n/messages";
import { pickMessages } from "@/i18n/pick";

/**
 * Pages hand their client components only the message namespaces those use (<ClientMessages>), so a
 * client component whose namespace its page does not list would show raw keys. This walks every page's
 * imports, collects `useTranslations("…")` from the client side of the tree and checks the page (or the
 * nearest layout above it) lists each one.
 */
const ROOT = path.resolve(".");
const source = (f: string) => fs.readFileSync(f, "utf8");

function resolve(from: string, spec: string) {
  const base = spec.startsWith("@/") ? path.join(ROOT, spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(from), spec) : null;
  if (!base) return null;
  for (const ext of ["", ".tsx", ".ts", "/index.tsx", "/index.ts"]) if (fs.existsSync(base + ext) && fs.statSync(base + ext).isFile()) return base + ext;
  return null;
}

const imports = (f: string) => [...source(f).matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => resolve(f, m[1])).filter((x): x is string => !!x);
const directive = (f: string, d: string) => source(f).trimStart().startsWith(`"${d}"`);

/** Namespaces of `useTranslations` in the client components a file renders (itself included if it is one). */
function clientNamespaces(entry: string) {
  const used = new Map<string, string>();
  const seen = new Set<string>();
  const walk = (f: string, client: boolean) => {
    const key = `${f}:${client}`;
    if (seen.has(key) || directive(f, "use server")) return;
    seen.add(key);
    const isClient = client || directive(f, "use client");
    if (isClient) {
      for (const m of source(f).matchAll(/useTranslations\("([^"]+)"\)/g)) used.set(m[1], path.relative(ROOT, f));
      // all messages at once cannot be listed: client components name their namespace
      if (/useTranslations\(\)/.test(source(f))) used.set("(no namespace)", path.relative(ROOT, f));
    }
    for (const d of imports(f)) walk(d, isClient);
  };
  walk(entry, false);
  return used;
}

const declared = (f: string) => {
  const m = source(f).match(/<ClientMessages namespaces=\{\[([^\]]*)\]\}/);
  return m ? [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : null;
};

/** What the nearest <ClientMessages> above a page or layout gives: its own, else the closest layout's. */
function available(file: string) {
  const own = declared(file);
  if (own) return own;
  for (let dir = path.dirname(file); dir.startsWith(path.join(ROOT, "app")); dir = path.dirname(dir)) {
    const layout = path.join(dir, "layout.tsx");
    if (layout !== file && fs.existsSync(layout) && declared(layout)) return declared(layout)!;
  }
  return [];
}

const routeFiles = (fs.readdirSync("app", { recursive: true }) as string[])
  .filter((f) => /(^|\/)(page|layout|loading|not-found|error)\.tsx$/.test(f))
  .map((f) => path.join(ROOT, "app", f));

describe("client components get the messages they use", () => {
  test.each(routeFiles.map((f) => [path.relative(ROOT, f), f]))("%s", (_, file) => {
    const have = available(file);
    for (const [ns, by] of clientNamespaces(file)) {
      expect(
        have.some((h) => ns === h || ns.startsWith(`${h}.`)),
        `${by} uses "${ns}"; list it in <ClientMessages> (has ${JSON.stringify(have)})`,
      ).toBe(true);
    }
  });
});

test("every listed namespace exists in both locales", async () => {
  const lists = routeFiles.map(declared).filter((d): d is string[] => !!d);
  expect(lists.length).toBeGreaterThan(10);
  for (const locale of LOCALES) {
    const messages = await loadMessages(locale);
    for (const list of lists) expect(() => pickMessages(messages, list)).not.toThrow();
  }
});

test("pickMessages keeps whole namespaces or single branches, and rejects unknown ones", () => {
  const messages = { a: { x: "1", y: { z: "2" } }, b: { w: "3" }, c: "4" };
  expect(pickMessages(messages, ["b"])).toEqual({ b: { w: "3" } });
  expect(pickMessages(messages, ["a.y"])).toEqual({ a: { y: { z: "2" } } });
  expect(pickMessages(messages, ["a.y", "b"])).toEqual({ a: { y: { z: "2" } }, b: { w: "3" } });
  expect(pickMessages(messages, ["a", "a.y"])).toEqual({ a: messages.a });
  expect(pickMessages(messages, [])).toEqual({});
  expect(() => pickMessages(messages, ["nope"])).toThrow(/nope/);
  expect(() => pickMessages(messages, ["a.q"])).toThrow(/a\.q/);
  expect(messages).toEqual({ a: { x: "1", y: { z: "2" } }, b: { w: "3" }, c: "4" });
});
