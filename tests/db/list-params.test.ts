// Bug: impossible dates (2026-02-30, 0000-01-01), forged cursors and NUL bytes in a list page's URL reached
// Postgres and answered 500. Every list page's query parameters, through its parser and the queries it feeds.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OpenedDb } from "@/db/client";
import { getDealBreakdown, getDealTotals, getFunnel, getStageCounts, getStageTransitions, listDeals, type BreakdownBy } from "@/db/queries/analytics";
import { listCommunications } from "@/db/queries/communications";
import { countCustomers, exportCustomers, listCustomers, searchCustomers } from "@/db/queries/customers";
import { getProcesses } from "@/db/queries/deals";
import { getPipelineBoard, getPipelineDeals } from "@/db/queries/pipeline";
import { listProducts } from "@/db/queries/products";
import { encodeCursor } from "@/lib/cursor";
import { startOfMonth, today } from "@/lib/dates";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { firstValues, searchText } from "@/lib/validation/common";
import { communicationListQuerySchema } from "@/lib/validation/communication";
import { customerListQuerySchema, customerSearchQuerySchema } from "@/lib/validation/customer";
import { pipelinePageQuerySchema, pipelineQuerySchema } from "@/lib/validation/pipeline";
import { productListQuerySchema } from "@/lib/validation/product";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let gm: Viewer, rep: Viewer;
let processId: string;
let realUuid: string;

beforeAll(async () => {
  o = await freshDb();
  [gm, rep] = await Promise.all([viewerFor(o.db, "gm@demo.cn"), viewerFor(o.db, "sz1.rep1@demo.cn")]);
  const processes = await getProcesses(o.db);
  processId = processes.find((p) => p.isDefault)!.id;
  realUuid = processes[0].stages[0].id;
});
afterAll(async () => o?.close());

const UUID0 = "0195f0a0-0000-7000-8000-000000000001";
const b64 = (s: string) => Buffer.from(s).toString("base64url");

/** Values people, crawlers and attackers put in URLs; each one used to 500 somewhere, or is close to it. */
const NASTY = [
  "\u0000",
  "a\u0000b",
  "张\u0000三",
  "\u0001\u001f\u007f",
  "\t\n\r",
  "2026-02-30",
  "0000-01-01",
  "2026-13-01",
  "2026-00-10",
  "9999-12-31",
  "275760-09-13",
  "2026-1-1",
  "2026-03-02T00:00",
  "99999999999999999999999",
  "1e400",
  "-1",
  "NaN",
  "Infinity",
  "",
  " ",
  "%00",
  "'; drop table customers; --",
  "\\",
  "%",
  "_",
  "------------------------------------",
  "ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ",
  "a".repeat(10_000),
  "张".repeat(5_000),
  "\ud800",
  "😀".repeat(60),
  b64("not json"),
  b64("[]"),
  b64("{}"),
  b64('["2026-02-30 10:00:00+08","' + UUID0 + '"]'),
  b64('["0000-01-01 00:00:00+00","' + UUID0 + '"]'),
  b64('["garbage","' + UUID0 + '"]'),
  b64('["2026-03-01 10:00:00+08","------------------------------------"]'),
  b64('[null,"' + UUID0 + '"]'),
  b64('["a\\u0000b","' + UUID0 + '"]'),
  b64('[1e400,"' + UUID0 + '"]'),
  b64('["2026-03-01 25:00:00+08","' + UUID0 + '"]'),
  encodeCursor(["2026-03-01 10:00:00+08", UUID0]),
  encodeCursor(["zhangsan", UUID0]),
  encodeCursor(["-infinity", UUID0]),
  "!!!!",
  "=".repeat(600),
  UUID0,
];

const KEYS = [
  "q", "stage", "grade", "industry", "region", "city", "circle", "source", "owner", "kind", "sort", "dir", "cursor", "deleted",
  "unit", "customer", "from", "to", "method", "interest", "product", "process", "status", "by", "show", "type", "vs",
] as const;

const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.base64String({ maxLength: 120 }) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constant("REAL_UUID") },
);
/** Next hands a repeated key over as an array. */
const param = fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.array(value, { minLength: 1, maxLength: 3 }) });
const searchParams = fc.dictionary(fc.constantFrom(...KEYS), param, { maxKeys: 8 });

const RUNS = 40;
const resolve = (sp: Record<string, string | string[]>) =>
  Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => (x === "REAL_UUID" ? realUuid : x)) : v === "REAL_UUID" ? realUuid : v]));

/** Runs `page` for every generated URL as GM and as a rep: it must never throw. */
async function neverThrows(page: (viewer: Viewer, sp: Record<string, string | string[]>) => Promise<unknown>) {
  // every known-bad value once in each kind of field (a bad field is ignored on its own, so they can share a URL)
  for (const n of NASTY) for (const v of [gm, rep]) await page(v, { q: n, from: n, to: n, cursor: n, owner: n, grade: n, interest: n });
  await fc.assert(
    fc.asyncProperty(searchParams, async (raw) => {
      const sp = resolve(raw);
      await page(gm, sp);
      await page(rep, sp);
    }),
    { numRuns: RUNS },
  );
}

