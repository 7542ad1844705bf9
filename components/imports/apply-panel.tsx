"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import { startImportAction } from "@/app/(crm)/customers/import/actions";
import { toast } from "@/lib/toast";

type Progress = { status: string; total: number; processed: number; created: number; updated: number; skipped: number; failed: number; error: string | null };

/** Step 3: start (or resume) applying, then a progress bar fed by polling until the import is done or paused. */
export function ImportApplyPanel({ id, initial }: { id: string; initial: Progress }) {
  const t = useTranslations("imports");
  const router = useRouter();
  const [p, setP] = useState(initial);
  const [pending, start] = useTransition();

  useEffect(() => {
    if (p.status !== "applying") return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/customers/import/${id}`, { cache: "no-store" }).catch(() => null);
      if (!res?.ok) return;
      const next = (await res.json()) as Progress;
      setP(next);
      if (next.status !== "applying") router.refresh();
    }, 1000);
    return () => clearInterval(timer);
  }, [id, p.status, router]);

  const pct = p.total ? Math.round((p.processed / p.total) * 100) : p.status === "done" ? 100 : 0;
  return (
    <section className="card space-y-3 p-4" aria-live="polite">
      {(p.status === "applying" || p.status === "done" || p.status === "paused") && (
        <div>
          <div className="h-3 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t("progress", { processed: p.processed, total: p.total })}>
            <div className="h-full bg-brand-600 transition-all" style={{ width: `${pct}%` }} />
          </div>
          <p className="mt-1 text-sm text-slate-600">{t("progress", { processed: p.processed, total: p.total })}</p>
        </div>
      )}
      {p.status === "done" && <p className="font-medium text-emerald-700">{t("done", { created: p.created, updated: p.updated, skipped: p.skipped, failed: p.failed })}</p>}
      {p.status === "paused" && <p className="text-red-700">{t("paused", { error: p.error ?? "" })}</p>}
      {(p.status === "checked" || p.status === "paused") && (
        <button
          type="button"
          className="btn-primary"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await startImportAction(id);
              if (r.ok) setP((x) => ({ ...x, status: "applying", error: null }));
              else toast.error(r.error ?? "");
            })
          }
        >
          {pending ? t("starting") : p.status === "paused" ? t("resume") : t("start")}
        </button>
      )}
    </section>
  );
}
