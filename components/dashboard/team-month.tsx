import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { teamTotals, type TeamMonthRow } from "@/db/queries/dashboard";
import type { TeamDigestRow } from "@/db/queries/reminder-inbox";
import { formatMoney } from "@/lib/money";

/** A manager's month per rep, or the GM's per unit: new customers, communications, deals and revenue against forecast. */
export async function TeamMonth({ rows, by, overdue }: { rows: TeamMonthRow[]; by: "owner" | "unit"; overdue: TeamDigestRow[] }) {
  const t = await getTranslations("home");
  const total = teamTotals(rows);
  const link = (r: TeamMonthRow) => (by === "owner" ? `/analytics/pareto?owner=${r.key}` : `/analytics/pareto?unit=${r.key}`);
  const late = overdue.filter((o) => o.overdueFollowUps > 0);
  return (
    <section className="card p-4" aria-labelledby="team-month-title" data-testid="team-month">
      <h2 id="team-month-title" className="text-base font-semibold">
        {by === "owner" ? t("teamTitle") : t("unitsTitle")}
      </h2>
      {rows.length === 0 ? (
        <p className="py-3 text-sm text-slate-600">{t("teamEmpty")}</p>
      ) : (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="text-left text-slate-500">
              <tr>
                {(["who", "newCustomers", "communications", "won", "actual", "forecast"] as const).map((k) => (
                  <th key={k} scope="col" className={k === "who" ? "py-1 pr-3 font-medium" : "py-1 pr-3 text-right font-medium whitespace-nowrap"}>
                    {k === "who" ? (by === "owner" ? t("cols.rep") : t("cols.unit")) : t(`cols.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row" className="py-1.5 pr-3 text-left font-normal whitespace-nowrap">
                    <Link href={link(r)} className="text-brand-700 hover:underline">
                      {r.name}
                    </Link>
                    {r.unitName && <span className="text-slate-400"> · {r.unitName}</span>}
                  </th>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{r.newCustomers}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{r.communications}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{r.won}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums whitespace-nowrap">{formatMoney(r.actual)}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums whitespace-nowrap">{formatMoney(r.forecast)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot className="border-t border-slate-200 font-medium">
              <tr>
                <th scope="row" className="py-1.5 pr-3 text-left">
                  {t("total")}
                </th>
                <td className="py-1.5 pr-3 text-right tabular-nums">{total.newCustomers}</td>
                <td className="py-1.5 pr-3 text-right tabular-nums">{total.communications}</td>
                <td className="py-1.5 pr-3 text-right tabular-nums">{total.won}</td>
                <td className="py-1.5 pr-3 text-right tabular-nums whitespace-nowrap">{formatMoney(total.actual)}</td>
                <td className="py-1.5 pr-3 text-right tabular-nums whitespace-nowrap">{formatMoney(total.forecast)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <h3 className="mt-4 text-sm font-semibold text-slate-700">{t("overdueTitle")}</h3>
      {late.length === 0 ? (
        <p className="text-sm text-slate-600">{t("noOverdue")}</p>
      ) : (
        <ul className="mt-1 flex flex-wrap gap-2" data-testid="overdue-people">
          {late.map((o) => (
            <li key={o.userId}>
              <Link href={`/customers?owner=${o.userId}`} className="chip bg-red-50 text-red-700 hover:underline">
                {o.name} · {t("overduePerson", { count: o.overdueFollowUps })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
