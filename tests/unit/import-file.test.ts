import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { decodeText } from "@/lib/import/decode";
import { autoMapping, fieldForHeader } from "@/lib/import/fields";
import { cellText, ImportFileError, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, readImportFile } from "@/lib/import/read";
import { buildCustomerRow, parseDateText } from "@/lib/import/row";
import { parseLunarText } from "@/lib/lunar";

const utf8 = (s: string) => new TextEncoder().encode(s);

async function xlsx(rows: unknown[][], edit?: (ws: ExcelJS.Worksheet) => void) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("客户");
  for (const r of rows) ws.addRow(r);
  edit?.(ws);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const refused = async (name: string, bytes: Uint8Array) => {
  const e = await readImportFile(name, bytes).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ImportFileError);
  return (e as Error).message;
};

describe("text encodings", () => {
  const text = "姓名,手机,公司名称\r\n张三,13800138000,深圳知客科技\r\n";
  test.each([
    ["UTF-8", utf8(text), "utf-8"],
    ["UTF-8 with BOM", new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]), "utf-8-bom"],
    ["GBK", new Uint8Array(iconv.encode(text, "gbk")), "gb18030"],
    ["GB18030 (a character GBK lacks)", new Uint8Array(iconv.encode(text + "𠀀\r\n", "gb18030")), "gb18030"],
    ["UTF-16 with BOM", new Uint8Array([0xff, 0xfe, ...iconv.encode(text, "utf-16le")]), "utf-16le"],
  ])("%s is decoded", (_n, bytes, encoding) => {
    const d = decodeText(bytes);
    expect(d.encoding).toBe(encoding);
    expect(d.text.startsWith("姓名,手机,公司名称\r\n张三")).toBe(true);
  });
});

describe("headers map to fields", () => {
  test.each([
    ["姓名", "name"],
    ["手机号码 *", "mobile"],
    ["客户手机号码", "mobile"],
    ["公司名称", "companyName"],
    ["职务", "title"],
    ["生日", "birthday"],
    ["生日(农历)", "lunarBirthday"],
    ["农历生日", "lunarBirthday"],
    ["来源", "source"],
    ["介绍人", "introducer"],
    ["E-Mail", "email"],
    ["Company", "companyName"],
    ["Job Title", "title"],
    ["Mobile Phone", "mobile"],
    ["随便什么", null],
  ])("%s → %s", (h, f) => expect(fieldForHeader(h)).toBe(f));

  test("one column per field; remembered choices win, including 不导入", () => {
    expect(autoMapping(["姓名", "手机", "手机号"])).toEqual({ 0: "name", 1: "mobile" });
    expect(autoMapping(["姓名", "联系电话"], { 联系电话: "mobile" })).toEqual({ 0: "name", 1: "mobile" });
    expect(autoMapping(["姓名", "备注"], { 备注: "" })).toEqual({ 0: "name" });
  });
});

describe("values as spreadsheets write them", () => {
  test.each([
    ["农历三月初八", { year: null, month: 3, day: 8, leap: false }],
    ["闰四月初八", { year: null, month: 4, day: 8, leap: true }],
    ["农历闰四月初八", { year: null, month: 4, day: 8, leap: true }],
    ["腊月廿三", { year: null, month: 12, day: 23, leap: false }],
    ["1990年正月十五", { year: 1990, month: 1, day: 15, leap: false }],
    ["农历 3月8日", { year: null, month: 3, day: 8, leap: false }],
    ["农历十一月三十", { year: null, month: 11, day: 30, leap: false }],
    ["冬月初十", { year: null, month: 11, day: 10, leap: false }],
    ["农历十三月初八", null],
    ["三月", null],
  ])("lunar %s", (s, want) => expect(parseLunarText(s)).toEqual(want));

  test.each([
    ["2026/1/2", "2026-01-02"],
    ["2026.01.02", "2026-01-02"],
    ["2026年1月2日", "2026-01-02"],
    ["20260102", "2026-01-02"],
    ["1985-07-01 00:00:00", "1985-07-01"],
    ["明天", "明天"],
  ])("date %s → %s", (s, want) => expect(parseDateText(s)).toBe(want));

  test("a row goes through the form's schema: errors per field, lunar birthdays read", () => {
    const mapping = { 0: "name", 1: "mobile", 2: "birthday", 3: "idCard", 4: "gender", 5: "stage" } as const;
    const none = () => null;
    const ok = buildCustomerRow(["张三", "+86 138-0013-8000", "闰四月初八", "", "男", "准客户"], mapping, none);
    expect(ok.errors).toBeNull();
    expect(ok.input).toMatchObject({ name: "张三", mobile: "13800138000", lunarBirthMonth: 4, lunarBirthDay: 8, lunarBirthLeap: true, gender: "male", stage: "prospect" });
    const bad = buildCustomerRow(["", "12345", "2099-01-01", "11010519491231002Y", "不明", "VIP"], mapping, none);
    expect(bad.input).toBeNull();
    expect(Object.keys(bad.errors!).sort()).toEqual(["gender", "idCard", "mobile", "name", "stage"]);
    expect(bad.errors!.mobile).toBe("手机号应为 11 位数字，以 1 开头");
    // the form's cross-field checks (run once the fields themselves are right)
    expect(buildCustomerRow(["王五", "", "2099-01-01"], mapping, none).errors).toEqual({ birthday: "生日不能晚于今天" });
    // a leap month the given year does not have is the form's error too
    const leap = buildCustomerRow(["李四", "", "2024年闰三月初一"], mapping, none);
    expect(leap.errors).toEqual({ birthday: "农历 2024 年没有闰3月" });
  });

  test("unknown dictionary values are listed", () => {
    const r = buildCustomerRow(["王五", "抖音"], { 0: "name", 1: "source" }, () => undefined);
    expect(r.unknown).toEqual([{ kind: "source", value: "抖音" }]);
    expect(r.input?.sourceId).toBeNull();
  });
});

