import { Pencil } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations, getLocale } from "next-intl/server";
import { CloseDealPanel } from "@/components/deals/close-deal-panel";
import { DealFiles } from "@/components/deals/deal-files";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getReviews } from "@/db/queries/plans";
import { ReviewForm } from "@/components/plans/plan-forms";
import { ReviewStatusChip } from "@/components/plans/status-chip";
import { DealSummaryForm } from "@/components/deals/deal-summary-form";
import { listDealFiles } from "@/db/queries/deal-files";
import { getDealById } from "@/db/queries/deals";
import { formatMoney } from "@/lib/money";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { formatFileSize } from "@/lib/validation/deal-file";
import { can } from "@/lib/viewer";
import { today as companyToday } from "@/lib/dates";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("deals") };
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="col-span-2 break-words whitespace-pre-line">{children == null || children === "" ? <span className="text-slate-300">—</span> : children}</dd>
    </div>
  );
}

/** One deal: forecast, revenue, summary and every stage move (out of scope = 404). */
export default async function DealPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("deal:view");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const d = await getDealById(db, viewer, id);
  if (!d) notFound();
  const [t, format, files, trail] = await Promise.all([getTranslations("deal"), getFormatter(), listDealFiles(db, viewer, id), getReviews(db, viewer, "deal_summary", id)]);
  const pn = punct(await getLocale());
  const today = companyToday();
  return (
    <ClientMessages namespaces={["deal", "plans", "picker"]}>
      <div className="space-y-4">
        <div>
          <p className="text-sm text-slate-500">
            <Link href="/deals" className="hover:underline">
              {t("list.title")}
            </Link>
          </p>
          <h1 className="mt-1 text-2xl font-semibold">{d.title}</h1>
          <p className="text-sm text-slate-600">
            <Link href={`/customers/${d.customerId}`} className="text-brand-700 hover:underline">
              {d.customerName}
            </Link>{" "}
            · {d.ownerName} · {t(`status.${d.status}`)}
          </p>
          {can(viewer, "deal:edit") && (
            <Link href={`/deals/${d.id}/edit`} className="btn-secondary mt-3">
              <Pencil aria-hidden className="size-4" />
              {t("edit")}
            </Link>
          )}
        </div>
        <div className="grid gap-4 lg:grid-cols-3">
          <div className="space-y-4 lg:col-span-2">
            <section className="card p-4">
              <h2 className="mb-2 font-semibold">{t("groups.forecast")}</h2>
              <dl className="divide-y divide-slate-100">
                <Row label={t("fields.product")}>{d.productName}</Row>
                <Row label={t("fields.process")}>{d.processName}</Row>
                <Row label={t("fields.stage")}>{d.stageName}</Row>
                <Row label={t("fields.expectedAmount")}>{formatMoney(d.expectedAmount)}</Row>
                <Row label={t("fields.expectedDate")}>{d.expectedDate}</Row>
                <Row label={t("fields.probability")}>{d.probability != null ? `${d.probability}%` : null}</Row>
              </dl>
            </section>
            {d.status !== "open" && (
              <section className="card p-4">
                <h2 className="mb-2 font-semibold">{t("groups.revenue")}</h2>
                <dl className="divide-y divide-slate-100">
                  <Row label={t("fields.amount")}>{d.amount && formatMoney(d.amount)}</Row>
                  <Row label={t("fields.closedOn")}>{d.closedOn}</Row>
                  <Row label={t("fields.discount")}>{d.discount}</Row>
                  <Row label={t("fields.paymentMethod")}>{d.paymentMethod}</Row>
                  <Row label={t("fields.contractNo")}>{d.contractNo}</Row>
                  <Row label={t("fields.contractFile")}>{d.contractFile}</Row>
                  <Row label={t("fields.introducer")}>{d.introducerText}</Row>
                  <Row label={t("fields.relatedIntroducers")}>{d.relatedIntroducers}</Row>
                </dl>
                <h2 className="mt-4 mb-2 flex flex-wrap items-center gap-2 font-semibold">
                  {t("groups.summary")}
                  {d.summaryReviewStatus && <ReviewStatusChip status={d.summaryReviewStatus} />}
                </h2>
                <dl className="divide-y divide-slate-100">
                  <Row label={t("fields.successReasons")}>{d.successReasons}</Row>
                  <Row label={t("fields.failureReasons")}>{d.failureReasons}</Row>
                  <Row label={t("fields.lessonsLearned")}>{d.lessonsLearned}</Row>
                </dl>
                {trail.filter((r) => r.action !== "submit").length > 0 && (
                  <section className="mt-3" aria-labelledby="summary-trail">
                    <h3 id="summary-trail" className="text-sm font-semibold">
                      {t("summaryReview.trail")}
                    </h3>
                    <ul className="mt-1 space-y-1 text-sm">
                      {trail
                        .filter((r) => r.action !== "submit")
                        .map((r) => (
                          <li key={r.id}>
                            <span className="font-medium">{r.reviewerName}</span> · {t(`summaryReview.actions.${r.action as "approve" | "return" | "comment"}`)}
                            {r.comment && <>{pn.colon}{r.comment}</>}
                            <span className="text-slate-400"> · {format.dateTime(r.createdAt, { dateStyle: "medium", timeStyle: "short" })}</span>
                          </li>
                        ))}
                    </ul>
                  </section>
                )}
                {d.summaryReviewStatus && d.ownerId !== viewer.id && can(viewer, "plan:review") && (
                  <div className="mt-3">
                    <ReviewForm type="deal_summary" id={d.id} label={d.title} />
                  </div>
                )}
                {d.ownerId === viewer.id && can(viewer, "deal:edit") && (d.summaryReviewStatus === "returned" || d.summaryReviewStatus === "submitted") && (
                  <DealSummaryForm deal={{ id: d.id, version: d.version, status: d.status, successReasons: d.successReasons, failureReasons: d.failureReasons, lessonsLearned: d.lessonsLearned }} />
                )}
              </section>
            )}
            <section className="card p-4" aria-labelledby="files-h">
              <h2 id="files-h" className="mb-2 font-semibold">
                {t("groups.files")}
              </h2>
              <DealFiles
                dealId={d.id}
                canEdit={can(viewer, "deal:edit")}
                files={files.map((f) => ({
                  id: f.id,
                  name: f.name,
                  size: formatFileSize(f.size),
                  meta: t("files.meta", { by: f.byName ?? "—", when: format.dateTime(f.createdAt, { dateStyle: "medium", timeStyle: "short" }) }),
                }))}
              />
            </section>
            {d.status === "open" && can(viewer, "deal:edit") && (
              <section className="card p-4" aria-labelledby="close-h">
                <h2 id="close-h" className="mb-2 font-semibold">
                  {t("groups.close")}
                </h2>
                <CloseDealPanel deal={{ id: d.id, title: d.title, expectedAmount: d.expectedAmount, customerId: d.customerId }} today={today} />
              </section>
            )}
          </div>
          <section className="card p-4" aria-labelledby="hist-h">
            <h2 id="hist-h" className="mb-2 font-semibold">
              {t("groups.history")}
            </h2>
            <ol className="space-y-2 text-sm">
              {d.history.map((h) => (
                <li key={h.id}>
                  <span className="text-slate-500">{format.dateTime(h.movedAt, { dateStyle: "medium", timeStyle: "short" })}</span> → <strong>{h.stageName}</strong>
                  {h.byName && <span className="text-slate-500"> · {h.byName}</span>}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </ClientMessages>
  );
}
