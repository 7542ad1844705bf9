import { expect, test } from "vitest";
import { centsToString, formatMoney, parseMoney, toCents } from "@/lib/money";
import { closeDealSchema, dealInputSchema } from "@/lib/validation/deal";

test("parses exact money, never floats", () => {
  expect(parseMoney("12800")).toEqual({ ok: true, value: "12800.00" });
  expect(parseMoney(" ¥1,234.5 ")).toEqual({ ok: true, value: "1234.50" });
  expect(parseMoney("0.1")).toEqual({ ok: true, value: "0.10" });
  expect(parseMoney("")).toEqual({ ok: true, value: null });
  expect(parseMoney("999999999999.99")).toEqual({ ok: true, value: "999999999999.99" });
});

test("refuses negative, non-numeric, absurd and over-precise amounts", () => {
  expect(parseMoney("-5")).toEqual({ ok: false, reason: "negative" });
  expect(parseMoney("abc")).toEqual({ ok: false, reason: "format" });
  expect(parseMoney("1e9")).toEqual({ ok: false, reason: "format" });
  expect(parseMoney("NaN")).toEqual({ ok: false, reason: "format" });
  expect(parseMoney("1000000000000")).toEqual({ ok: false, reason: "too_large" });
  expect(parseMoney("1.005")).toEqual({ ok: false, reason: "precision" });
});

test("cents arithmetic is exact where floats are not", () => {
  expect(centsToString(toCents("0.10") + toCents("0.20"))).toBe("0.30");
  expect(centsToString(toCents("999999999999.99") * 3n)).toBe("2999999999999.97");
  expect(formatMoney("1234567.8")).toBe("¥1,234,567.80");
  expect(formatMoney(null)).toBe("—");
});

test("deal schemas: Chinese errors, summary required on close", () => {
  const bad = dealInputSchema.safeParse({ customerId: "", title: "", processId: "x", expectedAmount: "-1" });
  const e = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]));
  expect(e).toMatchObject({ customerId: "请选择客户", title: "请填写交易名称", processId: "请选择流程", expectedAmount: "金额不能为负数" });
  const id = "0190a7f0-0000-7000-8000-000000000000";
  const won = closeDealSchema.safeParse({ dealId: id, outcome: "won", amount: "", closedOn: "2026-01-02" });
  const we = Object.fromEntries(won.error!.issues.map((i) => [i.path.join("."), i.message]));
  expect(we).toMatchObject({ amount: "请填写交易金额", successReasons: "成交时请填写成功原因分析", lessonsLearned: "请填写经验总结" });
  const lost = closeDealSchema.safeParse({ dealId: id, outcome: "lost", closedOn: "2026-01-02", lessonsLearned: "x" });
  expect(lost.error!.issues.map((i) => i.path.join("."))).toEqual(["failureReasons"]);
});
