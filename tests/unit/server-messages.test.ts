/**
 * Every Chinese message the server can send back has English (lib/validation/messages-en.ts), which the action
 * pipeline gives a user who chose English. The messages are found in the sources (server-message-sources.ts),
 * so a new `throw new AppError("…", "新的消息")` or zod `{ error: "…" }` without its English fails here.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { localizeMessage, localizeState, looksChinese, toEnglish } from "@/lib/validation/messages-en";
import { findServerMessages, NOT_MESSAGES, ROOT } from "./server-message-sources";

const found = findServerMessages();

describe("the sources' Chinese messages", () => {
  test("are found (the scanner sees the places messages live)", () => {
    const texts = new Set(found.map((m) => m.text));
    // one of each kind: pipeline constant, AppError in a query, zod error, reqText label, template, forbidden(), route handler
    for (const t of ["系统繁忙，保存未完成，请稍后重试", "该交易已关闭", "手机号应为 11 位数字，以 1 开头", "交流主题", "最多 3 个字", "不能审核自己的计划或总结", "未登录"]) expect(texts, t).toContain(t);
    expect(found.length).toBeGreaterThan(150);
  });

  test("each has an English translation with no Chinese characters or full-width punctuation", () => {
    const missing = found.filter((m) => looksChinese(toEnglish(m.text))).map((m) => `${m.file}:${m.line}  ${m.text}  →  ${toEnglish(m.text)}`);
    expect(missing, "add their English to lib/validation/messages-en.ts (FIXED, or a pattern for a templated message)").toEqual([]);
  });

  test("every exception in NOT_MESSAGES is still in its file (a stale one would hide nothing, or the wrong thing)", () => {
    for (const key of Object.keys(NOT_MESSAGES)) {
      const [file, text] = key.split(" ");
      expect(fs.readFileSync(path.join(ROOT, file), "utf8"), key).toContain(`"${text}"`);
    }
  });
});

describe("translation", () => {
  test("fixed messages", () => {
    expect(toEnglish("请修正标出的字段")).toBe("Please correct the marked fields");
    expect(toEnglish("手机号应为 11 位数字，以 1 开头")).toBe("A mobile number has 11 digits and starts with 1");
  });

  test("templated messages keep their numbers and translate known field labels like the form does", () => {
    expect(toEnglish("最多 100 个字")).toBe("At most 100 characters");
    expect(toEnglish("请填写交流主题")).toBe("Topic is required");
    expect(toEnglish("请填写产品名称")).toBe("Product name is required");
    expect(toEnglish("请选择开始日期")).toBe("Start date is required");
    expect(toEnglish("请填写某个没有的字段")).toBe("This field is required");
    expect(toEnglish("一个流程最多 12 个阶段")).toBe("A process can have at most 12 stages");
    expect(toEnglish("流程「标准流程」中还有 1 个进行中的交易，不能归档")).toBe('The process "标准流程" still has 1 open deal and cannot be archived');
    expect(toEnglish("该单位有 2 位联系人不在您的数据权限内，无法一起转移，请联系其负责人或上级处理")).toMatch(/^This company has 2 contacts outside/);
  });

  test("a message with no Chinese (zod's own) is kept; an unknown Chinese one is not lost", () => {
    expect(toEnglish("Too big: expected string to have <=100 characters")).toBe("Too big: expected string to have <=100 characters");
    expect(toEnglish("从未见过的消息")).toBe("从未见过的消息");
  });

  test("Chinese stays exactly as written", () => {
    const state = { ok: false, error: "请修正标出的字段", fieldErrors: { name: "请填写客户名称" }, at: 1 };
    expect(localizeState(state, "zh-CN")).toBe(state);
    expect(localizeMessage("未登录", "zh-CN")).toBe("未登录");
  });

  test("an English state translates its error and every field error, and nothing else", () => {
    const state = { ok: false, code: "VALIDATION", error: "请修正标出的字段", fieldErrors: { name: "请填写客户名称", mobile: "手机号应为 11 位数字，以 1 开头" }, values: { name: "" }, at: 1 };
    expect(localizeState(state, "en")).toEqual({
      ...state,
      error: "Please correct the marked fields",
      fieldErrors: { name: "Customer name is required", mobile: "A mobile number has 11 digits and starts with 1" },
    });
    expect(state.error).toBe("请修正标出的字段");
  });
});
