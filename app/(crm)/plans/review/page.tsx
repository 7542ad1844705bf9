import clsx from "clsx";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations, getLocale } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { ReviewForm } from "@/components/plans/plan-forms";
import { ReviewStatusChip } from "@/components/plans/status-chip";
import { getDb } from "@/db/client";
import { getReviewQueue } from "@/db/queries/plans";
import { requirePermission } from "@/lib/session";
import { formatMoney } from "@/lib/money";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("plans"))("reviewTitle") };
}

const FILTERS = ["submitted", "returned", "approved", "all"] as const;

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePermission("plan:review");
  const sp = await searchParams;
  const status = FILTERS.find((f) => f === sp.status) ?? "submitted";
  const [t, td, queue] = await Promise.all([getTranslations("plans"), getTranslations("deal"), getReviewQueue(await getDb(), viewer, { status })]);
  const pn = punct(await getLocale());
  const empty = !queue.plans.length && !queue.summaries.length && !queue.deals.length;
  return (
    <ClientMessages namespaces={["plans"]}>
      <div className="space-y-4">
        <p className="text-sm text-slate-500">
          <Link href="/plans" className="hover:underline">
            {t("title")}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{t("reviewTitle")}</h1>
        <nav aria-label={t("filter")} className="flex flex-wrap gap-2">
          {FILTERS.map((f) => (
            <Link
              key={f}
              href={f === "submitted" ? "/plans/review" : `/plans/review?status=${f}`}
              aria-current={f === status ? "page" : undefined}
              className={clsx("chip ring-1", f === status ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-200")}
            >
              {t(`filters.${f}`)}
            </Link>
          ))}
        </nav>
        {empty && <p className="card p-8 text-center text-slate-500">{t("queueEmpty")}</p>}
        {queue.plans.length > 0 && (
          <section aria-labelledby="q-plans" className="space-y-3">
            <h2 id="q-plans" className="text-base font-semibold">
              {t("myPlans")}
            </h2>
            {queue.plans.map(({ item: p, ownerName }) => (
              <article key={p.id} className="card grid gap-3 p-4 lg:grid-cols-2" data-review-plan={p.subject}>
                <div className="min-w-0">
                  <h3 className="flex flex-wrap items-center gap-2 font-medium">
                    <Link href={`/plans/${p.id}`} prefetch={false} className="text-brand-700 hover:underline">
                      {p.subject}
                    </Link>
                    <ReviewStatusChip status={p.reviewStatus} />
                  </h3>
                  <p className="text-sm text-slate-600">
                    {ownerName} · {t(`periods.${p.period}`)} · <span className="tabular-nums">{p.startDate} ~ {p.endDate}</span>
                    {p.important && <> · {t("fields.important")}</>}
                    {p.urgent && <> · {t("fields.urgent")}</>}
                  </p>
                  {p.content && <p className="mt-2 text-sm whitespace-pre-line text-slate-700">{p.content}</p>}
                </div>
                <ReviewForm type="plan" id={p.id} label={p.subject} />
              </article>
            ))}
          </section>
        )}
        {queue.summaries.length > 0 && (
          <section aria-labelledby="q-summaries" className="space-y-3">
            <h2 id="q-summaries" className="text-base font-semibold">
              {t("summaries")}
            </h2>
            {queue.summaries.map(({ item: s, ownerName }) => (
              <article key={s.id} className="card grid gap-3 p-4 lg:grid-cols-2">
                <div className="min-w-0">
                  <h3 className="flex flex-wrap items-center gap-2 font-medium">
                    {ownerName} · {t(`periods.${s.period}`)}
                    <ReviewStatusChip status={s.reviewStatus} />
                  </h3>
                  <p className="text-sm text-slate-600 tabular-nums">
                    {s.periodStart} ~ {s.periodEnd}
                  </p>
                  <p className="mt-2 text-sm whitespace-pre-line text-slate-700">{s.content}</p>
                </div>
                <ReviewForm type="work_summary" id={s.id} label={`${ownerName} ${s.periodStart}`} />
              </article>
            ))}
          </section>
        )}
        {queue.deals.length > 0 && (
          <section aria-labelledby="q-deals" className="space-y-3">
            <h2 id="q-deals" className="text-base font-semibold">
              {td("summaryReview.queueTitle")}
            </h2>
            {queue.deals.map((d) => (
              <article key={d.id} className="card grid gap-3 p-4 lg:grid-cols-2" data-review-deal={d.title}>
                <div className="min-w-0">
                  <h3 className="flex flex-wrap items-center gap-2 font-medium">
                    <Link href={`/deals/${d.id}`} className="text-brand-700 hover:underline">
                      {d.title}
                    </Link>
                    <span className="chip bg-slate-100 text-slate-600">{td(`status.${d.status}`)}</span>
                    {d.reviewStatus && <ReviewStatusChip status={d.reviewStatus} />}
                  </h3>
                  <p className="text-sm text-slate-600">
                    {d.ownerName} · {d.customerName} · <span className="tabular-nums">{d.closedOn}</span>
                    {d.amount && <> · {formatMoney(d.amount)}</>}
                  </p>
                  <dl className="mt-2 space-y-1 text-sm text-slate-700">
                    {d.status === "won" ? (
                      <div>
                        <dt className="inline font-medium">{td("fields.successReasons")}{pn.colon}</dt>
                        <dd className="inline whitespace-pre-line">{d.successReasons}</dd>
                      </div>
                    ) : (
                      <div>
                        <dt className="inline font-medium">{td("fields.failureReasons")}{pn.colon}</dt>
                        <dd className="inline whitespace-pre-line">{d.failureReasons}</dd>
                      </div>
                    )}
                    <div>
                      <dt className="inline font-medium">{td("fields.lessonsLearned")}{pn.colon}</dt>
                      <dd className="inline whitespace-pre-line">{d.lessonsLearned}</dd>
                    </div>
                  </dl>
                </div>
                <ReviewForm type="deal_summary" id={d.id} label={d.title} />
              </article>
            ))}
          </section>
        )}
      </div>
    </ClientMessages>
  );
}
