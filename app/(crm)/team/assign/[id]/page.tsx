import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { JobProgress } from "@/components/team/job-progress";
import { getDb } from "@/db/client";
import { getAssignmentFailures, getAssignmentJob } from "@/db/queries/assignments";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("team"))("job.title") };
}

/** One assignment job of the viewer's own: its progress bar, and the customers that could not be moved. */
export default async function AssignJobPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("customer:assign");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const job = await getAssignmentJob(db, viewer, id);
  if (!job) notFound();
  const [t, failures] = await Promise.all([getTranslations("team"), job.failed ? getAssignmentFailures(db, viewer, id) : Promise.resolve([])]);
  return (
    <ClientMessages namespaces={["team"]}>
      <div className="space-y-4">
        <div>
          <Link href="/team/assign" className="text-sm text-brand-700 hover:underline">
            {t("job.back")}
          </Link>
          <h1 className="text-2xl font-semibold">{t(`job.reasons.${job.reason}`)}</h1>
        </div>
        <JobProgress id={id} initial={{ status: job.status, total: job.total, processed: job.processed, moved: job.moved, failed: job.failed, error: job.error }} />
        {failures.length > 0 && (
          <section className="card p-3" aria-labelledby="fail-title">
            <h2 id="fail-title" className="mb-2 text-base font-semibold">
              {t("job.failures")}
            </h2>
            <ul className="divide-y divide-slate-100 text-sm">
              {failures.map((f) => (
                <li key={f.seq} className="py-1.5">
                  <span className="font-medium">{f.name ?? t("job.hidden")}</span>
                  <span className="text-slate-600">{` · ${f.reason ?? ""}`}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </ClientMessages>
  );
}
