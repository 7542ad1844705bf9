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
