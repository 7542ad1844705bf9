import type { Metadata } from "next";
import { monthPeriods } from "@/lib/periods";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { AnalyticsFilters, qs } from "@/components/analytics/filters";
import { getDb } from "@/db/client";
import { getStageCounts, getStageTransitions } from "@/db/queries/analytics";
import { getUnitOptions } from "@/db/queries/communications";
import { getOwnerOptions } from "@/db/queries/users";
import { requirePermission } from "@/lib/session";
import { STAGE_ORDER } from "@/lib/stages";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { firstValues } from "@/lib/validation/common";
import { LessonLinks } from "@/components/training/lesson-links";
import { today as companyToday } from "@/lib/dates";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("analytics.stages"))("title") };
}

type SP = Record<string, string | string[] | undefined>;

/** 客户五级分类 statistics: counts per stage by branch / unit / rep, and transitions in a period. */
export default async function StagesPage({ searchParams }: { searchParams: Promise<SP> }) {
  const pn = punct(await getLocale());
  const viewer = await requirePermission("analytics:view");
  const sp = await searchParams;
  const q = analyticsQuerySchema.parse(firstValues(sp));
  const today = companyToday();
  // this month unless asked otherwise, last month one tap away
  const presets = monthPeriods(today);
  const period = { from: q.from ?? presets.thisMonth.from, to: q.to ?? presets.thisMonth.to };
  const db = await getDb();
  const [t, format, counts, transitions, units, owners] = await Promise.all([
    getTranslations(),
    getFormatter(),
    getStageCounts(db, viewer, q),
    getStageTransitions(db, viewer, { ...q, ...period }),
    getUnitOptions(db, viewer),
    getOwnerOptions(db, viewer),
  ]);
  const st = (s: string) => t(`customer.stages.${s as "target"}`);
  // rows: rep (grouped under branch → unit)
  type Row = { key: string; branch: string; unit: string; rep: string; ownerId: string; by: Record<string, number>; total: number };
  const rows = new Map<string, Row>();
  const totals: Record<string, number> = {};
  const branchTotals = new Map<string, Record<string, number>>();
  for (const c of counts) {
    const key = `${c.unitId}:${c.ownerId}`;
    const r = rows.get(key) ?? { key, branch: c.branchName ?? c.unitName, unit: c.unitName, rep: c.ownerName, ownerId: c.ownerId, by: {}, total: 0 };
    r.by[c.stage] = (r.by[c.stage] ?? 0) + c.n;
    r.total += c.n;
    rows.set(key, r);
    totals[c.stage] = (totals[c.stage] ?? 0) + c.n;
    const b = branchTotals.get(r.branch) ?? {};
    b[c.stage] = (b[c.stage] ?? 0) + c.n;
    branchTotals.set(r.branch, b);
  }
  const grand = Object.values(totals).reduce((a, b) => a + b, 0);
  const customersHref = (owner: string | undefined, stage: string) => `/customers${qs({ owner, stage })}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("analytics.stages.title")}</h1>
          <p className="text-sm text-slate-500">{t("analytics.stages.subtitle")}</p>
        </div>
        <LessonLinks slugs={["closing-customer-identification"]} />
      </div>
      <AnalyticsFilters
        action="/analytics/stages"
        q={{ ...q, ...period }}
        open
        units={units.map((u) => ({ id: u.id, label: u.name }))}
        owners={owners.map((o) => ({ id: o.id, label: pn.paren(o.name, o.orgUnitName) }))}
      />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {STAGE_ORDER.map((s) => (
          <Link key={s} href={customersHref(q.owner, s)} className="card p-3 hover:bg-slate-50" data-stage-total={s}>
            <p className="text-xs text-slate-500">{st(s)}</p>
            <p className="mt-1 text-lg font-semibold tabular-nums">{totals[s] ?? 0}</p>
          </Link>
        ))}
        <div className="card p-3">
          <p className="text-xs text-slate-500">{t("analytics.stages.total")}</p>
          <p className="mt-1 text-lg font-semibold tabular-nums">{grand}</p>
        </div>
      </div>

      <section className="card overflow-x-auto" aria-labelledby="by-rep">
        <h2 id="by-rep" className="px-3 pt-3 font-semibold">
          {t("analytics.stages.byRep")}
        </h2>
        {rows.size === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500">{t("analytics.stages.empty")}</p>
        ) : (
          <table className="mt-2 w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">{t("analytics.stages.branch")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("analytics.stages.unit")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("analytics.stages.rep")}</th>
                {STAGE_ORDER.map((s) => (
                  <th key={s} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                    {st(s)}
                  </th>
                ))}
                <th scope="col" className="px-3 py-2 font-medium">{t("analytics.stages.total")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {[...rows.values()].map((r) => (
                <tr key={r.key}>
                  <td className="px-3 py-2 whitespace-nowrap">{r.branch}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{r.unit}</td>
                  <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">{r.rep}</th>
                  {STAGE_ORDER.map((s) => (
                    <td key={s} className="px-3 py-2 tabular-nums">
                      {r.by[s] ? (
                        <Link href={customersHref(r.ownerId, s)} className="text-brand-700 hover:underline">
                          {r.by[s]}
                        </Link>
                      ) : (
                        <span className="text-slate-300">0</span>
                      )}
                    </td>
                  ))}
                  <td className="px-3 py-2 font-medium tabular-nums">{r.total}</td>
                </tr>
              ))}
              {[...branchTotals.entries()].map(([b, by]) => (
                <tr key={`b-${b}`} className="bg-slate-50 font-medium">
                  <th scope="row" colSpan={3} className="px-3 py-2 text-left">
                    {t("analytics.stages.branchTotal", { branch: b })}
                  </th>
                  {STAGE_ORDER.map((s) => (
                    <td key={s} className="px-3 py-2 tabular-nums">{by[s] ?? 0}</td>
                  ))}
                  <td className="px-3 py-2 tabular-nums">{Object.values(by).reduce((a, x) => a + x, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card p-3" aria-labelledby="transitions">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="transitions" className="font-semibold">
            {t("analytics.stages.transitions", { from: period.from, to: period.to })}
          </h2>
          <nav aria-label={t("analytics.stages.periods")} className="flex gap-1">
            {(["thisMonth", "lastMonth"] as const).map((k) => {
              const p = presets[k];
              const current = p.from === period.from && p.to === period.to;
              return (
                <Link
                  key={k}
                  href={`/analytics/stages${qs({ unit: q.unit, owner: q.owner, from: p.from, to: p.to })}`}
                  aria-current={current ? "true" : undefined}
                  className={current ? "chip bg-brand-600 px-3 py-1 text-white" : "chip border border-slate-200 bg-white px-3 py-1 text-slate-700 hover:bg-slate-50"}
                >
                  {t(`analytics.filters.${k}`)}
                </Link>
              );
            })}
          </nav>
        </div>
        {transitions.summary.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500">{t("analytics.stages.noTransitions")}</p>
        ) : (
          <>
            <ul className="mt-2 flex flex-wrap gap-2">
              {transitions.summary.map((s) => (
                <li key={`${s.fromStage}-${s.toStage}`} className="chip border border-slate-200 bg-white px-3 py-1 text-sm" data-transition={`${s.fromStage}-${s.toStage}`}>
                  {s.fromStage ? st(s.fromStage) : t("analytics.stages.created")} → {st(s.toStage)}{pn.colon}<strong className="ml-1">{s.n}</strong>
                </li>
              ))}
            </ul>
            <table className="mt-3 w-full text-sm">
              <caption className="sr-only">{t("analytics.stages.detail")}</caption>
              <thead className="text-left text-slate-600">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">{t("analytics.stages.when")}</th>
                  <th scope="col" className="py-1 pr-3 font-medium">{t("analytics.stages.customer")}</th>
                  <th scope="col" className="py-1 pr-3 font-medium">{t("analytics.stages.change")}</th>
                  <th scope="col" className="hidden py-1 font-medium sm:table-cell">{t("analytics.stages.by")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {transitions.detail.map((d) => (
                  <tr key={d.id}>
                    <td className="py-1.5 pr-3 whitespace-nowrap tabular-nums">{format.dateTime(d.changedAt, { dateStyle: "short", timeStyle: "short" })}</td>
                    <td className="py-1.5 pr-3">
                      <Link href={`/customers/${d.customerId}`} prefetch={false} className="text-brand-700 hover:underline">
                        {d.customerName}
                      </Link>
                    </td>
                    <td className="py-1.5 pr-3 whitespace-nowrap">
                      {d.fromStage ? st(d.fromStage) : t("analytics.stages.created")} → {st(d.toStage)}
                    </td>
                    <td className="hidden py-1.5 sm:table-cell">{d.byName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  );
}
