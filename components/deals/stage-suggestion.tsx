"use client";

import type { CustomerStage } from "@/db/schema/customers";
import { Lightbulb } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { changeStageAction } from "@/app/(crm)/deals/actions";
import { toast } from "@/lib/toast";

/** The data's suggestion for the five-level stage; applied only when the user accepts it. */
export function StageSuggestion({ customerId, from, to, wonDeals, fromLabel, toLabel }: { customerId: string; from: string; to: CustomerStage; wonDeals: number; fromLabel: string; toLabel: string }) {
  const t = useTranslations("deal.suggestion");
  const router = useRouter();
  const [hidden, setHidden] = useState(false);
  const [pending, start] = useTransition();
  if (hidden) return null;
  return (
    <div role="region" aria-label={t("label")} className="flex flex-wrap items-center gap-3 rounded-xl border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
      <Lightbulb aria-hidden className="size-5 shrink-0" />
      <p className="flex-1">{t("text", { n: wonDeals, from: fromLabel, to: toLabel })}</p>
      <div className="flex gap-2">
        <button
          type="button"
          className="btn-primary min-h-10"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await changeStageAction(customerId, to, t("reason", { n: wonDeals }));
              if (r.ok) {
                toast.success(t("applied", { to: toLabel }));
                setHidden(true);
                router.refresh();
              } else toast.error(r.error ?? "");
            })
          }
        >
          {t("accept", { to: toLabel })}
        </button>
        <button type="button" className="btn-secondary min-h-10" onClick={() => setHidden(true)} aria-label={t("dismissAria", { from: fromLabel })}>
          {t("dismiss")}
        </button>
      </div>
    </div>
  );
}
