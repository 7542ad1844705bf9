import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { LOCALES } from "@/i18n/config";
import { loadMessages } from "@/i18n/messages";

const flat = (o: Record<string, unknown>, p = ""): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? flat(v as Record<string, unknown>, `${p}${k}.`) : [`${p}${k}`]));

test("every UI string exists in both zh-CN and en", async () => {
  const [zh, en] = await Promise.all(LOCALES.map((l) => loadMessages(l)));
  expect(flat(en).sort()).toEqual(flat(zh).sort());
});

test("Chinese strings quote with Chinese quotation marks, never ASCII ones", async () => {
  const zh = await loadMessages("zh-CN");
  const values = (o: Record<string, unknown>, p = ""): [string, string][] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? values(v as Record<string, unknown>, `${p}${k}.`) : [[`${p}${k}`, String(v)] as [string, string]]));
  for (const [key, text] of values(zh)) expect(text, key).not.toMatch(/["']/);
});

test("every message file is loaded", () => {
  for (const l of LOCALES) {
    const files = fs.readdirSync(path.join("messages", l));
    const loader = fs.readFileSync("i18n/messages.ts", "utf8");
    for (const f of files) expect(loader, `${l}/${f}`).toContain(`messages/${l}/${f}`);
  }
});

test("no namespace is defined in two files", () => {
  for (const l of LOCALES) {
    const seen = new Map<string, string>();
    for (const f of fs.readdirSync(path.join("messages", l))) {
      for (const ns of Object.keys(JSON.parse(fs.readFileSync(path.join("messages", l, f), "utf8")))) {
        expect(seen.get(ns), `${ns} in ${f}`).toBeUndefined();
        seen.set(ns, f);
      }
    }
  }
});

/**
 * English strings are English: no Chinese characters and no full-width punctuation (，。：；（）！？、「」“”),
 * except where Chinese is the point (the switch back to Chinese is written in Chinese).
 */
const CHINESE_ON_PURPOSE = new Set(["userMenu.switchLocale"]);

test("no English UI string has Chinese characters or full-width punctuation", async () => {
  const en = await loadMessages("en");
  const bad: string[] = [];
  const walk = (o: Record<string, unknown>, p = "") => {
    for (const [k, v] of Object.entries(o)) {
      if (v && typeof v === "object") walk(v as Record<string, unknown>, `${p}${k}.`);
      else if (typeof v === "string" && !CHINESE_ON_PURPOSE.has(`${p}${k}`) && /[\p{Script=Han}，。：；（）！？、「」“”【】《》]/u.test(v)) bad.push(`${p}${k}: ${v}`);
    }
  };
  walk(en);
  expect(bad).toEqual([]);
});

/**
 * Nor do pages and components put full-width punctuation around translated words ("标签：值", "名（部门）",
 * "甲、乙"): lib/punct.ts joins them in the reader's language. Comments and lines of Chinese text (data, the
 * Chinese e-mail digest) are not UI punctuation.
 */
test("pages and components join labels and lists through lib/punct, not full-width marks", () => {
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
  const bad = [...files("app"), ...files("components")].flatMap((f) =>
    fs
      .readFileSync(f, "utf8")
      .split("\n")
      .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
      .filter(({ line }) => /[，。：；（）！？、「」“”]/.test(line) && !/^\s*(\/\/|\*|\/\*|\{\/\*)/.test(line) && !/\p{Script=Han}/u.test(line))
      .map(({ at, line }) => `${at}: ${line.trim()}`),
  );
  expect(bad).toEqual([]);
});

const leaves = (o: Record<string, unknown>, p = ""): [string, unknown][] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" && !Array.isArray(v) ? leaves(v as Record<string, unknown>, `${p}${k}.`) : [[`${p}${k}`, v] as [string, unknown]]));

test("every UI string is written in both languages: not empty in one only, and with the same {placeholders}", async () => {
  const [zh, en] = await Promise.all(LOCALES.map((l) => loadMessages(l)));
  const enBy = new Map(leaves(en));
  // the argument names of an ICU message: {name}, {n, plural, …} → name, n (not the words inside plural branches)
  const args = (s: string) => [...s.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]).sort();
  const bad: string[] = [];
  for (const [key, z] of leaves(zh)) {
    const e = enBy.get(key);
    if (typeof z !== "string" || typeof e !== "string") continue;
    // (moduleInfo of a built module is empty on purpose, in both)
    if (!z.trim() !== !e.trim()) bad.push(`${key}: empty in ${z.trim() ? "en" : "zh-CN"}`);
    else if (JSON.stringify([...new Set(args(z))]) !== JSON.stringify([...new Set(args(e))])) bad.push(`${key}: {${args(z)}} vs {${args(e)}}`);
  }
  expect(bad).toEqual([]);
});

/**
 * Every key a page or component asks for exists: `const t = useTranslations("ns")` / `await
 * getTranslations("ns")`, then t("literal.key"). Keys built at run time (t(`stages.${s}`)) are left to the
 * pages' own tests.
 */
test("every literal message key used in app/ and components/ exists", async () => {
  const zh = await loadMessages("zh-CN");
  const has = (key: string) => key.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), zh) !== undefined;
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
  const missing: string[] = [];
  let checked = 0;
  for (const f of [...files("app"), ...files("components")]) {
    const src = fs.readFileSync(f, "utf8");
    const ns = new Map<string, string>();
    for (const m of src.matchAll(/const (\w+) = (?:await )?(?:useTranslations|getTranslations)\(\s*(?:"([\w.]*)")?\s*\)/g)) ns.set(m[1], m[2] ?? "");
    for (const [name, prefix] of ns) {
      // a binding's name reused by another component of the file with another namespace makes it ambiguous
      if ([...src.matchAll(new RegExp(`const ${name} = (?:await )?(?:useTranslations|getTranslations)\\(`, "g"))].length > 1) continue;
      for (const m of src.matchAll(new RegExp(`\\b${name}(?:\\.rich|\\.raw|\\.has)?\\(\\s*"([\\w.]+)"`, "g"))) {
        const key = prefix ? `${prefix}.${m[1]}` : m[1];
        checked++;
        if (!has(key)) missing.push(`${f}: ${key}`);
      }
    }
  }
  expect(checked).toBeGreaterThan(250);
  expect(missing).toEqual([]);
});