describe("no list page's query parameters reach the database as an error", () => {
  test("/customers (list, count, export) and the quick search", async () => {
    await neverThrows(async (viewer, sp) => {
      const q = customerListQuerySchema.parse(firstValues(sp));
      await Promise.all([listCustomers(o.db, viewer, q), countCustomers(o.db, viewer, q)]);
      const { q: text, kind } = customerSearchQuerySchema.parse({ q: firstValues(sp).q, kind: firstValues(sp).kind });
      if (text) await searchCustomers(o.db, viewer, text, 10, { kind });
    });
    // the export streams the same list in pages; a few nasty filters through it
    for (const n of ["\u0000", "2026-02-30", b64('["garbage","' + UUID0 + '"]'), "a".repeat(10_000)]) {
      const q = customerListQuerySchema.parse({ q: n, grade: n, cursor: n, sort: "name" });
      for await (const _ of exportCustomers(o.db, gm, q)) break;
    }
  });

  test("/communications", async () => {
    await neverThrows(async (viewer, sp) => listCommunications(o.db, viewer, communicationListQuerySchema.parse(firstValues(sp))));
  });

  test("/deals (list, totals, breakdown)", async () => {
    await neverThrows(async (viewer, sp) => {
      const q = analyticsQuerySchema.parse(firstValues(sp));
      const by: BreakdownBy = (["product", "owner", "unit", "month"] as const).find((b) => b === sp.by) ?? "product";
      await Promise.all([listDeals(o.db, viewer, q), getDealTotals(o.db, viewer, q), getDealBreakdown(o.db, viewer, { ...q, stage: undefined, status: undefined, cursor: undefined }, by)]);
    });
  });

  test("/analytics/funnel", async () => {
    await neverThrows(async (viewer, sp) => getFunnel(o.db, viewer, processId, analyticsQuerySchema.parse(firstValues(sp))));
  });

  test("/analytics/stages", async () => {
    await neverThrows(async (viewer, sp) => {
      const q = analyticsQuerySchema.parse(firstValues(sp));
      const period = { from: q.from ?? startOfMonth(today()), to: q.to ?? today() };
      await Promise.all([getStageCounts(o.db, viewer, q), getStageTransitions(o.db, viewer, { ...q, ...period })]);
    });
  });

  test("/products", async () => {
    await neverThrows(async (viewer, sp) => listProducts(o.db, viewer, productListQuerySchema.parse({ status: sp.status, q: sp.q })));
  });

  test("/pipeline and a column's next page (GET /api/pipeline/deals)", async () => {
    const processes = await getProcesses(o.db);
    await neverThrows(async (viewer, sp) => {
      const q = pipelineQuerySchema.parse(firstValues(sp));
      const process = processes.find((p) => p.id === q.process) ?? processes.find((p) => p.isDefault)!;
      await getPipelineBoard(o.db, viewer, process, { owner: q.owner, product: q.product });
      const page = pipelinePageQuerySchema.parse(firstValues(sp));
      await getPipelineDeals(o.db, viewer, { processId: page.process ?? processId, stageId: page.stage ?? realUuid, owner: page.owner, product: page.product, cursor: page.cursor });
    });
  });
});

describe("the parsers", () => {
  test("impossible dates are ignored, real ones kept", () => {
    for (const d of ["2026-02-30", "0000-01-01", "2026-13-01", "2026-02-29", "1899-12-31", "2101-01-01", "2026-1-1"]) {
      expect(analyticsQuerySchema.parse({ from: d, to: d })).toMatchObject({ from: undefined, to: undefined });
      expect(communicationListQuerySchema.parse({ from: d }).from).toBeUndefined();
    }
    expect(analyticsQuerySchema.parse({ from: "2028-02-29", to: "2026-03-31" })).toMatchObject({ from: "2028-02-29", to: "2026-03-31" });
  });

  test("control characters never survive into a search", () => {
    expect(customerListQuerySchema.parse({ q: "张\u0000三" }).q).toBe("张 三");
    expect(customerListQuerySchema.parse({ q: "\u0000" }).q).toBeUndefined();
    expect(productListQuerySchema.parse({ q: "%00\u0000" }).q).toBe("%00");
    expect(searchText(5).parse("  abcdefgh  ")).toBe("abcde");
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        const q = customerListQuerySchema.parse({ q: s, grade: s }).q ?? "";
        expect(/[\u0000-\u001f\u007f]/.test(q)).toBe(false);
        expect([...q].length).toBeLessThanOrEqual(50);
      }),
    );
  });

  test("a repeated key takes its first value", () => {
    expect(customerListQuerySchema.parse(firstValues({ stage: ["target", "loyal"] })).stage).toBe("target");
    expect(analyticsQuerySchema.parse({ from: ["2026-03-01", "x"] }).from).toBe("2026-03-01");
  });
});
