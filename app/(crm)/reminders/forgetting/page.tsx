import clsx from "clsx";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { listForgetting } from "@/db/queries/forgetting";
import { today as companyToday } from "@/lib/dates";
import { requireViewer } from "@/lib/session";
import { LessonLinks } from "@/components/training/lesson-links";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forgetting"))("title") };
}

function retentionTone(r: number) {
  return r < 0.2 ? "bg-red-500" : r < 0.5 ? "bg-amber-500" : "bg-emerald-500";
}

export default async function ForgettingPage() {
  const viewer = await requireViewer();
  const today = companyToday();
  const [t, rows] = await Promise.all([getTranslations("forgetting"), listForgetting(await getDb(), viewer, today)]);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-500">
        <Link href="/reminders" className="hover:underline">
          {t("back")}
        </Link>
      </p>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <LessonLinks slugs={["be-remembered"]} />
      </div>
      {rows.length === 0 ? (
        <p className="card p-8 text-center text-slate-500">{t("empty")}</p>
      ) : (
        <ol className="card divide-y divide-slate-100 p-0">
          {rows.map((r) => {
            const pct = Math.round(r.retention * 100);
            return (
              <li key={r.id} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <Link href={`/customers/${r.id}`} prefetch={false} className="font-medium text-brand-700 hover:underline">
                    {r.name}
                  </Link>
                  {r.companyName && <span className="text-sm text-slate-500"> · {r.companyName}</span>}
                  <p className="text-xs text-slate-500">
                    {t("line", { touches: r.touches, days: r.daysSince, next: r.nextTouchOn })}
                    {r.nextTouchOn < today && <span className="font-medium text-red-700"> · {t("late")}</span>}
                  </p>
                </div>
                <div className="flex items-center gap-2 sm:w-56">
                  <div className="h-2 flex-1 overflow-hidden rounded-full bg-slate-100" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t("retention")}>
                    <div className={clsx("h-full", retentionTone(r.retention))} style={{ width: `${Math.max(2, pct)}%` }} />
                  </div>
                  <span className="w-10 text-right text-sm tabular-nums">{pct}%</span>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
