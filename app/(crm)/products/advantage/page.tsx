import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getAnalysisOverview } from "@/db/queries/products";
import { summarizeAnalysis } from "@/lib/products";
import { requireViewer } from "@/lib/session";
import { LessonLinks } from "@/components/training/lesson-links";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("product.advantage"))("overviewTitle") };
}

/** Where the advantage lesson opens the module: every product on sale with its analyses, weighted scores side by side. */
export default async function AdvantageOverviewPage() {
  const viewer = await requireViewer();
  const db = await getDb();
  const [t, list] = await Promise.all([getTranslations("product"), getAnalysisOverview(db, viewer)]);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("advantage.overviewTitle")}</h1>
          <p className="text-sm text-slate-500">{t("advantage.overviewSubtitle")}</p>
        </div>
        <LessonLinks slugs={["advantage-analysis"]} />
      </div>
      {list.length === 0 ? (
        <p className="card p-10 text-center text-slate-600">{t("list.empty")}</p>
      ) : (
        <ul className="grid grid-cols-1 gap-3 md:grid-cols-2">
          {list.map((p) => (
            <li key={p.id} className="card p-4">
              <Link href={`/products/${p.id}/advantage`} className="font-semibold text-brand-700 hover:underline">
                {p.name}
              </Link>
              {p.analyses.length === 0 ? (
                <p className="mt-1 text-sm text-slate-500">{t("advantage.noAnalyses")}</p>
              ) : (
                <ul className="mt-2 space-y-1 text-sm">
                  {p.analyses.map((a) => {
                    const s = summarizeAnalysis(a.rows);
                    return (
                      <li key={a.competitor}>
                        <Link href={`/products/${p.id}/advantage?vs=${encodeURIComponent(a.competitor)}`} className="hover:underline">
                          {t("detail.analysisLine", { competitor: a.competitor, own: s.own ?? "—", theirs: s.competitor ?? "—" })}
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
