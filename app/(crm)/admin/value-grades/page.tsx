import type { Metadata } from "next";
import { getFormatter, getTranslations, getLocale } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { LessonLinks } from "@/components/training/lesson-links";
import { ValueGradeRulesEditor } from "@/components/value-grades/rules-editor";
import { getDb } from "@/db/client";
import { getValueGradeHistory, getValueGradeRules } from "@/db/queries/value-grades";
import { formatMoney } from "@/lib/money";
import { requirePermission } from "@/lib/session";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("valueRules"))("title") };
}

/** 价值分级规则 (admin:dictionaries): edit the basis, window and grades; every save is a version, listed below. */
export default async function ValueGradeRulesPage() {
  await requirePermission("admin:dictionaries");
  const db = await getDb();
  const [t, format, rules, history] = await Promise.all([getTranslations("valueRules"), getFormatter(), getValueGradeRules(db), getValueGradeHistory(db)]);
  const pn = punct(await getLocale());
  return (
    <ClientMessages namespaces={["valueRules"]}>
      <div className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="max-w-2xl">
            <h1 className="text-2xl font-semibold">{t("title")}</h1>
            <p className="text-sm text-slate-500">{t("subtitle")}</p>
          </div>
          <LessonLinks slugs={["value-customer-identification", "value-customer-management"]} />
        </div>
        <ValueGradeRulesEditor key={rules.version} rules={rules} />
        <section className="card p-4" aria-labelledby="rules-history">
          <h2 id="rules-history" className="mb-2 font-medium">
            {t("history")}
          </h2>
          {history.length === 0 ? (
            <p className="text-sm text-slate-600">{t("noHistory")}</p>
          ) : (
            <ol className="space-y-3 text-sm">
              {history.map((h) => (
                <li key={h.version} className="border-b border-slate-100 pb-2 last:border-0">
                  <p className="font-medium">
                    {t("version", { version: h.version })} · {t(`bases.${h.basis}`)} · {h.windowMonths}
                    {" · "}
                    <span className="font-normal text-slate-500">{t("by", { name: h.createdBy ?? "—", at: format.dateTime(h.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}</span>
                  </p>
                  <p className="text-slate-600">
                    {pn.list(h.grades.map((g) => `${g.label}${h.basis === "share" ? (g.minShare ? ` < ${g.minShare}%` : "") : ` ≥ ${formatMoney(g.minRevenue)}`}`))}
                  </p>
                  {h.note && <p className="text-slate-500">{h.note}</p>}
                  <p className="text-xs text-slate-500">{t("regraded", { n: h.regraded })}</p>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </ClientMessages>
  );
}
