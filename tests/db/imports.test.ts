import { and, eq, isNull, sql } from "drizzle-orm";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { searchCustomers } from "@/db/queries/customers";
import { applyImportBatch, checkImport, createImport, getImport, getImportIssues, pauseImport, rowReason, startImport, type ImportSettings } from "@/db/queries/imports";
import { auditLog, customers, customerStageHistory, dictionaryItems, importRows, users } from "@/db/schema";
import { readImportFile } from "@/lib/import/read";
import type { Viewer } from "@/lib/viewer";
import { demoViewers, freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, rep2: Viewer, manager: Viewer, sz2Manager: Viewer;
let rep1Mobile: string, rep2Mobile: string, rep2Name: string;

beforeAll(async () => {
  o = await freshDb();
  [rep1, rep2, manager, sz2Manager] = await demoViewers(o.db);
  const mine = await o.db.select({ mobile: customers.mobile }).from(customers).where(and(eq(customers.ownerId, rep1.id), sql`${customers.mobile} is not null`, isNull(customers.deletedAt))).limit(1);
  const theirs = await o.db.select({ mobile: customers.mobile, name: customers.name }).from(customers).where(and(eq(customers.ownerId, rep2.id), sql`${customers.mobile} is not null`, isNull(customers.deletedAt))).limit(1);
  rep1Mobile = mine[0].mobile!;
  rep2Mobile = theirs[0].mobile!;
  rep2Name = theirs[0].name;
});
afterAll(async () => o?.close());

/** A CSV as Chinese Excel saves it ("CSV (逗号分隔)"): GBK, CRLF. */
const gbkCsv = (lines: string[]) => new Uint8Array(iconv.encode(lines.join("\r\n") + "\r\n", "gbk"));

const upload = async (viewer: Viewer, name: string, bytes: Uint8Array) => createImport(o.db, viewer, name, await readImportFile(name, bytes));

async function applyAll(id: string, batch = 3) {
  for (let i = 0; i < 1000; i++) if ((await applyImportBatch(o.db, id, batch)).done) return;
  throw new Error("import did not finish");
}
const settingsOf = async (viewer: Viewer, id: string, over: Partial<ImportSettings> = {}): Promise<ImportSettings> => {
  const job = (await getImport(o.db, viewer, id))!;
  return { mapping: job.mapping, policy: "skip", ownerId: null, dictChoices: {}, ...over };
};
const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(o.db, q))[0].n);

const FILE = [
  "姓名,手机,公司名称,职务,生日,来源,介绍人,身份证号,电子邮箱",
  "欧阳修竹,13912340001,深圳竹林科技有限公司,总经理,农历三月初八,展会,王总,,ouyang@example.cn",
  "司马光明,13912340002,光明贸易,采购经理,闰四月初八,抖音,,,",
  "诸葛青,1391234,青云实业,,1985-07-01,展会,,,",
  "上官燕,13912340004,燕子物流,,农历十三月初八,,,,",
  "慕容雪,13912340005,雪域商贸,,,,,11010519491231002Y,",
  "欧阳修竹二号,13912340001,重复公司,,,,,,",
  `老客户,${"{rep1}"},,,,,,,`,
  `别人的客户,${"{rep2}"},,,,,,,`,
  "皇甫嵩,13912340009,,,1980/2/3,朋友介绍,,,",
];

