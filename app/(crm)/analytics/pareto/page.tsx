import { Download } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations, getLocale } from "next-intl/server";
import { AnalyticsFilters, qs } from "@/components/analytics/filters";
import { ParetoChart } from "@/components/charts/pareto-chart";
import { ClientMessages } from "@/components/intl/client-messages";
import { LessonLinks } from "@/components/training/lesson-links";
import { getDb } from "@/db/client";
import { getUnitOptions } from "@/db/queries/communications";
import { getProductOptions } from "@/db/queries/deals";
import { getPareto } from "@/db/queries/pareto";
import { getOwnerOptions } from "@/db/queries/users";
import { formatMoney } from "@/lib/money";
import { pct } from "@/lib/percent";
import { requirePermission } from "@/lib/session";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { firstValues } from "@/lib/validation/common";
import { can } from "@/lib/viewer";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pareto"))("title") };
}

type SP = Record<string, string | string[] | undefined>;
const LIST = 200;

/** 二八分割图: customers by revenue in the period, the cumulative share, who makes 80%, and their list (exportable). */
export default async function ParetoPage({ searchParams }: { searchParams: Promise<SP> }) {
  const viewer = await requirePermission("analytics:view");
  const locale = await getLocale();
  const q = analyticsQuerySchema.parse(firstValues(await searchParams));
  const filter = { unit: q.unit, owner: q.owner, product: q.product, from: q.from, to: q.to };
  const db = await getDb();
  const [t, p, units, owners, products] = await Promise.all([
    getTranslations("pareto"),
    getPareto(db, viewer, filter, LIST),
    getUnitOptions(db, viewer),
    viewer.dataScope === "self" ? Promise.resolve([]) : getOwnerOptions(db, viewer),
    getProductOptions(db),
  ]);
  return (
    <ClientMessages namespaces={["pareto"]}>
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold">{t("title")}</h1>
            <p className="text-sm text-slate-500">{t("subtitle")}</p>
          </div>
          <LessonLinks slugs={["value-customer-identification"]} />
        </div>
        <AnalyticsFilters
          action="/analytics/pareto"
          q={{ ...q, from: p.from, to: p.to }}
          open={!!(q.unit || q.owner || q.product || q.from || q.to)}
          units={units.map((u) => ({ id: u.id, label: u.name }))}
          owners={owners.map((o) => ({ id: o.id, label: punct(locale).paren(o.name, o.orgUnitName) }))}
          products={products.map((x) => ({ id: x.id, label: x.name }))}
          periodPresets
        />
        <section className="card p-4" aria-labelledby="pareto-headline">
          <p className="text-xs text-slate-500">{t("period", { from: p.from, to: p.to })}</p>
          <h2 id="pareto-headline" className="mt-1 text-xl font-semibold" data-testid="pareto-headline">
            {p.customers ? t("headline", { pct: pct(p.k80Share).replace("%", ""), n: p.k80 }) : t("headlineEmpty")}
          </h2>
          {p.customers > 0 && <p className="text-sm text-slate-600">{t("totals", { customers: p.customers, revenue: formatMoney(p.total) })}</p>}
        </section>
        {p.customers > 0 && (
          <>
            <section className="card p-3" aria-label={t("chartTitle")}>
              <ParetoChart bars={p.bars} k80={p.k80} />
              <p className="mt-2 text-xs text-slate-500">{t("chartHint")}</p>
            </section>
            <section className="card overflow-x-auto" aria-labelledby="pareto-list">
              <div className="flex flex-wrap items-center justify-between gap-2 p-3">
                <h2 id="pareto-list" className="font-medium">
                  {t("listTitle")}
                </h2>
                {can(viewer, "customer:export") && (
                  <a href={`/api/analytics/pareto/export${qs(filter)}`} className="btn-secondary" download>
                    <Download aria-hidden className="size-4" />
                    {t("export")}
                  </a>
                )}
              </div>
              <table className="w-full text-sm">
                <caption className="sr-only">{t("listCaption")}</caption>
                <thead className="bg-slate-50 text-left text-slate-600">
                  <tr>
                    {(["rank", "customer", "owner", "grade", "revenue", "share", "cumulative"] as const).map((k) => (
                      <th key={k} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                        {t(`cols.${k}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {p.list.map((c) => (
                    <tr key={c.id}>
                      <td className="px-3 py-2 tabular-nums">{c.rank}</td>
                      <th scope="row" className="px-3 py-2 text-left font-medium">
                        <Link href={`/customers/${c.id}`} className="text-brand-700 hover:underline">
                          {c.name}
                        </Link>
                      </th>
                      <td className="px-3 py-2 text-slate-600">{c.ownerName ?? "—"}</td>
                      <td className="px-3 py-2">{c.grade ?? "—"}</td>
                      <td className="px-3 py-2 tabular-nums whitespace-nowrap">{formatMoney(c.revenue)}</td>
                      <td className="px-3 py-2 tabular-nums">{pct(c.share)}</td>
                      <td className="px-3 py-2 tabular-nums">{pct(c.cumulative)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {p.k80 > p.list.length && <p className="p-3 text-sm text-slate-600">{t("more", { n: p.k80, shown: p.list.length })}</p>}
            </section>
          </>
        )}
      </div>
    </ClientMessages>
  );
}
