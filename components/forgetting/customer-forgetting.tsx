import clsx from "clsx";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { LessonLinks } from "@/components/training/lesson-links";
import { getCustomerForgetting } from "@/db/queries/forgetting";
import { today as companyToday } from "@/lib/dates";
import type { Viewer } from "@/lib/viewer";

/** 渐忘曲线 on the customer page: estimated retention and when to touch next. */
export async function CustomerForgetting({ viewer, customerId }: { viewer: Viewer; customerId: string }) {
  const today = companyToday();
  const [t, f] = await Promise.all([getTranslations("forgetting"), getCustomerForgetting(await getDb(), viewer, customerId, today)]);
  if (!f) return null;
  const pct = Math.round(f.retention * 100);
  return (
    <section className="card p-4" aria-labelledby="forgetting-title" data-testid="customer-forgetting">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 id="forgetting-title" className="text-base font-semibold">
          {t("panelTitle")}
        </h2>
        <LessonLinks slugs={["be-remembered"]} variant="inline" />
      </div>
      <div className="flex items-center gap-2">
        <div className="h-2 flex-1 overflow-hidden rounded-full bg-slate-100" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t("retention")}>
          <div className={clsx("h-full", pct < 20 ? "bg-red-500" : pct < 50 ? "bg-amber-500" : "bg-emerald-500")} style={{ width: `${Math.max(2, pct)}%` }} />
        </div>
        <span className="text-sm font-medium tabular-nums">{pct}%</span>
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-1 text-sm">
        <dt className="text-slate-500">{t("nextTouch")}</dt>
        <dd className={clsx("tabular-nums", f.nextTouchOn < today && "font-medium text-red-700")}>{f.nextTouchOn < today ? t("dueSince", { date: f.nextTouchOn }) : f.nextTouchOn}</dd>
        <dt className="text-slate-500">{t("touches")}</dt>
        <dd className="tabular-nums">{f.touches}</dd>
        <dt className="text-slate-500">{t("sinceLast")}</dt>
        <dd className="tabular-nums">{t("days", { days: f.daysSince })}</dd>
      </dl>
    </section>
  );
}
