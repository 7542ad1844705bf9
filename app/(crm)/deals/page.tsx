import { KanbanSquare, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AnalyticsFilters, qs } from "@/components/analytics/filters";
import { getDb } from "@/db/client";
import { getDealBreakdown, getDealTotals, listDeals, type BreakdownBy } from "@/db/queries/analytics";
import { getUnitOptions } from "@/db/queries/communications";
import { getProcesses, getProductOptions } from "@/db/queries/deals";
import { getOwnerOptions } from "@/db/queries/users";
import { formatMoney } from "@/lib/money";
import { requirePermission } from "@/lib/session";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { firstValues } from "@/lib/validation/common";
import { can } from "@/lib/viewer";
import { LessonLinks } from "@/components/training/lesson-links";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("deals") };
}

type SP = Record<string, string | string[] | undefined>;

/** 交易信息: forecast vs actual over the filter, and the deals themselves (the drill-down of every figure). */
export default async function DealsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const pn = punct(await getLocale());
  const viewer = await requirePermission("deal:view");
  const sp = await searchParams;
  const q = analyticsQuerySchema.parse(firstValues(sp));
  const by: BreakdownBy = (["product", "owner", "unit", "month"] as const).find((b) => b === sp.by) ?? "product";
  const db = await getDb();
  const [t, page, totals, units, owners, products, processes, breakdown] = await Promise.all([
    getTranslations(),
    listDeals(db, viewer, q),
    getDealTotals(db, viewer, q),
    getUnitOptions(db, viewer),
    viewer.dataScope === "self" ? Promise.resolve([]) : getOwnerOptions(db, viewer),
    getProductOptions(db),
    getProcesses(db),
    // a drilled-down stage or status shows its own figures (the funnel's segment), not the whole filter's
    getDealBreakdown(db, viewer, { ...q, cursor: undefined }, by),
  ]);
  const stageName = q.stage ? processes.flatMap((p) => p.stages).find((s) => s.id === q.stage)?.name : undefined;
  const base = { ...q, cursor: undefined };
  const filtered = !!(q.unit || q.owner || q.product || q.process || q.status || q.from || q.to || q.stage || q.customer);
  const card = (label: string, value: string, href?: string) => (
    <div className="card p-3">
      <p className="text-xs text-slate-500">{label}</p>
      {href ? (
        <Link href={href} className="mt-1 block text-lg font-semibold text-brand-700 tabular-nums hover:underline">
          {value}
        </Link>
      ) : (
        <p className="mt-1 text-lg font-semibold tabular-nums">{value}</p>
      )}
    </div>
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("deal.list.title")}</h1>
          <p className="text-sm text-slate-500">{stageName ? t("deal.list.inStage", { stage: stageName }) : t("deal.list.subtitle")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <LessonLinks slugs={["deal-customer-management"]} />
          <Link href="/pipeline" className="btn-secondary">
            <KanbanSquare aria-hidden className="size-4" />
            {t("modules.pipeline")}
          </Link>
          {can(viewer, "customer:export") && (
            <a href={`/api/deals/export${qs({ ...q, cursor: undefined })}`} className="btn-secondary" download>
              {t("imports.exportXlsx")}
            </a>
          )}
          {can(viewer, "deal:create") && (
            <Link href="/deals/new" className="btn-primary">
              <Plus aria-hidden className="size-4" />
              {t("deal.list.new")}
            </Link>
          )}
        </div>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {card(t("deal.totals.forecast"), formatMoney(totals.forecast), `/deals${qs({ ...base, status: "open" })}`)}
        {card(t("deal.totals.weighted"), formatMoney(totals.weighted))}
        {card(t("deal.totals.actual"), formatMoney(totals.actual), `/deals${qs({ ...base, status: "won" })}`)}
        {card(t("deal.totals.counts"), t("deal.totals.countsValue", { open: totals.open, won: totals.won, lost: totals.lost }))}
      </div>
      <AnalyticsFilters
        action="/deals"
        q={q}
        open={filtered}
        statuses
        hidden={{ stage: q.stage, customer: q.customer, by: sp.by as string | undefined }}
        units={units.map((u) => ({ id: u.id, label: u.name }))}
        owners={owners.map((o) => ({ id: o.id, label: pn.paren(o.name, o.orgUnitName) }))}
        products={products.map((p) => ({ id: p.id, label: p.name }))}
        processes={[{ id: "", label: t("analytics.filters.all") }, ...processes.map((p) => ({ id: p.id, label: p.name }))]}
      />
      <section className="card overflow-x-auto" aria-labelledby="breakdown-h">
        <div className="flex flex-wrap items-center justify-between gap-2 px-3 pt-3">
          <h2 id="breakdown-h" className="font-semibold">
            {t("deal.breakdown.title")}
          </h2>
          <nav aria-label={t("deal.breakdown.by")} className="flex gap-1">
            {(["product", "owner", "unit", "month"] as const).map((b) => (
              <Link
                key={b}
                href={`/deals${qs({ ...base, by: b })}`}
                aria-current={b === by ? "page" : undefined}
                className={b === by ? "chip bg-brand-600 px-3 py-1 text-white" : "chip bg-slate-100 px-3 py-1 text-slate-700 hover:bg-slate-200"}
              >
                {t(`deal.breakdown.${b}`)}
              </Link>
            ))}
          </nav>
        </div>
        {breakdown.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500">{t("deal.list.emptyFiltered")}</p>
        ) : (
          <table className="mt-2 w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">{t(`deal.breakdown.${by}`)}</th>
                <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">{t("deal.totals.forecast")}</th>
                <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">{t("deal.totals.weighted")}</th>
                <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">{t("deal.totals.actual")}</th>
                <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">{t("deal.totals.counts")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {breakdown.map((r) => {
                const f = by === "month" ? null : { product: "product", owner: "owner", unit: "unit" }[by]!;
                const drill = (status?: string) => (f && r.key ? `/deals${qs({ ...base, [f]: r.key, status, by })}` : undefined);
                return (
                  <tr key={r.key ?? "none"}>
                    <th scope="row" className={by === "month" ? "px-3 py-2 text-left font-medium whitespace-nowrap" : "px-3 py-2 text-left font-medium"}>
                      {drill() ? (
                        <Link href={drill()!} className="text-brand-700 hover:underline">
                          {r.label ?? t("deal.breakdown.none")}
                        </Link>
                      ) : (
                        (r.label ?? t("deal.breakdown.none"))
                      )}
                    </th>
                    <td className="px-3 py-2 tabular-nums whitespace-nowrap">{drill("open") ? <Link href={drill("open")!} className="hover:underline">{formatMoney(r.forecast)}</Link> : formatMoney(r.forecast)}</td>
                    <td className="px-3 py-2 tabular-nums whitespace-nowrap">{formatMoney(r.weighted)}</td>
                    <td className="px-3 py-2 tabular-nums whitespace-nowrap">{drill("won") ? <Link href={drill("won")!} className="hover:underline">{formatMoney(r.actual)}</Link> : formatMoney(r.actual)}</td>
                    <td className="px-3 py-2 tabular-nums whitespace-nowrap">{t("deal.totals.countsValue", { open: r.open, won: r.won, lost: r.lost })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      {page.rows.length === 0 ? (
        <p className="card p-10 text-center text-slate-600">{filtered ? t("deal.list.emptyFiltered") : t("deal.list.empty")}</p>
      ) : (
        <>
          <ul className="divide-y divide-slate-100 card">
            {page.rows.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
                <div className="min-w-0">
                  <Link href={`/deals/${d.id}`} prefetch={false} className="font-medium text-brand-700 hover:underline">
                    {d.title}
                  </Link>
                  <p className="text-xs text-slate-500">
                    <Link href={`/customers/${d.customerId}`} prefetch={false} className="hover:underline">
                      {d.customerName}
                    </Link>
                    {" · "}
                    {d.ownerName}
                    {d.productName && ` · ${d.productName}`}
                  </p>
                </div>
                <div className="text-right">
                  <p className="font-medium tabular-nums">{formatMoney(d.status === "won" ? d.amount : d.expectedAmount)}</p>
                  <p className="text-xs text-slate-500">
                    {d.status === "open" ? `${d.stageName} · ${d.probability ?? 0}%` : `${t(`deal.status.${d.status}`)} · ${d.closedOn ?? ""}`}
                  </p>
                </div>
              </li>
            ))}
          </ul>
          <nav aria-label={t("comm.list.pages")} className="flex justify-between">
            {q.cursor ? (
              <Link href={`/deals${qs(base)}`} className="btn-secondary">
                {t("comm.list.first")}
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor && (
              <Link href={`/deals${qs({ ...base, cursor: page.nextCursor })}`} className="btn-secondary">
                {t("comm.list.next")}
              </Link>
            )}
          </nav>
        </>
      )}
    </div>
  );
}
