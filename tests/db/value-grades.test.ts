import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { closeDeal, createDeal, getProcesses } from "@/db/queries/deals";
import { getValueGradeHistory, getValueGradeRules, getValueGradeStats, getValueGradeTrend, regradeForToday, saveValueGradeRules } from "@/db/queries/value-grades";
import { auditLog, customers, deals } from "@/db/schema";
import { today } from "@/lib/dates";
import { closeDealSchema, dealInputSchema } from "@/lib/validation/deal";
import { valueGradeRulesSchema } from "@/lib/validation/value-grades";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, manager: Viewer, gm: Viewer, admin: Viewer;

beforeAll(async () => {
  o = await freshDb();
  [rep1, manager, gm, admin] = await Promise.all(["sz1.rep1@demo.cn", "sz1.manager@demo.cn", "gm@demo.cn", "admin@demo.cn"].map((e) => viewerFor(o.db, e)));
});
afterAll(async () => o?.close());

/** Every live customer's window revenue straight from the deals (the oracle): hand-written SQL. */
async function liveRevenue(months: number) {
  const rows = await queryRows<{ id: string; revenue: string; stored: string; grade: string | null }>(
    o.db,
    sql.raw(`select c.id, coalesce(sum(d.amount), 0)::numeric(14,2)::text as revenue, c.value_revenue::text as stored, c.value_grade as grade
               from customers c left join deals d on d.customer_id = c.id and d.status = 'won' and d.deleted_at is null
                and d.closed_on > (now() at time zone 'Asia/Shanghai')::date - interval '${months} months'
                and d.closed_on <= (now() at time zone 'Asia/Shanghai')::date
              where c.deleted_at is null group by c.id`),
  );
  return rows;
}

/** The grade the rules give each customer, worked out in TypeScript from the oracle's revenue. */
function oracleGrades(rows: { id: string; revenue: string }[], rules: { basis: "revenue" | "share"; grades: { code: string; minRevenue: string; minShare: string | null }[] }) {
  const out = new Map<string, string | null>();
  if (rules.basis === "revenue") {
    const byMin = [...rules.grades].sort((a, b) => Number(b.minRevenue) - Number(a.minRevenue));
    for (const r of rows) out.set(r.id, byMin.find((g) => Number(r.revenue) >= Number(g.minRevenue))?.code ?? null);
    return out;
  }
  const ranked = rows.filter((r) => Number(r.revenue) > 0).sort((a, b) => Number(b.revenue) - Number(a.revenue) || (a.id < b.id ? -1 : 1));
  const total = ranked.reduce((a, r) => a + Number(r.revenue), 0);
  const rest = rules.grades.find((g) => g.minShare == null)?.code ?? null;
  let before = 0;
  for (const r of ranked) {
    const pct = (100 * before) / total;
    out.set(r.id, rules.grades.find((g) => g.minShare == null || pct < Number(g.minShare))?.code ?? null);
    before += Number(r.revenue);
  }
  for (const r of rows) if (!out.has(r.id)) out.set(r.id, rest);
  return out;
}

/** The two rollups as kept by the triggers equal a rebuild from scratch (then left rebuilt: the same rows). */
async function expectRollupsAreRebuilt() {
  const read = async () =>
    Promise.all([
      queryRows(o.db, sql`select org_unit_id, owner_id, source_id, stage, grade, n, manual, revenue::numeric(20,2)::text as revenue, buyers, days::text as days, timed from customer_value_rollup order by 1, 2, 3, 4, 5`),
      queryRows(o.db, sql`select org_unit_id, owner_id, source_id, grade, month::text, met, revenue::numeric(20,2)::text as revenue from customer_month_rollup order by 1, 2, 3, 4, 5`),
    ]);
  const kept = await read();
  await o.db.execute(sql`select zhike_value_rollup_rebuild()`);
  const rebuilt = await read();
  expect(kept[0]).toEqual(rebuilt[0]);
  expect(kept[1]).toEqual(rebuilt[1]);
  expect(kept[0].length).toBeGreaterThan(0);
}

async function expectMaterialisedIsLive() {
  await expectRollupsAreRebuilt();
  const rules = await getValueGradeRules(o.db);
  const rows = await liveRevenue(rules.windowMonths);
  const grades = oracleGrades(rows, rules);
  const wrong = rows.filter((r) => r.revenue !== r.stored || r.grade !== grades.get(r.id));
  expect(wrong.slice(0, 3)).toEqual([]);
  // 认识到首单: the first live won deal's close date rides along
  const firsts = await queryRows<{ id: string }>(
    o.db,
    sql`select c.id from customers c where c.first_won_on is distinct from
          (select min(d.closed_on) from deals d where d.customer_id = c.id and d.status = 'won' and d.deleted_at is null)`,
  );
  expect(firsts).toEqual([]);
  return rows;
}

