import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { MonthFigures } from "@/db/queries/dashboard";
import { formatMoney, toCents } from "@/lib/money";

/** 本月预测与实际: open deals expected this month (and weighted) against revenue won this month. */
export async function MonthForecast({ m }: { m: MonthFigures }) {
  const t = await getTranslations("home");
  const target = toCents(m.forecast) + toCents(m.actual);
  const done = target > 0n ? Number((toCents(m.actual) * 1000n) / target) / 10 : 0;
  return (
    <section className="card p-4" aria-labelledby="month-title" data-testid="month-forecast">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 id="month-title" className="text-base font-semibold">
          {t("monthTitle")}
        </h2>
        <Link href="/pipeline" className="text-sm text-brand-700 hover:underline">
          {t("monthDeals")}
        </Link>
      </div>
      <dl className="grid grid-cols-3 gap-3 text-sm">
        <div>
          <dt className="text-slate-500">{t("actual")}</dt>
          <dd className="text-lg font-semibold tabular-nums">{formatMoney(m.actual)}</dd>
          <dd className="text-xs text-slate-500">{t("wonDeals", { count: m.won })}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("forecast")}</dt>
          <dd className="text-lg font-semibold tabular-nums">{formatMoney(m.forecast)}</dd>
          <dd className="text-xs text-slate-500">{t("openDeals", { count: m.open })}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("weighted")}</dt>
          <dd className="text-lg font-semibold tabular-nums">{formatMoney(m.weighted)}</dd>
        </div>
      </dl>
      <div className="mt-3" aria-hidden>
        <div className="h-2 overflow-hidden rounded bg-slate-100">
          <div className="h-2 bg-brand-500" style={{ width: `${Math.min(100, done)}%` }} />
        </div>
      </div>
      <p className="mt-1 text-xs text-slate-500">{t("progress", { pct: done })}</p>
    </section>
  );
}
