import { getTranslations } from "next-intl/server";
import { centsToString, formatMoney, toCents } from "@/lib/money";

type Row = { month: string; grade: string | null; revenue: string };

/** Won revenue per month (rows) and grade (columns), the grades of the rules first, with each month's total. */
export async function ValueGradeTrend({ rows, grades }: { rows: Row[]; grades: { code: string; label: string }[] }) {
  const t = await getTranslations("valueGrades");
  if (!rows.length) return <p className="p-6 text-center text-sm text-slate-600">{t("trendEmpty")}</p>;
  const cols = [...grades.map((g) => ({ key: g.code as string | null, label: g.code }))];
  for (const r of rows) if (!cols.some((c) => c.key === r.grade)) cols.push({ key: r.grade, label: r.grade ?? t("ungraded") });
  const months = [...new Set(rows.map((r) => r.month))].sort().reverse();
  const cell = new Map(rows.map((r) => [`${r.month}|${r.grade}`, r]));
  const totals = new Map(months.map((m) => [m, rows.filter((r) => r.month === m).reduce((a, r) => a + toCents(r.revenue), 0n)]));
  const monthTotal = (m: string) => totals.get(m) ?? 0n;
  const max = Math.max(...months.map((m) => Number(monthTotal(m))), 1);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{t("trendCaption")}</caption>
        <thead className="text-left text-slate-600">
          <tr>
            <th scope="col" className="px-2 py-1 font-medium">
              {t("month")}
            </th>
            {cols.map((c) => (
              <th key={c.key ?? "-"} scope="col" className="px-2 py-1 text-right font-medium">
                {c.label}
              </th>
            ))}
            <th scope="col" className="px-2 py-1 text-right font-medium">
              {t("total")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {months.map((m) => (
            <tr key={m}>
              <th scope="row" className="px-2 py-1 text-left font-normal whitespace-nowrap tabular-nums">
                {m}
              </th>
              {cols.map((c) => {
                const r = cell.get(`${m}|${c.key}`);
                return (
                  <td key={c.key ?? "-"} className="px-2 py-1 text-right whitespace-nowrap tabular-nums">
                    {r ? formatMoney(r.revenue) : "—"}
                  </td>
                );
              })}
              <td className="px-2 py-1 text-right whitespace-nowrap tabular-nums">
                <span className="inline-flex items-center gap-2">
                  <span aria-hidden className="hidden h-2 w-16 overflow-hidden rounded bg-slate-100 sm:inline-block">
                    <span className="block h-2 bg-brand-500" style={{ width: `${Math.round((Number(monthTotal(m)) / max) * 100)}%` }} />
                  </span>
                  {formatMoney(centsToString(monthTotal(m)))}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