describe("computed grades", () => {
  test("after the seed every customer's revenue and grade are those of the rules (materialised = live)", async () => {
    const rows = await expectMaterialisedIsLive();
    // the demo has customers in every grade
    const grades = new Set(rows.map((r) => r.grade));
    for (const g of ["A", "B", "C", "D"]) expect(grades.has(g)).toBe(true);
  });

  test("winning a deal regrades its customer at once; a manual grade is kept over it", async () => {
    const [c] = await o.db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.ownerId, rep1.id), eq(customers.valueGrade, "D"), isNull(customers.deletedAt), isNull(customers.valueGradeOverride)))
      .limit(1);
    const def = (await getProcesses(o.db)).find((p) => p.isDefault)!;
    const d = await createDeal(o.db, rep1, dealInputSchema.parse({ customerId: c.id, title: "大单", processId: def.id, expectedAmount: "600000" }));
    await closeDeal(o.db, rep1, closeDealSchema.parse({ dealId: d.id, outcome: "won", amount: "600000", closedOn: today(), successReasons: "a", lessonsLearned: "b" }));
    let [row] = await o.db.select().from(customers).where(eq(customers.id, c.id));
    expect(row.valueGrade).toBe("A");
    expect(Number(row.valueRevenue)).toBeGreaterThanOrEqual(600000);
    await o.db.update(customers).set({ valueGradeOverride: "C" }).where(eq(customers.id, c.id));
    // deleting the deal (as a sync or an import would) takes the revenue back out; the override stays
    await o.db.update(deals).set({ deletedAt: new Date() }).where(eq(deals.id, d.id));
    [row] = await o.db.select().from(customers).where(eq(customers.id, c.id));
    expect(row.valueGradeOverride).toBe("C");
    expect(row.valueGrade).not.toBe("A");
    await expectMaterialisedIsLive();
  });
});

describe("the grade and source rollups", () => {
  test("follow a customer's new owner, source and deletion with all of its revenue (kept = rebuilt)", async () => {
    const buyers = await queryRows<{ id: string }>(o.db, sql`select id from customers where value_revenue > 0 and deleted_at is null order by id limit 3`);
    const [src] = await queryRows<{ id: string }>(o.db, sql`select id from dictionary_items where kind = 'source' order by label desc limit 1`);
    await o.db.update(customers).set({ ownerId: manager.id, orgUnitId: manager.orgUnitId }).where(eq(customers.id, buyers[0].id));
    await o.db.update(customers).set({ sourceId: src.id, metOn: "2020-02-02" }).where(eq(customers.id, buyers[1].id));
    await o.db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, buyers[2].id));
    await expectRollupsAreRebuilt();
    await o.db.update(customers).set({ deletedAt: null }).where(eq(customers.id, buyers[2].id));
    await expectRollupsAreRebuilt();
  });
});

