import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AnalyticsFilters, qs } from "@/components/analytics/filters";
import { FunnelChart } from "@/components/charts/funnel-chart";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getFunnel } from "@/db/queries/analytics";
import { getUnitOptions } from "@/db/queries/communications";
import { getProcesses, getProductOptions } from "@/db/queries/deals";
import { getOwnerOptions } from "@/db/queries/users";
import { funnelTotals } from "@/lib/funnel";
import { formatMoney } from "@/lib/money";
import { requirePermission } from "@/lib/session";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { firstValues } from "@/lib/validation/common";
import { LessonLinks } from "@/components/training/lesson-links";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("analytics.funnel"))("title") };
}

type SP = Record<string, string | string[] | undefined>;
const pct = (v: number | null) => (v == null ? "—" : `${Math.round(v * 1000) / 10}%`);

/** 销售漏斗图 for one process, scoped, with drill-down from every segment to its deals. */
export default async function FunnelPage({ searchParams }: { searchParams: Promise<SP> }) {
  const pn = punct(await getLocale());
  const viewer = await requirePermission("deal:view");
  const sp = await searchParams;
  const q = analyticsQuerySchema.parse(firstValues(sp));
  const db = await getDb();
  const [t, processes, units, owners, products] = await Promise.all([
    getTranslations(),
    getProcesses(db),
    getUnitOptions(db, viewer),
    viewer.dataScope === "self" ? Promise.resolve([]) : getOwnerOptions(db, viewer),
    getProductOptions(db),
  ]);
  const process = processes.find((p) => p.id === q.process) ?? processes.find((p) => p.isDefault) ?? processes[0];
  const segments = process ? await getFunnel(db, viewer, process.id, q) : [];
  const totals = funnelTotals(segments);
  const drill = (stageId: string) => `/deals${qs({ process: process?.id, stage: stageId, status: "open", unit: q.unit, owner: q.owner, product: q.product, from: q.from, to: q.to })}`;
  const filtered = !!(q.unit || q.owner || q.product || q.from || q.to);
  return (
    <ClientMessages namespaces={["analytics.funnel"]}>
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold">{t("analytics.funnel.title")}</h1>
            <p className="text-sm text-slate-500">{t("analytics.funnel.subtitle")}</p>
          </div>
          <LessonLinks slugs={["deal-customer-management"]} />
        </div>
        <AnalyticsFilters
          action="/analytics/funnel"
          q={{ ...q, process: process?.id }}
          open={filtered}
          processes={processes.map((p) => ({ id: p.id, label: p.name }))}
          units={units.map((u) => ({ id: u.id, label: u.name }))}
          owners={owners.map((o) => ({ id: o.id, label: pn.paren(o.name, o.orgUnitName) }))}
          products={products.map((p) => ({ id: p.id, label: p.name }))}
          periodPresets
        />
        <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
          {[
            [t("analytics.funnel.openDeals"), String(totals.count)],
            [t("analytics.funnel.pipeline"), formatMoney(totals.amount)],
            [t("analytics.funnel.weighted"), formatMoney(totals.weighted)],
            [t("analytics.funnel.overall"), pct(totals.overallConversion)],
          ].map(([l, v]) => (
            <div key={l} className="card p-3">
              <p className="text-xs text-slate-500">{l}</p>
              <p className="mt-1 text-lg font-semibold tabular-nums">{v}</p>
            </div>
          ))}
        </div>
        {segments.every((s) => s.reached === 0 && s.count === 0) ? (
          <p className="card p-10 text-center text-slate-600">{t("analytics.funnel.empty")}</p>
        ) : (
          <div className="grid grid-cols-1 gap-4 2xl:grid-cols-5">
            {/* side by side only where the table's seven columns fit beside the chart (at 1440 px they did not) */}
            <section className="card p-3 2xl:col-span-2" aria-label={t("analytics.funnel.chartTitle")}>
              <div className="mx-auto max-w-3xl">
                <FunnelChart segments={segments} hrefs={Object.fromEntries(segments.map((s) => [s.id, drill(s.id)]))} />
              </div>
              <p className="mt-2 text-xs text-slate-500">{t("analytics.funnel.chartHint")}</p>
            </section>
            <section className="card overflow-x-auto 2xl:col-span-3">
              <table className="w-full text-sm">
                <caption className="sr-only">{t("analytics.funnel.tableCaption")}</caption>
                <thead className="bg-slate-50 text-left text-slate-600">
                  <tr>
                    {(["stage", "count", "amount", "weighted", "reached", "conversion", "avgDays"] as const).map((k) => (
                      <th key={k} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                        {t(`analytics.funnel.cols.${k}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {segments.map((s) => (
                    <tr key={s.id} data-stage={s.name}>
                      <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">
                        <Link href={drill(s.id)} className="text-brand-700 hover:underline">
                          {s.name}
                        </Link>
                        <span className="ml-1 text-xs text-slate-400">{s.probability}%</span>
                      </th>
                      <td className="px-3 py-2 tabular-nums">{s.count}</td>
                      <td className="px-3 py-2 tabular-nums whitespace-nowrap">{formatMoney(s.amount)}</td>
                      <td className="px-3 py-2 tabular-nums whitespace-nowrap">{formatMoney(s.weighted)}</td>
                      <td className="px-3 py-2 tabular-nums">{s.reached}</td>
                      <td className="px-3 py-2 tabular-nums">{pct(s.conversion)}</td>
                      <td className="px-3 py-2 tabular-nums">{s.avgDays == null ? "—" : t("analytics.funnel.days", { n: s.avgDays })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        )}
      </div>
    </ClientMessages>
  );
}
