"use client";

import { RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import { campaignProgressAction, retryFailedAction } from "@/app/(crm)/marketing/actions";
import { toast } from "@/lib/toast";
import { CampaignBar, type ProgressCounts } from "./campaign-bar";

/** The campaign's progress, polled once a second while it sends; 重试 for the failed. */
export function CampaignLive({ id, total, status: initialStatus, progress: initial }: { id: string; total: number; status: string; progress: ProgressCounts }) {
  const t = useTranslations("marketing");
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  const [status, setStatus] = useState(initialStatus);
  const [pending, start] = useTransition();

  useEffect(() => setStatus(initialStatus), [initialStatus]);
  useEffect(() => {
    if (status !== "sending") return;
    let live = true;
    const tick = async () => {
      const r = await campaignProgressAction(id);
      if (!live || !r.ok || !r.data) return;
      setProgress(r.data.progress);
      if (r.data.status !== "sending") {
        setStatus(r.data.status);
        router.refresh();
      } else setTimeout(tick, 1000);
    };
    const h = setTimeout(tick, 1000);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [id, status, router]);

  const retry = (includeUncertain: boolean) =>
    start(async () => {
      if (includeUncertain && !window.confirm(t("confirmRetryUncertain", { n: progress.uncertain }))) return;
      const r = await retryFailedAction(id, includeUncertain);
      if (!r.ok) return void toast.error(r.error ?? t("failed"));
      toast.success(t("retried", { n: Number(r.data ?? 0) }));
      setStatus("sending");
      router.refresh();
    });

  const definite = progress.failed - progress.uncertain;
  return (
    <div className="space-y-3">
      <p className="text-sm font-medium" aria-live="polite" data-testid="campaign-status">
        {t(`status.${status}`)}
      </p>
      <CampaignBar total={total} progress={progress} />
      {progress.uncertain > 0 && <p className="text-xs text-amber-800">{t("uncertainNote", { n: progress.uncertain })}</p>}
      {status !== "sending" && progress.failed > 0 && (
        <div className="flex flex-wrap gap-2">
          {definite > 0 && (
            <button type="button" className="btn-secondary" onClick={() => retry(false)} disabled={pending}>
              <RotateCcw aria-hidden className="size-4" />
              {t("retryFailed", { n: definite })}
            </button>
          )}
          {progress.uncertain > 0 && (
            <button type="button" className="btn-secondary" onClick={() => retry(true)} disabled={pending}>
              {t("retryUncertain", { n: progress.uncertain })}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