describe("spreadsheets", () => {
  test("xlsx: the value of a formula, never the formula; dates; numbers as text; first sheet only", async () => {
    const bytes = await xlsx(
      [
        ["姓名", "手机", "生日", "备注"],
        ["张三", 13800138000, new Date(Date.UTC(1985, 6, 1)), null],
      ],
      (ws) => {
        ws.getCell("D2").value = { formula: 'CONCAT("VIP","客户")', result: "VIP客户" } as ExcelJS.CellFormulaValue;
        ws.addRow(["李四", { formula: "13800138000+1", result: 13800138001 }, "农历三月初八", { formula: "NOW()" }]);
      },
    );
    const f = await readImportFile("客户.xlsx", bytes);
    expect(f.headers).toEqual(["姓名", "手机", "生日", "备注"]);
    expect(f.rows).toEqual([
      { rowNo: 2, cells: ["张三", "13800138000", "1985-07-01", "VIP客户"] },
      { rowNo: 3, cells: ["李四", "13800138001", "农历三月初八", ""] },
    ]);
  });

  // regression: exceljs' streaming reader turned a Chinese character split between two 16 KB chunks into "��"
  test.each([false, true])("a large Chinese sheet reads back exactly (shared strings: %s)", async (shared) => {
    const file = path.join(os.tmpdir(), `zhike-utf8-${process.pid}-${shared}.xlsx`);
    const rows = Array.from({ length: 30_000 }, (_, i) => [`欧阳修竹${i}`, `深圳市南山区科技园${i % 97}号`, "采购经理"]);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: shared, useStyles: false });
    const ws = wb.addWorksheet("客户");
    ws.addRow(["姓名", "地址", "职务"]).commit();
    for (const r of rows) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();
    const f = await readImportFile("客户.xlsx", new Uint8Array(fs.readFileSync(file)));
    fs.rmSync(file);
    expect(f.rows.filter((r, i) => r.cells.join() !== rows[i].join())).toEqual([]);
  }, 60_000);

  test("cell values of every kind", () => {
    expect(cellText({ richText: [{ text: "深圳" }, { text: "知客" }] })).toBe("深圳知客");
    expect(cellText({ text: "官网", hyperlink: "https://x.cn" })).toBe("官网");
    expect(cellText({ error: "#N/A" })).toBe("");
    expect(cellText({ formula: "1/0", result: { error: "#DIV/0!" } })).toBe("");
    expect(cellText(0.1 + 0.2)).toBe("0.3");
  });
});

describe("bad input is refused with a clear message", () => {
  test("an empty file", async () => expect(await refused("a.csv", new Uint8Array())).toBe("文件是空的"));
  test("a file with only blank lines", async () => expect(await refused("a.csv", utf8("\r\n ,, \r\n"))).toBe("文件里没有任何内容"));
  test("a header and no rows", async () => expect(await refused("a.csv", utf8("姓名,手机\r\n"))).toBe("文件只有表头，没有数据行"));
  test("50 MB", async () => expect(await refused("a.csv", new Uint8Array(MAX_IMPORT_BYTES))).toContain("50 MB"));
  test("1,000,001 rows", async () => {
    const bytes = utf8("姓名\n" + "张\n".repeat(MAX_IMPORT_ROWS + 1));
    expect(await refused("a.csv", bytes)).toContain("1,000,000 行");
  }, 60_000);
  test("1,000,000 rows are taken", async () => {
    const f = await readImportFile("a.csv", utf8("姓名\n" + "张\n".repeat(MAX_IMPORT_ROWS)));
    expect(f.rows).toHaveLength(MAX_IMPORT_ROWS);
  }, 60_000);
  test("a corrupt workbook", async () => {
    const good = await xlsx([["姓名"], ["张三"]]);
    expect(await refused("a.xlsx", good.slice(0, good.length / 2))).toContain("已损坏");
    expect(await refused("a.xlsx", utf8("这不是工作簿"))).toContain("已损坏");
  });
  const ole = (extra: Uint8Array) => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504), ...extra]);
  test("a password-protected workbook (an OLE file holding EncryptedPackage)", async () => {
    expect(await refused("a.xlsx", ole(new Uint8Array(iconv.encode("EncryptedPackage", "utf-16le"))))).toContain("密码");
  });
  test("an old .xls", async () => expect(await refused("a.xls", ole(utf8("Workbook")))).toContain(".xls"));
  test("a macro-enabled workbook", async () => {
    const good = await xlsx([["姓名"], ["张三"]]);
    expect(await refused("a.xlsm", good)).toContain("宏");
    // renamed to .xlsx, it still carries its macros (xl/vbaProject.bin in the zip's directory)
    expect(await refused("a.xlsx", new Uint8Array([...good, ...utf8("PK\u0001\u0002xl/vbaProject.bin")]))).toContain("宏");
  });
  test("a file of another kind", async () => expect(await refused("a.pdf", utf8("%PDF-1.4"))).toContain(".xlsx"));
});
