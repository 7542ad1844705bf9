import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { queryRows, type Db } from "@/db/client";
import { appSettings, customerMonthRollup, customers, customerValueRollup, orgUnits, users, valueGradeRuleVersions, valueGrades, type ValueGradeBasis } from "@/db/schema";
import { AppError, forbidden } from "@/lib/errors";
import { centsToString, toCents } from "@/lib/money";
import type { ValueGradeRulesInput } from "@/lib/validation/value-grades";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { scopeWhere } from "./scope";

/** Unit filter = the unit and every unit below it. */
const unitTree = (col: AnyPgColumn, unit: string) =>
  sql`${col} in (select u.id from ${orgUnits} u where u.path like (select p.path from ${orgUnits} p where p.id = ${unit}) || '%')`;

export type ValueGradeRules = {
  version: number;
  basis: ValueGradeBasis;
  windowMonths: number;
  grades: { code: string; label: string; minRevenue: string; minShare: string | null }[];
};

/** The grades in force, best first, with the basis and window (company-wide configuration, no scope). */
export async function getValueGradeRules(db: Db): Promise<ValueGradeRules> {
  const [grades, [v]] = await Promise.all([
    db
      .select({ code: valueGrades.code, label: valueGrades.label, minRevenue: valueGrades.minRevenue, minShare: valueGrades.minShare, periodMonths: valueGrades.periodMonths })
      .from(valueGrades)
      .where(isNull(valueGrades.deletedAt))
      .orderBy(asc(valueGrades.sort), asc(valueGrades.code)),
    db.select().from(valueGradeRuleVersions).orderBy(desc(valueGradeRuleVersions.version)).limit(1),
  ]);
  return {
    version: v?.version ?? 0,
    basis: v?.basis ?? "revenue",
    windowMonths: v?.windowMonths ?? Math.max(12, ...grades.map((g) => g.periodMonths)),
    grades: grades.map(({ periodMonths: _p, ...g }) => g),
  };
}

/** The saved versions, newest first (the history an admin reads beside the editor). */
export async function getValueGradeHistory(db: Db, limit = 20) {
  return db
    .select({
      version: valueGradeRuleVersions.version,
      basis: valueGradeRuleVersions.basis,
      windowMonths: valueGradeRuleVersions.windowMonths,
      grades: valueGradeRuleVersions.grades,
      note: valueGradeRuleVersions.note,
      regraded: valueGradeRuleVersions.regraded,
      createdAt: valueGradeRuleVersions.createdAt,
      createdBy: users.name,
    })
    .from(valueGradeRuleVersions)
    .leftJoin(users, eq(users.id, valueGradeRuleVersions.createdBy))
    .orderBy(desc(valueGradeRuleVersions.version))
    .limit(limit);
}

/**
 * Saves a new version of the grade rules (admin:dictionaries): the grades replaced, the version row written,
 * every customer regraded and the change audited, all in one transaction. `expectedVersion` is the version
 * the editor was opened on: a save over someone else's newer one is a conflict.
 */
export async function saveValueGradeRules(db: Db, viewer: Viewer, input: ValueGradeRulesInput & { expectedVersion: number }, ip?: string | null) {
  if (!can(viewer, "admin:dictionaries")) throw forbidden();
  return db.transaction(async (tx) => {
    // one rule change at a time: the lock serialises two admins saving at once
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('zhike:value-grade-rules'))`);
    const before = await getValueGradeRules(tx);
    if (before.version !== input.expectedVersion) throw new AppError("CONFLICT", "分级规则已被他人修改，请刷新后重新编辑（您的修改尚未保存）");
    const version = before.version + 1;
    const grades = input.grades.map((g) => ({ code: g.code, label: g.label, minRevenue: g.minRevenue ?? "0.00", minShare: input.basis === "share" ? g.minShare : null }));
    await tx.delete(valueGrades);
    await tx.insert(valueGrades).values(
      grades.map((g, sort) => ({ ...g, periodMonths: input.windowMonths, sort, createdBy: viewer.id, updatedBy: viewer.id })),
    );
    await tx.insert(valueGradeRuleVersions).values({ version, basis: input.basis, windowMonths: input.windowMonths, grades, note: input.note, createdBy: viewer.id });
    const [{ n }] = await queryRows<{ n: number }>(tx, sql`select zhike_regrade_all() as n`);
    const regraded = Number(n);
    await tx.update(valueGradeRuleVersions).set({ regraded }).where(eq(valueGradeRuleVersions.version, version));
    await tx
      .insert(appSettings)
      .values({ key: "value_grades_regraded_on", value: sql`to_jsonb(((now() at time zone 'Asia/Shanghai')::date)::text)` })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: sql`excluded.value` } });
    const pick = (r: ValueGradeRules) => ({ version: r.version, basis: r.basis, windowMonths: r.windowMonths, grades: r.grades });
    await writeAudit(tx, viewer, {
      action: "update",
      entityType: "value_grade_rules",
      before: pick(before),
      after: { version, basis: input.basis, windowMonths: input.windowMonths, grades, note: input.note, regraded },
      ip,
    });
    return { version, regraded };
  });
}

/**
 * The daily roll of the grade window (lib/jobs/daily.ts): every customer regraded once per company day.
 * Several servers may call it; the advisory lock and the day stamp make it run once. Returns null when
 * another server has it or it already ran today.
 */
export async function regradeForToday(db: Db, today: string) {
  return db.transaction(async (tx) => {
    const [{ got }] = await queryRows<{ got: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtext('zhike:value-grade-rules')) as got`);
    if (!got) return null;
    const [done] = await tx.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, "value_grades_regraded_on"));
    if (done?.value === today) return null;
    const [{ n }] = await queryRows<{ n: number }>(tx, sql`select zhike_regrade_all() as n`);
    await tx
      .insert(appSettings)
      .values({ key: "value_grades_regraded_on", value: sql`to_jsonb(${today}::text)` })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: sql`excluded.value` } });
    return Number(n);
  });
}

