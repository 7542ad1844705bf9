import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { TeamTabs } from "@/components/team/team-tabs";
import { getDb } from "@/db/client";
import { getTeamSummary } from "@/db/queries/team";
import { requirePermission } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("team"))("summary.title") };
}

/** 人员汇总: per person of the scope, the last 7 and 30 days, each linking into that person's work. */
export default async function TeamSummaryPage() {
  const viewer = await requirePermission("plan:review");
  const [t, rows] = await Promise.all([getTranslations("team"), getTeamSummary(await getDb(), viewer)]);
  const cols = ["customers", "communications", "won"] as const;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">{t("summary.title")}</h1>
        <p className="text-sm text-slate-500">{t("summary.subtitle")}</p>
      </div>
      <TeamTabs viewer={viewer} active="summary" />
      {rows.length === 0 ? (
        <div className="card p-10 text-center text-slate-600">{t("summary.empty")}</div>
      ) : (
        <div className="card overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">{t("summary.title")}</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("summary.person")}
                </th>
                {cols.map((c) => (
                  <th key={c} scope="col" className="px-3 py-2 text-right font-medium">
                    {t(`summary.${c}`)}
                    <span className="block text-xs font-normal text-slate-500">{t("summary.days")}</span>
                  </th>
                ))}
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("summary.overdue")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.id} className="hover:bg-slate-50">
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    <Link href={`/team?person=${r.id}`} className="font-medium text-brand-700 hover:underline">
                      {r.name}
                    </Link>
                    <span className="block text-xs text-slate-500">{r.unitName}</span>
                  </th>
                  <td className="px-3 py-2 text-right tabular-nums">{`${r.customers7} / ${r.customers30}`}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{`${r.communications7} / ${r.communications30}`}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{`${r.won7} / ${r.won30}`}</td>
                  <td className={`px-3 py-2 text-right tabular-nums ${r.overdueFollowUps ? "font-semibold text-red-700" : ""}`}>{r.overdueFollowUps}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
