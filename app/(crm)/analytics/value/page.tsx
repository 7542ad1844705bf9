import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations, getLocale } from "next-intl/server";
import { AnalyticsFilters, qs } from "@/components/analytics/filters";
import { ValueGradeRulesSummary } from "@/components/analytics/value-grade-rules-summary";
import { ValueGradeTrend } from "@/components/analytics/value-grade-trend";
import { LessonLinks } from "@/components/training/lesson-links";
import { getDb } from "@/db/client";
import { getUnitOptions } from "@/db/queries/communications";
import { getOwnerOptions } from "@/db/queries/users";
import { getValueGradeStats, getValueGradeTrend } from "@/db/queries/value-grades";
import { centsToString, formatMoney, toCents } from "@/lib/money";
import { pct } from "@/lib/percent";
import { requirePermission } from "@/lib/session";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { firstValues } from "@/lib/validation/common";
import { can } from "@/lib/viewer";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("valueGrades"))("title") };
}

type SP = Record<string, string | string[] | undefined>;

/** 客户价值分级: per grade the customers in scope, their window revenue and share, the monthly trend, drill-down to the customers. */
export default async function ValueGradesPage({ searchParams }: { searchParams: Promise<SP> }) {
  const viewer = await requirePermission("analytics:view");
  const locale = await getLocale();
  const q = analyticsQuerySchema.parse(firstValues(await searchParams));
  const filter = { unit: q.unit, owner: q.owner };
  const db = await getDb();
  const [t, stats, trend, units, owners] = await Promise.all([
    getTranslations("valueGrades"),
    getValueGradeStats(db, viewer, filter),
    getValueGradeTrend(db, viewer, filter),
    getUnitOptions(db, viewer),
    viewer.dataScope === "self" ? Promise.resolve([]) : getOwnerOptions(db, viewer),
  ]);
  const { rules, grades } = stats;
  const drill = (grade: string) => `/customers${qs({ grade, owner: q.owner, sort: "updated" })}`;
  const graded = grades.filter((g) => g.grade != null).reduce((a, g) => a + g.customers, 0);
  const manual = grades.reduce((a, g) => a + g.manual, 0);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-slate-500">{t("subtitle", { months: rules.windowMonths })}</p>
        </div>
        <LessonLinks slugs={["value-customer-identification", "value-customer-management"]} />
      </div>
      <AnalyticsFilters
        action="/analytics/value"
        q={q}
        open={!!(q.unit || q.owner)}
        units={units.map((u) => ({ id: u.id, label: u.name }))}
        owners={owners.map((o) => ({ id: o.id, label: punct(locale).paren(o.name, o.orgUnitName) }))}
        noPeriod
      />
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {[
          [t("customers"), String(stats.totalCustomers)],
          [t("revenue"), formatMoney(stats.totalRevenue)],
          [t("graded"), String(graded)],
          [t("manual"), String(manual)],
        ].map(([l, v]) => (
          <div key={l} className="card p-3">
            <p className="text-xs text-slate-500">{l}</p>
            <p className="mt-1 text-lg font-semibold tabular-nums">{v}</p>
          </div>
        ))}
      </div>
      {stats.totalCustomers === 0 ? (
        <p className="card p-10 text-center text-slate-600">{t("empty")}</p>
      ) : (
        <section className="card overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">{t("tableCaption")}</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                {(["grade", "customers", "customerShare", "revenue", "share", "perCustomer", "manual"] as const).map((k) => (
                  <th key={k} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                    {t(`cols.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {grades.map((g) => (
                <tr key={g.grade ?? "-"} data-grade={g.grade ?? ""}>
                  <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">
                    {g.grade ? (
                      <Link href={drill(g.grade)} className="text-brand-700 hover:underline">
                        {g.label}
                      </Link>
                    ) : (
                      t("ungraded")
                    )}
                    {g.grade && !g.inRules && <span className="ml-1 text-xs text-slate-500">{t("outsideRules")}</span>}
                  </th>
                  <td className="px-3 py-2 tabular-nums">{g.customers}</td>
                  <td className="px-3 py-2 tabular-nums">{pct(g.customerShare)}</td>
                  <td className="px-3 py-2 tabular-nums whitespace-nowrap">{formatMoney(g.revenue)}</td>
                  <td className="px-3 py-2">
                    <div className="flex items-center gap-2">
                      <span className="w-12 tabular-nums">{pct(g.share)}</span>
                      <span aria-hidden className="h-2 w-24 overflow-hidden rounded bg-slate-100">
                        <span className="block h-2 bg-brand-500" style={{ width: `${Math.round(g.share * 100)}%` }} />
                      </span>
                    </div>
                  </td>
                  <td className="px-3 py-2 tabular-nums whitespace-nowrap">{g.customers ? formatMoney(centsToString(toCents(g.revenue) / BigInt(g.customers))) : "—"}</td>
                  <td className="px-3 py-2 tabular-nums">{g.manual || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-3">
        <section className="card min-w-0 p-3 xl:col-span-2" aria-labelledby="value-trend">
          <h2 id="value-trend" className="mb-2 font-medium">
            {t("trendTitle")}
          </h2>
          <ValueGradeTrend rows={trend} grades={rules.grades.map((g) => ({ code: g.code, label: g.label }))} />
        </section>
        <ValueGradeRulesSummary rules={rules} canEdit={can(viewer, "admin:dictionaries")} />
      </div>
    </div>
  );
}
