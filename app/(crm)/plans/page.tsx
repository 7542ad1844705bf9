import { ClipboardCheck, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { SubmitForReviewButton, SummaryForm } from "@/components/plans/plan-forms";
import { ReviewStatusChip } from "@/components/plans/status-chip";
import { getDb } from "@/db/client";
import { latestReviews, listMyPlans, listMySummaries } from "@/db/queries/plans";
import { today as companyToday } from "@/lib/dates";
import { requirePermission } from "@/lib/session";
import { can } from "@/lib/viewer";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("plans") };
}

export default async function PlansPage() {
  const pn = punct(await getLocale());
  const viewer = await requirePermission("plan:view");
  const db = await getDb();
  const [t, plans, summaries] = await Promise.all([getTranslations("plans"), listMyPlans(db, viewer), listMySummaries(db, viewer)]);
  const [planReviews, summaryReviews] = await Promise.all([
    latestReviews(db, viewer, "plan", plans.map((p) => p.id)),
    latestReviews(db, viewer, "work_summary", summaries.map((s) => s.id)),
  ]);
  const today = companyToday();
  const canCreate = can(viewer, "plan:create");

  return (
    <ClientMessages namespaces={["plans"]}>
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold">{t("title")}</h1>
            <p className="text-sm text-slate-500">{t("count", { count: plans.length })}</p>
          </div>
          <div className="flex flex-wrap gap-2">
            {can(viewer, "plan:review") && (
              <Link href="/plans/review" className="btn-secondary">
                <ClipboardCheck aria-hidden className="size-4" />
                {t("reviewLink")}
              </Link>
            )}
            {canCreate && (
              <Link href="/plans/new" className="btn-primary">
                <Plus aria-hidden className="size-4" />
                {t("new")}
              </Link>
            )}
          </div>
        </div>

        <section className="card p-4" aria-labelledby="my-plans">
          <h2 id="my-plans" className="mb-2 text-base font-semibold">
            {t("myPlans")}
          </h2>
          {plans.length === 0 ? (
            <p className="py-6 text-center text-sm text-slate-500">{t("empty")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {plans.map((p) => {
                const rv = planReviews.get(p.id);
                return (
                  <li key={p.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between" data-plan={p.subject}>
                    <div className="min-w-0">
                      <Link href={`/plans/${p.id}`} prefetch={false} className="font-medium text-brand-700 hover:underline">
                        {p.subject}
                      </Link>
                      <p className="flex flex-wrap items-center gap-1.5 text-sm text-slate-600">
                        <span>{t(`periods.${p.period}`)}</span>
                        <span className="tabular-nums">
                          {p.startDate} ~ {p.endDate}
                        </span>
                        {p.important && <span className="chip bg-red-50 text-red-700">{t("fields.important")}</span>}
                        {p.urgent && <span className="chip bg-orange-50 text-orange-700">{t("fields.urgent")}</span>}
                        {p.category && <span className="chip bg-slate-100 text-slate-600">{p.category}</span>}
                        {p.completedOn && <span className="chip bg-emerald-50 text-emerald-700">{t("completedOn", { date: p.completedOn })}</span>}
                      </p>
                      {rv && (
                        <p className="mt-1 text-sm text-slate-700">
                          {t("lastReview", { reviewer: rv.reviewerName, action: t(`actions.${rv.action as "approve"}`) })}
                          {rv.comment && <>{(pn.colon)}{rv.comment}</>}
                        </p>
                      )}
                    </div>
                    <div className="flex shrink-0 items-center gap-2">
                      <ReviewStatusChip status={p.reviewStatus} />
                      {(p.reviewStatus === "draft" || p.reviewStatus === "returned") && <SubmitForReviewButton type="plan" id={p.id} />}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </section>

        <section className="card p-4" aria-labelledby="summaries">
          <h2 id="summaries" className="mb-2 text-base font-semibold">
            {t("summaries")}
          </h2>
          {summaries.length === 0 ? (
            <p className="py-3 text-sm text-slate-500">{t("noSummaries")}</p>
          ) : (
            <ul className="mb-4 divide-y divide-slate-100">
              {summaries.map((s) => {
                const rv = summaryReviews.get(s.id);
                return (
                  <li key={s.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between">
                    <div className="min-w-0">
                      <p className="text-sm font-medium">
                        {t(`periods.${s.period}`)} · <span className="tabular-nums">{s.periodStart} ~ {s.periodEnd}</span>
                      </p>
                      <p className="text-sm whitespace-pre-line text-slate-700">{s.content}</p>
                      {rv && (
                        <p className="mt-1 text-sm text-slate-700">
                          {t("lastReview", { reviewer: rv.reviewerName, action: t(`actions.${rv.action as "approve"}`) })}
                          {rv.comment && <>{(pn.colon)}{rv.comment}</>}
                        </p>
                      )}
                    </div>
                    <div className="flex shrink-0 items-center gap-2">
                      <ReviewStatusChip status={s.reviewStatus} />
                      {(s.reviewStatus === "draft" || s.reviewStatus === "returned") && <SubmitForReviewButton type="work_summary" id={s.id} />}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
          {canCreate && (
            <details className="rounded-lg border border-slate-200 p-3">
              <summary className="cursor-pointer text-sm font-medium">{t("addSummary")}</summary>
              <div className="mt-3">
                <SummaryForm today={today} />
              </div>
            </details>
          )}
        </section>
      </div>
    </ClientMessages>
  );
}
