import { Pencil } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ClientMessages } from "@/components/intl/client-messages";
import { DeletePlanButton, PlanSavedToast, ReviewForm, SubmitForReviewButton } from "@/components/plans/plan-forms";
import { ReviewStatusChip } from "@/components/plans/status-chip";
import { getDb } from "@/db/client";
import { getPlanById, getReviews } from "@/db/queries/plans";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { can } from "@/lib/viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("plans") };
}

export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("plan:view");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const row = await getPlanById(db, viewer, id);
  if (!row) notFound();
  const [t, format, trail] = await Promise.all([getTranslations("plans"), getFormatter(), getReviews(db, viewer, "plan", id)]);
  const p = row.plan;
  const mine = p.ownerId === viewer.id;
  const Row = ({ label, children }: { label: string; children: React.ReactNode }) => (
    <div className="grid grid-cols-3 gap-2 py-1.5 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="col-span-2 break-words whitespace-pre-line">{children || <span className="text-slate-300">—</span>}</dd>
    </div>
  );
  return (
    <ClientMessages namespaces={["plans"]}>
      <div className="space-y-4">
        <Suspense>
          <PlanSavedToast />
        </Suspense>
        <p className="text-sm text-slate-500">
          <Link href="/plans" className="hover:underline">
            {t("title")}
          </Link>
        </p>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold">
              {p.subject}
              <ReviewStatusChip status={p.reviewStatus} />
            </h1>
            <p className="mt-1 text-sm text-slate-600">{t("ownerLine", { owner: row.ownerName })}</p>
          </div>
          {mine && (
            <div className="flex flex-wrap gap-2">
              {(p.reviewStatus === "draft" || p.reviewStatus === "returned") && <SubmitForReviewButton type="plan" id={p.id} />}
              <Link href={`/plans/${p.id}/edit`} className="btn-primary">
                <Pencil aria-hidden className="size-4" />
                {t("edit")}
              </Link>
              <DeletePlanButton id={p.id} />
            </div>
          )}
        </div>
        <div className="grid gap-4 lg:grid-cols-3">
          <section className="card p-4 lg:col-span-2" aria-label={t("details")}>
            <dl className="divide-y divide-slate-100">
              <Row label={t("fields.period")}>{t(`periods.${p.period}`)}</Row>
              <Row label={t("fields.startDate")}>{p.startDate}</Row>
              <Row label={t("fields.endDate")}>{p.endDate}</Row>
              <Row label={t("fields.priority")}>{[p.important && t("fields.important"), p.urgent && t("fields.urgent")].filter(Boolean).join(" · ")}</Row>
              <Row label={t("fields.category")}>{p.category}</Row>
              <Row label={t("fields.content")}>{p.content}</Row>
              <Row label={t("fields.completedOn")}>{p.completedOn}</Row>
              <Row label={t("fields.completion")}>{p.completion}</Row>
            </dl>
          </section>
          <section className="card space-y-3 p-4" aria-labelledby="trail">
            <h2 id="trail" className="text-base font-semibold">
              {t("trail")}
            </h2>
            {trail.length === 0 ? (
              <p className="text-sm text-slate-500">{t("noTrail")}</p>
            ) : (
              <ol className="space-y-2 text-sm">
                {trail.map((r) => (
                  <li key={r.id} className="rounded-lg bg-slate-50 p-2">
                    <p className="font-medium">
                      {r.reviewerName} · {t(`actions.${r.action as "approve"}`)}
                    </p>
                    {r.comment && <p className="whitespace-pre-line text-slate-700">{r.comment}</p>}
                    <p className="text-xs text-slate-400">{format.dateTime(r.createdAt, { dateStyle: "medium", timeStyle: "short" })}</p>
                  </li>
                ))}
              </ol>
            )}
            {!mine && can(viewer, "plan:review") && <ReviewForm type="plan" id={p.id} label={p.subject} />}
          </section>
        </div>
      </div>
    </ClientMessages>
  );
}
