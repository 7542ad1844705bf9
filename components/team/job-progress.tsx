"use client";

import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { resumeAssignmentAction } from "@/app/(crm)/team/actions";
import { toast } from "@/lib/toast";
import { ProgressBar, usePolledProgress } from "@/components/ui/polled-progress";

type Progress = { status: string; total: number; processed: number; moved: number; failed: number; error: string | null };

/** The progress bar of an assignment job, polled until it is done or paused; a paused job can be resumed. */
export function JobProgress({ id, initial }: { id: string; initial: Progress }) {
  const t = useTranslations("team.job");
  const [p, setP] = usePolledProgress(`/api/team/assign/${id}`, initial, "running");
  const [pending, start] = useTransition();
  const pct = p.total ? Math.round((p.processed / p.total) * 100) : 100;
  return (
    <section className="card space-y-3 p-4" aria-live="polite">
      <ProgressBar pct={pct} label={t("progress", { processed: p.processed, total: p.total })} />
      {p.status === "done" && <p className="font-medium text-emerald-700">{t("done", { moved: p.moved, failed: p.failed, unchanged: p.processed - p.moved - p.failed })}</p>}
      {p.status === "paused" && (
        <>
          <p className="text-red-700">{t("paused", { error: p.error ?? "" })}</p>
          <button
            type="button"
            className="btn-primary"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await resumeAssignmentAction(id);
                if (r.ok) setP((x) => ({ ...x, status: "running", error: null }));
                else toast.error(r.error ?? "");
              })
            }
          >
            {t("resume")}
          </button>
        </>
      )}
    </section>
  );
}
