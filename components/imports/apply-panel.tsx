"use client";

import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { startImportAction } from "@/app/(crm)/customers/import/actions";
import { toast } from "@/lib/toast";
import { ProgressBar, usePolledProgress } from "@/components/ui/polled-progress";

type Progress = { status: string; total: number; processed: number; created: number; updated: number; skipped: number; failed: number; error: string | null };

/** Step 3: start (or resume) applying, then a progress bar fed by polling until the import is done or paused. */
export function ImportApplyPanel({ id, initial }: { id: string; initial: Progress }) {
  const t = useTranslations("imports");
  const [p, setP] = usePolledProgress(`/api/customers/import/${id}`, initial, "applying");
  const [pending, start] = useTransition();

  const pct = p.total ? Math.round((p.processed / p.total) * 100) : p.status === "done" ? 100 : 0;
  return (
    <section className="card space-y-3 p-4" aria-live="polite">
      {(p.status === "applying" || p.status === "done" || p.status === "paused") && (
        <ProgressBar pct={pct} label={t("progress", { processed: p.processed, total: p.total })} />
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
