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