export type ValueFilter = { unit?: string; owner?: string };

/** Scope and filters over a table keyed by owner and unit (customers or the rollups of migration 0014). */
function ownedFilters(viewer: Viewer, t: { ownerId: AnyPgColumn; orgUnitId: AnyPgColumn }, q: ValueFilter): SQL[] {
  const f: SQL[] = [scopeWhere(viewer, t)];
  if (q.unit) f.push(unitTree(t.orgUnitId, q.unit));
  if (q.owner) f.push(eq(t.ownerId, q.owner));
  return f;
}

/** A customer's grade wherever one is shown or counted: the manual one first. */
export const effectiveGrade = sql<string | null>`coalesce(${customers.valueGradeOverride}, ${customers.valueGrade})`;

/**
 * 价值分级统计: per grade (the effective one) the customers in scope, how many of them graded by hand, their
 * window revenue and its share of the scope's; grades of the rules first, best first, then any manual
 * grade outside the rules, then the ungraded. Exact money strings.
 */
export async function getValueGradeStats(db: Db, viewer: Viewer, q: ValueFilter) {
  if (!can(viewer, "analytics:view")) throw forbidden();
  const rules = await getValueGradeRules(db);
  // from customer_value_rollup (migration 0014): a few thousand keys, not every customer in scope
  const r = customerValueRollup;
  const rows = await queryRows<{ grade: string | null; customers: number; manual: number; revenue: string }>(
    db,
    sql`select ${r.grade} as grade, sum(${r.n})::int as customers, sum(${r.manual})::int as manual, round(coalesce(sum(${r.revenue}), 0), 2)::text as revenue
        from ${r} where ${and(...ownedFilters(viewer, r, q))} group by 1 having sum(${r.n}) > 0`,
  );
  const totalCents = rows.reduce((a, r) => a + toCents(r.revenue), 0n);
  const total = Number(totalCents);
  const totalCustomers = rows.reduce((a, r) => a + Number(r.customers), 0);
  const order = new Map(rules.grades.map((g, i) => [g.code, i]));
  const label = new Map(rules.grades.map((g) => [g.code, g.label]));
  const grades = rows
    .map((r) => ({
      grade: r.grade,
      label: r.grade ? (label.get(r.grade) ?? r.grade) : null,
      inRules: r.grade != null && order.has(r.grade),
      customers: Number(r.customers),
      manual: Number(r.manual),
      revenue: r.revenue,
      share: total > 0 ? Number(toCents(r.revenue)) / total : 0,
      customerShare: totalCustomers > 0 ? Number(r.customers) / totalCustomers : 0,
    }))
    .sort((a, b) => rank(a) - rank(b) || String(a.grade).localeCompare(String(b.grade)));
  function rank(r: { grade: string | null }) {
    return r.grade == null ? 1e6 : (order.get(r.grade) ?? 1e3);
  }
  // grades of the rules that nobody in scope holds still get their row (0 customers)
  for (const g of rules.grades)
    if (!grades.some((r) => r.grade === g.code)) grades.splice(order.get(g.code)!, 0, { grade: g.code, label: g.label, inRules: true, customers: 0, manual: 0, revenue: "0.00", share: 0, customerShare: 0 });
  return { rules, grades, totalRevenue: centsToString(totalCents), totalCustomers };
}

/**
 * Won revenue per month by the customers' grade now (趋势), from customer_month_rollup (migration 0014): the
 * months from the one the grade window starts in to this one. Months are whole, so the first one may hold
 * a few days before the window.
 */
export async function getValueGradeTrend(db: Db, viewer: Viewer, q: ValueFilter) {
  if (!can(viewer, "analytics:view")) throw forbidden();
  const r = customerMonthRollup;
  const rows = await queryRows<{ month: string; grade: string | null; revenue: string }>(
    db,
    sql`select to_char(${r.month}, 'YYYY-MM') as month, ${r.grade} as grade, round(sum(${r.revenue}), 2)::text as revenue
          from ${r}
         -- a scalar subquery: the window's start is worked out once, not once per rollup row
         where ${and(...ownedFilters(viewer, r, q))}
           and ${r.month} >= (select date_trunc('month', zhike_value_window_start())::date) and ${r.month} <= (now() at time zone 'Asia/Shanghai')::date
         group by 1, 2 having sum(${r.revenue}) <> 0 order by 1, 2`,
  );
  return rows;
}