describe("import a GBK CSV: mapping, dry run, apply", () => {
  let id: string;
  test("the GBK file is decoded and its Chinese headers mapped", async () => {
    const lines = FILE.map((l) => l.replace("{rep1}", rep1Mobile).replace("{rep2}", rep2Mobile));
    const parsed = await readImportFile("客户.csv", gbkCsv(lines));
    expect(parsed.encoding).toBe("gb18030");
    expect(parsed.headers[0]).toBe("姓名");
    expect(parsed.rows[0].cells[0]).toBe("欧阳修竹");
    const job = await createImport(o.db, rep1, "客户.csv", parsed);
    id = job.id;
    const row = (await getImport(o.db, rep1, id))!;
    expect(row.mapping).toEqual({ 0: "name", 1: "mobile", 2: "companyName", 3: "title", 4: "birthday", 5: "source", 6: "introducer", 7: "idCard", 8: "email" });
    // someone else's import does not exist for them
    expect(await getImport(o.db, rep2, id)).toBeNull();
  });

  test("the dry run: valid, invalid with reasons per field, duplicates in the file and in the database", async () => {
    const job = await checkImport(o.db, rep1, id, await settingsOf(rep1, id));
    expect(job.status).toBe("checked");
    expect(job.total).toBe(9);
    const issues = await getImportIssues(o.db, rep1, id);
    const byRow = new Map(issues.map((r) => [r.rowNo, r]));
    // rows: header = 1; data 2..10
    expect(byRow.get(4)?.errors).toEqual({ mobile: "手机号应为 11 位数字，以 1 开头" });
    expect(rowReason(job, byRow.get(4)!)).toBe("手机：手机号应为 11 位数字，以 1 开头");
    expect(byRow.get(5)?.errors?.birthday).toContain("农历生日无法识别");
    expect(byRow.get(6)?.errors?.idCard).toBeTruthy();
    expect(byRow.get(7)?.dup).toEqual([{ field: "mobile", row: 2 }]);
    const own = byRow.get(8)?.dup?.[0];
    expect(own && "mine" in own && own.mine && own.id).toBeTruthy();
    // outside the scope only "owned by another rep" is said: no id, no name
    const other = byRow.get(9)?.dup?.[0];
    expect(other).toMatchObject({ field: "mobile", id: null, name: null, mine: false });
    expect(rowReason(job, byRow.get(9)!)).not.toContain(rep2Name);
    expect(job.valid).toBe(3);
    expect(job.invalid).toBe(3);
    expect(job.duplicates).toBe(3);
    // 抖音 is not a source yet: listed for the user to accept or map
    expect(job.newValues).toEqual([{ kind: "source", value: "抖音", rows: 1 }]);
    // nothing was created by the dry run
    expect(await count(sql`select count(*)::int as n from customers where name = '欧阳修竹'`)).toBe(0);
  });

  test("applying with skip: valid rows created in batches, findable by pinyin, one audit entry, history says where from", async () => {
    await startImport(o.db, rep1, id);
    await applyAll(id);
    const job = (await getImport(o.db, rep1, id))!;
    expect(job.status).toBe("done");
    expect({ created: job.created, skipped: job.skipped, failed: job.failed }).toEqual({ created: 3, skipped: 3, failed: 0 });
    const [c] = await o.db.select().from(customers).where(eq(customers.name, "欧阳修竹"));
    expect(c).toMatchObject({ ownerId: rep1.id, mobile: "13912340001", lunarBirthMonth: 3, lunarBirthDay: 8, lunarBirthLeap: false, introducerText: "王总", title: "总经理" });
    const [sm] = await o.db.select().from(customers).where(eq(customers.name, "司马光明"));
    expect(sm).toMatchObject({ lunarBirthMonth: 4, lunarBirthDay: 8, lunarBirthLeap: true });
    // the accepted new source exists and is used
    const [dy] = await o.db.select().from(dictionaryItems).where(and(eq(dictionaryItems.kind, "source"), eq(dictionaryItems.label, "抖音")));
    expect(sm.sourceId).toBe(dy.id);
    const [hb] = await o.db.select().from(customers).where(eq(customers.name, "皇甫嵩"));
    expect(hb.solarBirthday).toBe("1980-02-03");
    expect((await searchCustomers(o.db, rep1, "oyxz")).map((r) => r.name)).toContain("欧阳修竹");
    expect((await searchCustomers(o.db, rep1, "ouyang")).map((r) => r.name)).toContain("欧阳修竹");
    const [h] = await o.db.select().from(customerStageHistory).where(eq(customerStageHistory.customerId, c.id));
    expect(h.reason).toBe("导入：客户.csv");
    const audits = await o.db.select().from(auditLog).where(and(eq(auditLog.action, "import"), eq(auditLog.actorId, rep1.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0].after).toMatchObject({ importId: id, created: 3, file: "客户.csv" });
    // the error rows carry their reason
    const issues = await getImportIssues(o.db, rep1, id);
    expect(issues.find((r) => r.rowNo === 7)?.reason).toContain("第 2 行");
  });

  test("re-running the same file with skip creates nothing twice", async () => {
    const lines = FILE.map((l) => l.replace("{rep1}", rep1Mobile).replace("{rep2}", rep2Mobile));
    const before = await count(sql`select count(*)::int as n from customers`);
    const job = await upload(rep1, "客户.csv", gbkCsv(lines));
    const checked = await checkImport(o.db, rep1, job.id, await settingsOf(rep1, job.id));
    expect(checked.valid).toBe(0);
    await startImport(o.db, rep1, job.id);
    await applyAll(job.id);
    expect(await count(sql`select count(*)::int as n from customers`)).toBe(before);
  });
});

describe("policies, owner and scope", () => {
  test("update mine changes only customers in the importer's scope", async () => {
    const csv = ["姓名,手机,职务", `改名,${rep1Mobile},新职务`, `改名二,${rep2Mobile},新职务`];
    const job = await upload(rep1, "更新.csv", gbkCsv(csv));
    await checkImport(o.db, rep1, job.id, await settingsOf(rep1, job.id, { policy: "update" }));
    await startImport(o.db, rep1, job.id);
    await applyAll(job.id);
    const [mine] = await o.db.select().from(customers).where(and(eq(customers.mobile, rep1Mobile), isNull(customers.deletedAt)));
    expect(mine.title).toBe("新职务");
    expect(mine.name).toBe("改名");
    expect(mine.searchTokens).toContain("gm");
    const [theirs] = await o.db.select().from(customers).where(and(eq(customers.mobile, rep2Mobile), isNull(customers.deletedAt)));
    expect(theirs.name).toBe(rep2Name);
    expect(theirs.title).not.toBe("新职务");
    const done = (await getImport(o.db, rep1, job.id))!;
    expect({ updated: done.updated, skipped: done.skipped }).toEqual({ updated: 1, skipped: 1 });
  });

  test("create anyway creates the duplicate", async () => {
    const job = await upload(rep1, "强制.csv", gbkCsv(["姓名,手机", `再来一个,${rep1Mobile}`]));
    await checkImport(o.db, rep1, job.id, await settingsOf(rep1, job.id, { policy: "create" }));
    await startImport(o.db, rep1, job.id);
    await applyAll(job.id);
    expect(await count(sql`select count(*)::int as n from customers where mobile = ${rep1Mobile} and deleted_at is null`)).toBe(2);
  });

  test("a manager imports for a rep in scope; a rep outside the scope is refused", async () => {
    const job = await upload(manager, "分配.csv", gbkCsv(["姓名,手机", "分给一号,13912349901"]));
    await expect(checkImport(o.db, manager, job.id, await settingsOf(manager, job.id, { ownerId: sz2Manager.id }))).rejects.toMatchObject({ code: "VALIDATION" });
    await checkImport(o.db, manager, job.id, await settingsOf(manager, job.id, { ownerId: rep1.id }));
    await startImport(o.db, manager, job.id);
    await applyAll(job.id);
    const [c] = await o.db.select().from(customers).where(eq(customers.name, "分给一号"));
    expect(c.ownerId).toBe(rep1.id);
    // a rep cannot name another rep as the owner
    const j2 = await upload(rep2, "越权.csv", gbkCsv(["姓名", "某人"]));
    await expect(checkImport(o.db, rep2, j2.id, await settingsOf(rep2, j2.id, { ownerId: rep1.id }))).rejects.toMatchObject({ code: "VALIDATION" });
  });

  test("a hand re-mapping is remembered for the next file", async () => {
    const head = "名字,联系电话,单位";
    const job = await upload(rep2, "a.csv", gbkCsv([head, "记忆测试,13912348801,某公司"]));
    const j = (await getImport(o.db, rep2, job.id))!;
    expect(j.mapping[1]).toBe("landline"); // 「电话」 is a landline by default
    await checkImport(o.db, rep2, job.id, await settingsOf(rep2, job.id, { mapping: { 0: "name", 1: "mobile", 2: "companyName" } }));
    const next = await upload(rep2, "b.csv", gbkCsv([head, "记忆测试二,13912348802,某公司"]));
    expect((await getImport(o.db, rep2, next.id))!.mapping[1]).toBe("mobile");
    // another user's mapping is their own
    const other = await upload(rep1, "c.csv", gbkCsv([head, "记忆测试三,13912348803,某公司"]));
    expect((await getImport(o.db, rep1, other.id))!.mapping[1]).toBe("landline");
  });

  test("a file with no recognisable header is refused and writes nothing", async () => {
    const before = await count(sql`select count(*)::int as n from import_jobs`);
    await expect(upload(rep1, "x.csv", gbkCsv(["a,b,c", "1,2,3"]))).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await count(sql`select count(*)::int as n from import_jobs`)).toBe(before);
  });
});

