import { describe, expect, test } from "vitest";
import { checkDealFile, cleanFileName, formatFileSize, MAX_DEAL_FILE_BYTES } from "@/lib/validation/deal-file";

const bytes = (...b: number[]) => new Uint8Array([...b, 0, 0, 0, 0]);
const PDF = bytes(0x25, 0x50, 0x44, 0x46, 0x2d);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47);
const JPG = bytes(0xff, 0xd8, 0xff, 0xe0);
const ZIP = bytes(0x50, 0x4b, 0x03, 0x04);
const OLE = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
const EXE = bytes(0x4d, 0x5a, 0x90);

describe("checkDealFile", () => {
  test.each([
    ["合同.pdf", PDF, "application/pdf"],
    ["扫描件.PNG", PNG, "image/png"],
    ["photo.jpeg", JPG, "image/jpeg"],
    ["合同.docx", ZIP, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["报价.xlsx", ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["旧合同.doc", OLE, "application/msword"],
    ["旧报价.xls", OLE, "application/vnd.ms-excel"],
  ])("accepts %s and types it from its content", (name, b, mime) => {
    expect(checkDealFile(name, b)).toEqual({ ok: true, name, mime });
  });

  test.each([
    ["", PDF, "请选择要上传的文件"],
    ["合同.pdf", new Uint8Array(), "文件是空的"],
    ["合同.pdf", new Uint8Array(MAX_DEAL_FILE_BYTES + 1), "文件不能超过 10 MB"],
    ["病毒.exe", EXE, "只能上传 PDF、图片（JPG/PNG）、Word 或 Excel 文件"],
    ["没有扩展名", PDF, "只能上传 PDF、图片（JPG/PNG）、Word 或 Excel 文件"],
    ["改名的程序.pdf", EXE, "文件内容与扩展名 .pdf 不符"],
    ["图片.png", JPG, "文件内容与扩展名 .png 不符"],
  ])("refuses %j with a clear message", (name, b, message) => {
    expect(checkDealFile(name as string, b as Uint8Array)).toEqual({ ok: false, message });
  });

  test("exactly 10 MB is allowed", () => {
    const b = new Uint8Array(MAX_DEAL_FILE_BYTES);
    b.set([0x25, 0x50, 0x44, 0x46]);
    expect(checkDealFile("a.pdf", b).ok).toBe(true);
  });
});

describe("cleanFileName", () => {
  test("drops paths, quotes and control characters", () => {
    expect(cleanFileName("C:\\Users\\张伟\\合同.pdf")).toBe("合同.pdf");
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName('a"b\u0000\nc.pdf')).toBe("abc.pdf");
  });
  test("shortens long names but keeps the extension", () => {
    const n = cleanFileName("长".repeat(300) + ".pdf");
    expect(n.length).toBe(120);
    expect(n.endsWith(".pdf")).toBe(true);
  });
});

test("formatFileSize", () => {
  expect(formatFileSize(512)).toBe("512 B");
  expect(formatFileSize(1536)).toBe("1.5 KB");
  expect(formatFileSize(200 * 1024)).toBe("200 KB");
  expect(formatFileSize(3.25 * 1024 * 1024)).toBe("3.3 MB");
});
