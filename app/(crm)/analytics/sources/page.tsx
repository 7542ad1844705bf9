import { Trophy } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations, getLocale } from "next-intl/server";
import { AnalyticsFilters, qs } from "@/components/analytics/filters";
import { SourceCrossTable } from "@/components/analytics/source-cross-table";
import { LessonLinks } from "@/components/training/lesson-links";
import { getDb } from "@/db/client";
import { getUnitOptions } from "@/db/queries/communications";
import { getSourceAnalysis } from "@/db/queries/sources";
import { getOwnerOptions } from "@/db/queries/users";
import { getValueGradeRules } from "@/db/queries/value-grades";
import { formatMoney } from "@/lib/money";
import { pct } from "@/lib/percent";
import { requirePermission } from "@/lib/session";
import { CUSTOMER_STAGES } from "@/lib/stages";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { firstValues } from "@/lib/validation/common";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("sources"))("title") };
}

type SP = Record<string, string | string[] | undefined>;

/** 认识来源分析: per acquisition source the customers, buyers, revenue and conversion; the best channel first. */
export default async function SourcesPage({ searchParams }: { searchParams: Promise<SP> }) {
  const viewer = await requirePermission("analytics:view");
  const locale = await getLocale();
  const q = analyticsQuerySchema.parse(firstValues(await searchParams));
  const db = await getDb();
  const [t, ts, a, rules, units, owners] = await Promise.all([
    getTranslations("sources"),
    getTranslations("customer.stages"),
    getSourceAnalysis(db, viewer, { unit: q.unit, owner: q.owner, from: q.from, to: q.to }),
    getValueGradeRules(db),
    getUnitOptions(db, viewer),
    viewer.dataScope === "self" ? Promise.resolve([]) : getOwnerOptions(db, viewer),
  ]);
  const name = (s: { label: string | null }) => s.label ?? t("unknown");
  const drill = (sourceId: string | null) => (sourceId ? `/customers${qs({ source: sourceId, owner: q.owner })}` : null);
  const gradeCols = [...rules.grades.map((g) => ({ key: g.code, label: g.code }))];
  for (const s of a.sources) for (const g of Object.keys(s.byGrade)) if (!gradeCols.some((c) => c.key === g)) gradeCols.push({ key: g, label: g || t("ungraded") });
  const top = a.sources.slice(0, 6);
  const revenueCell = new Map(a.trend.revenue.map((r) => [`${r.sourceId}|${r.month}`, r.revenue]));
  const metCell = new Map(a.trend.met.map((r) => [`${r.sourceId}|${r.month}`, r.n]));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <LessonLinks slugs={["best-acquisition-channel"]} />
      </div>
      <AnalyticsFilters
        action="/analytics/sources"
        q={{ ...q, from: a.from, to: a.to }}
        open={!!(q.unit || q.owner || q.from || q.to)}
        units={units.map((u) => ({ id: u.id, label: u.name }))}
        owners={owners.map((o) => ({ id: o.id, label: punct(locale).paren(o.name, o.orgUnitName) }))}
        periodPresets
      />
      <section className="card flex items-start gap-3 border-amber-200 bg-amber-50 p-4" aria-labelledby="best-channel">
        <Trophy aria-hidden className="mt-1 size-6 shrink-0 text-amber-600" />
        <div>
          <h2 id="best-channel" className="text-lg font-semibold" data-testid="best-channel">
            {a.best ? t("best", { source: name(a.best) }) : t("none")}
          </h2>
          {a.best && (
            <p className="text-sm text-slate-700">
              {t("bestBody", { revenue: formatMoney(a.best.revenue), share: Math.round(a.best.share * 1000) / 10, conversion: pct(a.best.conversion), perCustomer: formatMoney(a.best.perCustomer) })}
            </p>
          )}
          {a.bestConversion && <p className="text-sm text-slate-600">{t("bestConversion", { source: name(a.bestConversion), conversion: pct(a.bestConversion.conversion) })}</p>}
          <p className="mt-1 text-xs text-slate-500">{t("period", { from: a.from, to: a.to })}</p>
        </div>
      </section>
      {a.totalCustomers === 0 ? (
        <p className="card p-10 text-center text-slate-600">{t("empty")}</p>
      ) : (
        <>
          <section className="card overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">{t("tableCaption")}</caption>
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  {(["source", "customers", "closed", "conversion", "revenue", "share", "perCustomer", "days"] as const).map((k) => (
                    <th key={k} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                      {t(`cols.${k}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {a.sources.map((s) => {
                  const href = drill(s.sourceId);
                  return (
                    <tr key={s.sourceId ?? "-"} data-source={name(s)}>
                      <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">
                        {href ? (
                          <Link href={href} className="text-brand-700 hover:underline">
                            {name(s)}
                          </Link>
                        ) : (
                          name(s)
                        )}
                      </th>
                      <td className="px-3 py-2 tabular-nums">{s.customers}</td>
                      <td className="px-3 py-2 tabular-nums">{s.closed}</td>
                      <td className="px-3 py-2 tabular-nums">{pct(s.conversion)}</td>
                      <td className="px-3 py-2 tabular-nums whitespace-nowrap">{formatMoney(s.revenue)}</td>
                      <td className="px-3 py-2 tabular-nums">{pct(s.share)}</td>
                      <td className="px-3 py-2 tabular-nums whitespace-nowrap">{formatMoney(s.perCustomer)}</td>
                      <td className="px-3 py-2 tabular-nums">{s.avgDaysToFirstDeal ?? "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
            <section className="card min-w-0 p-3">
              <SourceCrossTable
                caption={t("trendRevenueTitle")}
                rowHeader={t("month")}
                cols={top.map((s) => ({ key: s.sourceId ?? "", label: name(s) }))}
                rows={[...a.months].reverse().map((m) => ({ key: m, label: m, values: Object.fromEntries(top.map((s) => [s.sourceId ?? "", revenueCell.has(`${s.sourceId}|${m}`) ? formatMoney(revenueCell.get(`${s.sourceId}|${m}`)!) : 0])) }))}
              />
            </section>
            <section className="card min-w-0 p-3">
              <SourceCrossTable
                caption={t("trendTitle")}
                rowHeader={t("month")}
                cols={top.map((s) => ({ key: s.sourceId ?? "", label: name(s) }))}
                rows={[...a.months].reverse().map((m) => ({ key: m, label: m, values: Object.fromEntries(top.map((s) => [s.sourceId ?? "", metCell.get(`${s.sourceId}|${m}`) ?? 0])) }))}
              />
            </section>
            <section className="card min-w-0 p-3">
              <SourceCrossTable
                caption={t("gradeTitle")}
                rowHeader={t("cols.source")}
                cols={gradeCols}
                rows={a.sources.map((s) => ({ key: s.sourceId ?? "-", label: name(s), values: s.byGrade }))}
              />
            </section>
            <section className="card min-w-0 p-3">
              <SourceCrossTable
                caption={t("stageTitle")}
                rowHeader={t("cols.source")}
                cols={CUSTOMER_STAGES.map((s) => ({ key: s, label: ts(s) }))}
                rows={a.sources.map((s) => ({ key: s.sourceId ?? "-", label: name(s), values: s.byStage }))}
              />
            </section>
          </div>
        </>
      )}
    </div>
  );
}
