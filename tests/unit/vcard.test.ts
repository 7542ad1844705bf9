import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { readImportFile } from "@/lib/import/read";
import { formatVCard, parseVCards, VCARD_HEADERS } from "@/lib/import/vcard";

const col = (h: (typeof VCARD_HEADERS)[number]) => VCARD_HEADERS.indexOf(h);

describe("reading vCards as phones export them", () => {
  test("vCard 3.0 (iPhone): Chinese name, several phones, ORG, TITLE, BDAY, NOTE, folded lines, groups", () => {
    const vcf = [
      "BEGIN:VCARD",
      "VERSION:3.0",
      "PRODID:-//Apple Inc.//iPhone OS 17.0//EN",
      "N:张;伟;;;",
      "FN:张伟",
      "ORG:深圳知客科技有限公司;销售部",
      "TITLE:销售总监",
      "item1.TEL;type=pref:+86 138 0013 8000",
      "TEL;type=CELL;type=VOICE:139-0013-9000",
      "TEL;type=WORK;type=VOICE:0755-88886666",
      "EMAIL;type=INTERNET;type=WORK:zhangwei@example.cn",
      "ADR;type=WORK:;;科技园南路 1 号;深圳市;广东省;518000;中国",
      "BDAY;value=date:1985-03-08",
      "NOTE:喜欢喝茶\\n不吃辣\\, 周末爬山",
      " 。",
      "END:VCARD",
    ].join("\r\n");
    const [r] = parseVCards(vcf);
    expect(r[col("姓名")]).toBe("张伟");
    expect(r[col("手机")]).toBe("+86 138 0013 8000");
    expect(r[col("电话")]).toBe("0755-88886666");
    expect(r[col("公司名称")]).toBe("深圳知客科技有限公司");
    expect(r[col("职务")]).toBe("销售总监");
    expect(r[col("邮箱")]).toBe("zhangwei@example.cn");
    expect(r[col("生日")]).toBe("1985-03-08");
    expect(r[col("地址")]).toBe("中国广东省深圳市科技园南路 1 号");
    expect(r[col("备注")]).toBe("喜欢喝茶\n不吃辣, 周末爬山。\n其他电话：139-0013-9000");
  });

  test("vCard 4.0: TEL as a tel: URI, BDAY without dashes, N only", () => {
    const [r] = parseVCards(["BEGIN:VCARD", "VERSION:4.0", "N:李;娜;;;", 'TEL;VALUE=uri;TYPE="cell,voice":tel:+86-139-0000-1111', "BDAY:19900415", "ORG:华南贸易", "END:VCARD"].join("\n"));
    expect(r[col("姓名")]).toBe("李娜");
    expect(r[col("手机")]).toBe("+86-139-0000-1111");
    expect(r[col("生日")]).toBe("1990-04-15");
    expect(r[col("公司名称")]).toBe("华南贸易");
  });

  test("vCard 2.1 (older Android): QUOTED-PRINTABLE UTF-8 with soft line breaks", () => {
    const qp = (s: string) => [...Buffer.from(s, "utf8")].map((b) => "=" + b.toString(16).toUpperCase().padStart(2, "0")).join("");
    const name = qp("王小明");
    const [r] = parseVCards(["BEGIN:VCARD", "VERSION:2.1", `N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;${name}`, `FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${name.slice(0, 9)}=`, `${name.slice(9)}`, "TEL;CELL:13700001111", "END:VCARD"].join("\r\n"));
    expect(r[col("姓名")]).toBe("王小明");
    expect(r[col("手机")]).toBe("13700001111");
  });

  test("a GBK .vcf goes through the same reading as a sheet", async () => {
    const bytes = new Uint8Array(iconv.encode("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:赵六\r\nTEL;TYPE=CELL:13600001111\r\nEND:VCARD\r\n", "gbk"));
    const f = await readImportFile("通讯录.vcf", bytes);
    expect(f.format).toBe("vcf");
    expect(f.headers).toEqual([...VCARD_HEADERS]);
    expect(f.rows[0].cells[0]).toBe("赵六");
  });
});

describe("writing vCard 3.0", () => {
  test("escapes, folds at 75 octets without splitting a character, and reads back", () => {
    const note = "农历生日：闰四月初八；喜欢；茶, 书法\n".repeat(3);
    const card = formatVCard({ name: "欧阳修竹", companyName: "深圳竹林科技有限公司", title: "总经理", mobile: "13912340001", landline: "0755-1234567", email: "a@b.cn", solarBirthday: "1985-03-08", note });
    expect(card.startsWith("BEGIN:VCARD\r\nVERSION:3.0\r\nN:欧阳修竹;;;;\r\nFN:欧阳修竹\r\n")).toBe(true);
    for (const line of card.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const [r] = parseVCards(card);
    expect(r).toEqual(["欧阳修竹", "13912340001", "0755-1234567", "a@b.cn", "深圳竹林科技有限公司", "总经理", "1985-03-08", "", "", note.trim()]);
  });
});
