import { useTranslations } from "next-intl";

export type ProgressCounts = { queued: number; sending: number; sent: number; failed: number; skipped: number; uncertain: number };

/** Sent / failed / skipped / remaining of a campaign as one bar with its numbers (server or client). */
export function CampaignBar({ total, progress: p, compact }: { total: number; progress: ProgressCounts; compact?: boolean }) {
  const t = useTranslations("marketing");
  const remaining = p.queued + p.sending;
  const pct = (n: number) => (total ? `${(n / total) * 100}%` : "0%");
  const done = total - remaining;
  return (
    <div className={compact ? "mt-2" : "space-y-2"}>
      <div
        className="flex h-3 w-full overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label={t("progressLabel", { done, total })}
      >
        <div className="bg-emerald-500" style={{ width: pct(p.sent) }} />
        <div className="bg-red-500" style={{ width: pct(p.failed) }} />
        <div className="bg-slate-400" style={{ width: pct(p.skipped) }} />
      </div>
      <p className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-600" data-testid="progress-counts">
        <span>{t("sent", { n: p.sent })}</span>
        <span className={p.failed ? "text-red-700" : undefined}>{t("failedN", { n: p.failed })}</span>
        <span>{t("skipped", { n: p.skipped })}</span>
        <span>{t("remaining", { n: remaining })}</span>
      </p>
    </div>
  );
}
