"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * A background job's progress (an import applying, a bulk assignment running): polled from `url` every second
 * while its status is `active`; when it leaves that status the page is refreshed to show the outcome.
 */
export function usePolledProgress<P extends { status: string }>(url: string, initial: P, active: string) {
  const router = useRouter();
  const [p, setP] = useState(initial);
  useEffect(() => {
    if (p.status !== active) return;
    const timer = setInterval(async () => {
      const res = await fetch(url, { cache: "no-store" }).catch(() => null);
      if (!res?.ok) return;
      const next = (await res.json()) as P;
      setP(next);
      if (next.status !== active) router.refresh();
    }, 1000);
    return () => clearInterval(timer);
  }, [url, p.status, active, router]);
  return [p, setP] as const;
}

/** The bar and its "n / total" line, one label for both (the bar's accessible name is the line). */
export function ProgressBar({ pct, label, className }: { pct: number; label: string; className?: string }) {
  return (
    <div className={className}>
      <div className="h-3 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={label}>
        <div className="h-full bg-brand-600 transition-all" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-1 text-sm text-slate-600">{label}</p>
    </div>
  );
}