describe("a failing batch loses nothing and the import resumes", () => {
  test("batches before the failure stay; resuming finishes without doubles", async () => {
    const lines = ["姓名,手机"];
    for (let i = 0; i < 10; i++) lines.push(`续传${i},1390000${String(1000 + i)}`);
    const job = await upload(rep2, "续传.csv", gbkCsv(lines));
    await checkImport(o.db, rep2, job.id, await settingsOf(rep2, job.id));
    await startImport(o.db, rep2, job.id);
    expect((await applyImportBatch(o.db, job.id, 4)).applied).toBe(4);
    // the importer is deactivated mid-way: the next batch fails and writes nothing
    await o.db.update(users).set({ active: false }).where(eq(users.id, rep2.id));
    await expect(applyImportBatch(o.db, job.id, 4)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await pauseImport(o.db, job.id, "导入人已无新建客户的权限");
    expect(await count(sql`select count(*)::int as n from customers where name like '续传%'`)).toBe(4);
    expect((await getImport(o.db, rep2, job.id))!.status).toBe("paused");
    await o.db.update(users).set({ active: true }).where(eq(users.id, rep2.id));
    await startImport(o.db, rep2, job.id); // resume
    await applyAll(job.id, 4);
    expect(await count(sql`select count(*)::int as n from customers where name like '续传%'`)).toBe(10);
    expect(await count(sql`select count(*)::int as n from import_rows where job_id = ${job.id} and outcome = 'created'`)).toBe(10);
    const done = (await getImport(o.db, rep2, job.id))!;
    expect(done.created).toBe(10);
  });

  test("a batch that fails halfway (its history refused by the database) writes nothing; resuming creates each customer once", async () => {
    // one row with an ID card and two without, in one batch: the set-wise insert gives the others the columns' defaults
    const job = await upload(rep1, "半途.csv", gbkCsv(["姓名,手机,身份证号,性别", "半途甲,13977770001,11010519491231002X,女", "半途乙,13977770002,,", "半途丙,,,男"]));
    await checkImport(o.db, rep1, job.id, await settingsOf(rep1, job.id));
    await startImport(o.db, rep1, job.id);
    // the customers are inserted, then the database refuses their history lines: the whole batch must roll back
    await o.db.execute(sql`create function refuse_halfway() returns trigger language plpgsql as $$ begin raise exception 'history refused'; end $$`);
    await o.db.execute(sql`create trigger refuse_halfway before insert on customer_stage_history for each row when (new.reason = '导入：半途.csv') execute function refuse_halfway()`);
    try {
      await expect(applyImportBatch(o.db, job.id, 10)).rejects.toThrow();
    } finally {
      await o.db.execute(sql`drop trigger refuse_halfway on customer_stage_history`);
      await o.db.execute(sql`drop function refuse_halfway()`);
    }
    await pauseImport(o.db, job.id, "一批数据写入失败，已写入的数据不受影响，可以继续导入");
    expect(await count(sql`select count(*)::int as n from customers where name like '半途%'`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from import_rows where job_id = ${job.id} and outcome is not null`)).toBe(0);
    const paused = (await getImport(o.db, rep1, job.id))!;
    expect({ status: paused.status, processed: paused.processed, created: paused.created }).toEqual({ status: "paused", processed: 0, created: 0 });
    await startImport(o.db, rep1, job.id); // resume
    await applyAll(job.id, 10);
    const rows = await o.db.select().from(customers).where(sql`${customers.name} like '半途%'`).orderBy(customers.name);
    expect(rows.map((r) => r.name).sort()).toEqual(["丙", "乙", "甲"].map((x) => `半途${x}`).sort());
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName["半途甲"]).toMatchObject({ idCardMasked: expect.stringMatching(/^1101\*+002X$/), gender: "female", mobile: "13977770001", ownerId: rep1.id, createdBy: rep1.id, version: 1 });
    expect(byName["半途甲"].idCardHash).toBeTruthy();
    expect(byName["半途乙"]).toMatchObject({ idCardMasked: null, idCardHash: null, gender: "unknown", stage: "potential", lunarBirthLeap: false });
    expect(byName["半途丙"]).toMatchObject({ mobile: null, gender: "male" });
    for (const r of rows) {
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.searchTokens.length).toBeGreaterThan(0);
      expect(r.createdAt).toBeInstanceOf(Date);
    }
    const history = await o.db.select().from(customerStageHistory).where(sql`${customerStageHistory.customerId} in (select id from customers where name like '半途%')`);
    expect(history.map((h) => [h.reason, h.toStage])).toEqual(rows.map(() => ["导入：半途.csv", "potential"]));
    const done = (await getImport(o.db, rep1, job.id))!;
    expect({ status: done.status, created: done.created }).toEqual({ status: "done", created: 3 });
  });
});

test("rows as stored keep only the file's columns", async () => {
  const [r] = await o.db.select({ cells: importRows.cells }).from(importRows).limit(1);
  expect(Array.isArray(r.cells)).toBe(true);
  await viewerFor(o.db, "gm@demo.cn");
});

test("a phone's .vcf goes through the same mapping, dry run and apply", async () => {
  const vcf = new TextEncoder().encode(
    ["BEGIN:VCARD", "VERSION:3.0", "N:东方;明月;;;", "FN:东方明月", "ORG:明月茶业", "TITLE:店长", "TEL;TYPE=CELL:13912347777", "TEL;TYPE=WORK:0755-22223333", "BDAY:1988-08-08", "NOTE:爱喝普洱", "END:VCARD",
     "BEGIN:VCARD", "VERSION:4.0", "FN:坏号码", "TEL;TYPE=cell:12345", "END:VCARD"].join("\r\n"),
  );
  const job = await upload(rep1, "通讯录.vcf", vcf);
  const j = (await getImport(o.db, rep1, job.id))!;
  expect(Object.values(j.mapping)).toEqual(["name", "mobile", "landline", "email", "companyName", "title", "birthday", "address", "website", "personality"]);
  const checked = await checkImport(o.db, rep1, job.id, await settingsOf(rep1, job.id));
  expect({ valid: checked.valid, invalid: checked.invalid }).toEqual({ valid: 1, invalid: 1 });
  await startImport(o.db, rep1, job.id);
  await applyAll(job.id);
  const [c] = await o.db.select().from(customers).where(eq(customers.name, "东方明月"));
  expect(c).toMatchObject({ mobile: "13912347777", landline: "0755-22223333", companyName: "明月茶业", title: "店长", solarBirthday: "1988-08-08", personality: "爱喝普洱", ownerId: rep1.id });
});
