"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { updateDealSummaryAction } from "@/app/(crm)/deals/actions";
import { TextArea } from "@/components/ui/field";
import type { ActionState } from "@/lib/action";
import { toast } from "@/lib/toast";

/** The owner's revision of a closed deal's 交易总结 (after a send-back): saving submits it for review again. */
export function DealSummaryForm({ deal }: { deal: { id: string; version: number; status: "won" | "lost"; successReasons: string | null; failureReasons: string | null; lessonsLearned: string | null } }) {
  const t = useTranslations("deal");
  const router = useRouter();
  const [state, action, pending] = useActionState<ActionState<{ id: string }>, FormData>(async (prev, fd) => {
    const r = await updateDealSummaryAction(prev, fd);
    if (r.ok) toast.success(t("summaryReview.resubmitted"));
    else if (r.error && !r.fieldErrors) toast.error(r.error);
    return r;
  }, {});
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  const err = state.ok ? {} : (state.fieldErrors ?? {});
  const v = (k: "successReasons" | "failureReasons" | "lessonsLearned") => (typeof state.values?.[k] === "string" ? (state.values[k] as string) : (deal[k] ?? ""));
  return (
    <form action={action} className="mt-3 space-y-3 rounded-lg border border-slate-200 p-3" noValidate aria-label={t("summaryReview.revise")}>
      <h3 className="text-sm font-semibold">{t("summaryReview.revise")}</h3>
      {state.error && !state.ok && (
        <p role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      )}
      <input type="hidden" name="dealId" value={deal.id} />
      <input type="hidden" name="version" value={deal.version} />
      {deal.status === "won" ? (
        <TextArea name="successReasons" label={t("fields.successReasons")} defaultValue={v("successReasons")} error={err.successReasons} maxLength={2000} />
      ) : (
        <TextArea name="failureReasons" label={t("fields.failureReasons")} defaultValue={v("failureReasons")} error={err.failureReasons} maxLength={2000} />
      )}
      <TextArea name="lessonsLearned" label={t("fields.lessonsLearned")} defaultValue={v("lessonsLearned")} error={err.lessonsLearned} maxLength={2000} />
      <button type="submit" className="btn-primary min-h-11" disabled={pending}>
        {t("summaryReview.resubmit")}
      </button>
    </form>
  );
}
