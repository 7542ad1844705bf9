import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ValueGradeRules } from "@/db/queries/value-grades";
import { formatMoney } from "@/lib/money";

/** The grade rules in force, read-only, beside the grade statistics (admins get the link to edit them). */
export async function ValueGradeRulesSummary({ rules, canEdit }: { rules: ValueGradeRules; canEdit: boolean }) {
  const t = await getTranslations("valueGrades");
  let from = "0";
  return (
    <section className="card min-w-0 p-3" aria-labelledby="value-rules">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 id="value-rules" className="font-medium">
          {rules.version ? t("rules", { version: rules.version }) : t("rulesDefault")}
        </h2>
        {canEdit && (
          <Link href="/admin/value-grades" className="text-sm text-brand-700 hover:underline">
            {t("editRules")}
          </Link>
        )}
      </div>
      <p className="mb-2 text-xs text-slate-500">{t(`basis.${rules.basis}`)}</p>
      <ul className="space-y-1 text-sm">
        {rules.grades.map((g) => {
          let text: string;
          if (rules.basis === "revenue") text = t("ruleRevenue", { months: rules.windowMonths, amount: formatMoney(g.minRevenue) });
          else if (g.minShare == null) text = t("ruleRest");
          else {
            text = t("ruleShare", { from: Number(from), to: Number(g.minShare) });
            from = g.minShare;
          }
          return (
            <li key={g.code} className="flex justify-between gap-2">
              <span className="font-medium">{g.label}</span>
              <span className="text-slate-600">{text}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
