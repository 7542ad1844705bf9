"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import { resumeAssignmentAction } from "@/app/(crm)/team/actions";
import { toast } from "@/lib/toast";

type Progress = { status: string; total: number; processed: number; moved: number; failed: number; error: string | null };

/** The progress bar of an assignment job, polled until it is done or paused; a paused job can be resumed. */
export function JobProgress({ id, initial }: { id: string; initial: Progress }) {
  const t = useTranslations("team.job");
  const router = useRouter();
  const [p, setP] = useState(initial);
  const [pending, start] = useTransition();
  useEffect(() => {
    if (p.status !== "running") return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/team/assign/${id}`, { cache: "no-store" }).catch(() => null);
      if (!res?.ok) return;
      const next = (await res.json()) as Progress;
      setP(next);
      if (next.status !== "running") router.refresh();
    }, 1000);
    return () => clearInterval(timer);
  }, [id, p.status, router]);
  const pct = p.total ? Math.round((p.processed / p.total) * 100) : 100;
  return (
    <section className="card space-y-3 p-4" aria-live="polite">
      <div className="h-3 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t("progress", { processed: p.processed, total: p.total })}>
        <div className="h-full bg-brand-600 transition-all" style={{ width: `${pct}%` }} />
      </div>
      <p className="text-sm text-slate-600">{t("progress", { processed: p.processed, total: p.total })}</p>
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