describe("rules", () => {
  test("the schema refuses thresholds out of order, duplicate codes and a share bound missing in the middle", () => {
    const r = valueGradeRulesSchema.safeParse({
      basis: "revenue",
      windowMonths: "12",
      grades: [
        { code: "A", label: "A", minRevenue: "100" },
        { code: "a", label: "B", minRevenue: "200" },
      ],
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("grades.1.code");
    expect(paths).toContain("grades.1.minRevenue");
    const s = valueGradeRulesSchema.safeParse({ basis: "share", windowMonths: 12, grades: [{ code: "A", label: "A", minShare: "" }, { code: "B", label: "B", minShare: "" }] });
    expect(s.error!.issues.map((i) => i.path.join("."))).toEqual(["grades.0.minShare"]);
    expect(valueGradeRulesSchema.safeParse({ basis: "revenue", windowMonths: 0, grades: [{ code: "A", label: "A", minRevenue: "0" }] }).success).toBe(false);
  });

  test("only an admin may change them; a save is a new version, audited, and regrades everyone", async () => {
    const input = valueGradeRulesSchema.parse({
      basis: "revenue",
      windowMonths: 24,
      note: "两年窗口",
      grades: [
        { code: "VIP", label: "VIP 客户", minRevenue: "300000" },
        { code: "A", label: "A 类", minRevenue: "50000" },
        { code: "B", label: "B 类", minRevenue: "0.01" },
      ],
    });
    await expect(saveValueGradeRules(o.db, gm, { ...input, expectedVersion: 0 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const r = await saveValueGradeRules(o.db, admin, { ...input, expectedVersion: 0 });
    expect(r.version).toBe(1);
    expect(r.regraded).toBeGreaterThan(0);
    await expect(saveValueGradeRules(o.db, admin, { ...input, expectedVersion: 0 })).rejects.toMatchObject({ code: "CONFLICT" });
    const rules = await getValueGradeRules(o.db);
    expect(rules).toMatchObject({ version: 1, basis: "revenue", windowMonths: 24 });
    expect(rules.grades.map((g) => g.code)).toEqual(["VIP", "A", "B"]);
    const rows = await expectMaterialisedIsLive();
    // a customer without revenue in the window has no grade under these rules
    expect(rows.some((r) => r.grade === null && r.revenue === "0.00")).toBe(true);
    const [h] = await getValueGradeHistory(o.db);
    expect(h).toMatchObject({ version: 1, windowMonths: 24, note: "两年窗口", createdBy: admin.name, regraded: r.regraded });
    const [a] = await o.db.select().from(auditLog).where(eq(auditLog.entityType, "value_grade_rules"));
    expect(a.actorId).toBe(admin.id);
    expect(a.after).toMatchObject({ version: 1, windowMonths: 24, regraded: r.regraded });
  });

  test("share basis: the customers making the first 80% of revenue are A (an ABC split)", async () => {
    const input = valueGradeRulesSchema.parse({
      basis: "share",
      windowMonths: 12,
      grades: [
        { code: "A", label: "A 类", minShare: "80" },
        { code: "B", label: "B 类", minShare: "95" },
        { code: "C", label: "C 类", minShare: "100" },
        { code: "D", label: "D 类", minShare: "" },
      ],
    });
    await saveValueGradeRules(o.db, admin, { ...input, expectedVersion: 1 });
    const rows = await expectMaterialisedIsLive();
    const total = rows.reduce((a, r) => a + Number(r.revenue), 0);
    const aRevenue = rows.filter((r) => r.grade === "A").reduce((a, r) => a + Number(r.revenue), 0);
    expect(aRevenue / total).toBeGreaterThanOrEqual(0.8);
    expect(rows.filter((r) => r.revenue === "0.00").every((r) => r.grade === "D")).toBe(true);
  });

  test("the daily regrade runs once a day", async () => {
    const day = "2099-01-01";
    expect(await regradeForToday(o.db, day)).toBe(0);
    expect(await regradeForToday(o.db, day)).toBeNull();
  });
});

describe("statistics under scope (compared with hand-written SQL)", () => {
  const oracle = async (where: string) =>
    queryRows<{ grade: string | null; n: number; manual: number; revenue: string }>(
      o.db,
      sql.raw(`select coalesce(value_grade_override, value_grade) as grade, count(*)::int as n, count(value_grade_override)::int as manual, sum(value_revenue)::text as revenue
                 from customers where deleted_at is null and ${where} group by 1`),
    );
  const check = async (v: Viewer, where: string) => {
    const [stats, want] = await Promise.all([getValueGradeStats(o.db, v, {}), oracle(where)]);
    const got = stats.grades.filter((g) => g.customers > 0);
    expect(got.map((g) => [g.grade, g.customers, g.manual, Number(g.revenue)]).sort()).toEqual(want.map((w) => [w.grade, Number(w.n), Number(w.manual), Number(w.revenue)]).sort());
    expect(stats.totalCustomers).toBe(want.reduce((a, w) => a + Number(w.n), 0));
  };
  test("a rep counts own customers, a manager the unit tree, the GM everyone", async () => {
    await check(rep1, `owner_id = '${rep1.id}'`);
    await check(manager, `org_unit_id in (${manager.unitIds.map((u) => `'${u}'`).join(",")})`);
    await check(gm, "true");
  });
  test("the trend sums each month's won revenue (whole months of the window) by today's grade, scoped", async () => {
    const trendOracle = async (where: string) =>
      queryRows<{ revenue: string }>(
        o.db,
        sql.raw(`select coalesce(sum(d.amount), 0)::text as revenue from deals d join customers c on c.id = d.customer_id and c.deleted_at is null
                  where d.deleted_at is null and d.status = 'won' and ${where.replaceAll("owner_id", "c.owner_id").replaceAll("org_unit_id", "c.org_unit_id")}
                   and d.closed_on between date_trunc('month', zhike_value_window_start())::date and (now() at time zone 'Asia/Shanghai')::date`),
      );
    for (const [v, where] of [
      [rep1, `owner_id = '${rep1.id}'`],
      [manager, `org_unit_id in (${manager.unitIds.map((u) => `'${u}'`).join(",")})`],
      [gm, "true"],
    ] as const) {
      const [t, [w]] = await Promise.all([getValueGradeTrend(o.db, v, {}), trendOracle(where)]);
      expect(t.reduce((a, r) => a + Number(r.revenue), 0)).toBeCloseTo(Number(w.revenue), 2);
    }
  });
  test("a viewer without analytics (the admin) is refused", async () => {
    await expect(getValueGradeStats(o.db, admin, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
