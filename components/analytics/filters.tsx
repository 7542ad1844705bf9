import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { monthPeriods, type Period, type PeriodKey } from "@/lib/periods";
import { today } from "@/lib/dates";
import type { AnalyticsQuery } from "@/lib/validation/analytics";
import { FilterSelect } from "@/components/ui/filter-select";
import { GetForm } from "@/components/ui/get-form";

type Opt = { id: string; label: string };

/** The shared GET filter form of the analytics pages (unit, rep, product, process, status, period). */
export async function AnalyticsFilters({
  action,
  q,
  units,
  owners,
  products,
  processes,
  statuses,
  open,
  hidden = {},
  periodPresets,
  noPeriod,
}: {
  action: string;
  q: AnalyticsQuery;
  units?: Opt[];
  owners?: Opt[];
  products?: Opt[];
  processes?: Opt[];
  statuses?: boolean;
  open?: boolean;
  hidden?: Record<string, string | undefined>;
  /** quick whole-month periods as links (the funnel's fast path) */
  periodPresets?: boolean;
  /** figures over a window of their own (value grades): no from / to */
  noPeriod?: boolean;
}) {
  const t = await getTranslations("analytics.filters");
  const sel = (name: keyof AnalyticsQuery, label: string, options: Opt[] | undefined, all = true) =>
    options && options.length > 0 ? (
      <FilterSelect idPrefix="af" name={name} label={label} value={q[name] as string | undefined} options={options} all={all ? t("all") : undefined} />
    ) : null;
  return (
    <GetForm action={action} role="search" aria-label={t("title")} className="card p-3">
      {Object.entries(hidden).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
      <details open={open}>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("title")}</summary>
        <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4">
          {sel("process", t("process"), processes, false)}
          {sel("unit", t("unit"), units)}
          {sel("owner", t("rep"), owners)}
          {sel("product", t("product"), products)}
          {statuses &&
            sel(
              "status",
              t("status"),
              (["open", "won", "lost"] as const).map((s) => ({ id: s, label: t(`statuses.${s}`) })),
            )}
          {!noPeriod && (
            <>
              <div>
                <label htmlFor="af-from" className="label">
                  {t("from")}
                </label>
                <input id="af-from" name="from" type="date" className="input" defaultValue={q.from ?? ""} />
              </div>
              <div>
                <label htmlFor="af-to" className="label">
                  {t("to")}
                </label>
                <input id="af-to" name="to" type="date" className="input" defaultValue={q.to ?? ""} />
              </div>
            </>
          )}
        </div>
        <div className="mt-3 flex gap-2">
          <button type="submit" className="btn-primary">
            {t("apply")}
          </button>
          <Link href={action} className="btn-secondary">
            {t("reset")}
          </Link>
        </div>
        {periodPresets && (
          <nav aria-label={t("presets")} className="mt-3 flex flex-wrap items-center gap-2 text-sm">
            <span className="text-slate-600">{t("presets")}</span>
            {(Object.entries(monthPeriods(today())) as [PeriodKey, Period][]).map(([k, p]) => {
              const active = q.from === p.from && q.to === p.to;
              const params = Object.fromEntries(Object.entries({ ...hidden, unit: q.unit, owner: q.owner, product: q.product, process: q.process }).filter(([, v]) => v));
              return (
                <Link key={k} href={`${action}${qs({ ...params, from: p.from, to: p.to })}`} className="chip" aria-current={active ? "true" : undefined}>
                  {t(k)}
                </Link>
              );
            })}
          </nav>
        )}
      </details>
    </GetForm>
  );
}

export function qs(q: Record<string, string | undefined | null>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}
