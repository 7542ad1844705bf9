/**
 * `npm run bench:import [-- --rows 100000]`: a generated .xlsx of N customers and another N as a GBK .csv
 * (the way Chinese Excel saves "CSV (逗号分隔)"), each read, kept (the upload), checked (the dry run) and
 * applied (the background batches) by the same functions the app runs; then the streamed .xlsx export of
 * 100,000 customers. Prints the time of each step and the process's RSS growth over its starting RSS.
 *
 * Target: a fresh PGlite under BENCH_DATA_DIR (default .data-bench-import, recreated each run) or, with
 * DATABASE_URL=postgres://…/db, that PostgreSQL database (a dedicated one: migrated and seeded if empty).
 * Targets (issue #16): PostgreSQL dry run ≤ 30 s, apply ≤ 60 s, RSS growth ≤ 300 MB; PGlite ≤ 2× those;
 * the export of 100k customers ≤ 30 s.
 *
 * The files are generated here, deterministically, into a temporary folder and removed afterwards.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { isEmpty, migrateDb, openPg, openPglite, type OpenedDb } from "@/db/client";
import { exportCustomers } from "@/db/queries/customers";
import { applyImportBatch, checkImport, createImport, getImport, startImport } from "@/db/queries/imports";
import { getUserByEmail, getViewer } from "@/db/queries/users";
import { seedDemo } from "@/db/seed/demo";
import { CUSTOMER_EXPORT_HEADER, customerExportCells } from "@/lib/customer-export";
import { readImportFile } from "@/lib/import/read";
import zhCustomer from "@/messages/zh-CN/customer.json";
import { streamXlsx } from "@/lib/xlsx";
import { arg, ms } from "./_db";

process.env.NEXTAUTH_SECRET ||= "zhike-bench-secret-not-for-production";
const ROWS = Number(arg("rows") ?? 100_000);
const HEADER = ["姓名", "手机", "公司名称", "职务", "生日", "来源", "邮箱", "城市", "介绍人"];
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉宁晨浩宇欣怡佳琪梓涵子轩俊";
const LUNAR_MONTHS = ["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊"];
const LUNAR_DAYS = ["初一", "初八", "十五", "廿三", "三十"];
const SOURCES = ["朋友介绍", "老客户转介绍", "展会", "网络推广", "陌生拜访", "抖音"];
const CITIES = ["深圳", "广州", "上海市", "东莞", "杭州"];

/** Row i of the generated data: deterministic, every 50th row with a problem (bad mobile), every 40th a duplicate mobile. */
function row(i: number): string[] {
  const name = SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + (i % 3 ? GIVEN[(i * 13) % GIVEN.length] : "");
  const mobile = i % 50 === 7 ? "1234" : `13${String(100000000 + (i % 40 === 3 ? i - 1 : i)).slice(-9)}`;
  const birthday = i % 4 === 0 ? `农历${i % 97 === 0 ? "闰" : ""}${LUNAR_MONTHS[i % 12]}月${LUNAR_DAYS[i % 5]}` : `19${60 + (i % 40)}-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
  return [name, mobile, `${CITIES[i % 5]}${GIVEN[i % GIVEN.length]}科技有限公司`, i % 2 ? "经理" : "采购", birthday, SOURCES[i % SOURCES.length], i % 3 ? "" : `c${i}@example.cn`, CITIES[i % 5], i % 10 ? "" : "老王"];
}

async function writeXlsx(file: string, from: number, n: number) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet("客户");
  ws.addRow(HEADER).commit();
  for (let i = from; i < from + n; i++) ws.addRow(row(i)).commit();
  ws.commit();
  await wb.commit();
}

function writeGbkCsv(file: string, from: number, n: number) {
  const lines = [HEADER.join(",")];
  for (let i = from; i < from + n; i++) lines.push(row(i).join(","));
  fs.writeFileSync(file, iconv.encode(lines.join("\r\n") + "\r\n", "gbk"));
}

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;

async function open(): Promise<OpenedDb> {
  if (process.env.DATABASE_URL) {
    const o = await openPg(process.env.DATABASE_URL);
    await migrateDb(o);
    if (await isEmpty(o.db)) await seedDemo(o.db);
    return o;
  }
  const dir = path.resolve(process.env.BENCH_DATA_DIR || ".data-bench-import");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const o = await openPglite({ dir });
  await migrateDb(o);
  await seedDemo(o.db);
  return o;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zhike-bench-import-"));
  const o = await open();
  const target = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
  const u = await getUserByEmail(o.db, "sz1.manager@demo.cn");
  const viewer = (await getViewer(o.db, u!.id))!;
  const gm = (await getViewer(o.db, (await getUserByEmail(o.db, "gm@demo.cn"))!.id))!;
  // a different run's rows must not all be duplicates: offset by the time
  const base = (Date.now() % 1_000_000) * 200;
  const results: string[][] = [];
  try {
    let t = performance.now();
    await writeXlsx(path.join(tmp, "customers.xlsx"), base, ROWS);
    writeGbkCsv(path.join(tmp, "customers.csv"), base + ROWS, ROWS);
    console.log(`[bench:import] generated ${ROWS} rows as .xlsx (${mb(fs.statSync(path.join(tmp, "customers.xlsx")).size)}) and GBK .csv (${mb(fs.statSync(path.join(tmp, "customers.csv")).size)}) in ${ms(t)}`);
    for (const name of ["customers.xlsx", "customers.csv"]) {
      if (global.gc) global.gc();
      const rss0 = process.memoryUsage().rss;
      peak = rss0;
      // as in the upload route, the parsed file is let go once its rows are kept
      const { job, tRead, tStore } = await (async () => {
        let t0 = performance.now();
        const parsed = await readImportFile(name, new Uint8Array(fs.readFileSync(path.join(tmp, name))));
        const tRead = performance.now() - t0;
        t0 = performance.now();
        const job = await createImport(o.db, viewer, name, parsed);
        return { job, tRead, tStore: performance.now() - t0 };
      })();
      const mapping = (await getImport(o.db, viewer, job.id))!.mapping;
      t = performance.now();
      const checked = await checkImport(o.db, viewer, job.id, { mapping, policy: "skip", ownerId: viewer.id, dictChoices: {} });
      const tCheck = performance.now() - t;
      t = performance.now();
      await startImport(o.db, viewer, job.id);
      while (!(await applyImportBatch(o.db, job.id)).done);
      const tApply = performance.now() - t;
      const done = (await getImport(o.db, viewer, job.id))!;
      results.push([
        name,
        `${(tRead / 1000).toFixed(1)} s`,
        `${(tStore / 1000).toFixed(1)} s`,
        `${(tCheck / 1000).toFixed(1)} s`,
        `${((tRead + tStore + tCheck) / 1000).toFixed(1)} s`,
        `${(tApply / 1000).toFixed(1)} s`,
        `${checked.valid}/${checked.invalid}/${checked.duplicates}`,
        `${done.created}/${done.skipped}`,
        mb(peak - rss0),
      ]);
      console.log(`[bench:import] ${name} done`);
    }
    // the streamed .xlsx export of (up to) 100,000 customers, as the GM
    if (global.gc) global.gc();
    const rss0 = process.memoryUsage().rss;
    peak = rss0;
    t = performance.now();
    const rows = exportCustomers(o.db, gm, { sort: "updated", dir: "desc" } as never);
    let n = 0;
    // the route's own columns and cells (app/api/customers/export/route.ts)
    const stream = streamXlsx("客户档案", CUSTOMER_EXPORT_HEADER, async (sheet) => {
      for await (const r of rows) {
        sheet.addRow(customerExportCells(r, (s) => zhCustomer.customer.stages[s]));
        n++;
      }
    });
    let bytes = 0;
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    console.log(`\n[bench:import] ${target}, ${ROWS} rows per file (read = parse the file; store = the upload keeps its rows; check = the dry run)`);
    console.table(results.map(([file, read, store, check, upToReport, apply, vid, cs, rss]) => ({ file, read, store, check, "upload→report": upToReport, apply, "valid/invalid/dup": vid, "created/skipped": cs, "RSS growth": rss })));
    console.log(`[bench:import] .xlsx export of ${n} customers: ${ms(t)}, ${mb(bytes)}, RSS growth ${mb(peak - rss0)}`);
  } finally {
    clearInterval(sampler);
    fs.rmSync(tmp, { recursive: true, force: true });
    await o.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
