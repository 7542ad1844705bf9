"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { closeDealAction } from "@/app/(crm)/deals/actions";
import { CustomerPicker } from "@/components/customers/customer-picker";
import { FieldMessage } from "@/components/ui/field";
import { toast } from "@/lib/toast";

const str = (v: unknown) => (v == null ? "" : String(v));

/** 收入信息 and the required 交易总结 when a deal closes (won or lost). */
export function CloseDealForm({
  deal,
  today,
  initialOutcome = "won",
  onDone,
  onCancel,
}: {
  deal: { id: string; title: string; expectedAmount: string | null; customerId?: string };
  today: string;
  initialOutcome?: "won" | "lost";
  onDone?: () => void;
  onCancel?: () => void;
}) {
  const t = useTranslations("deal");
  const [state, action, pending] = useActionState(closeDealAction, {});
  const values = (state.ok ? {} : (state.values ?? {}));
  const err = state.fieldErrors ?? {};
  const [outcome, setOutcome] = useState<"won" | "lost">((str(values.outcome) as "won" | "lost") || initialOutcome);
  const errRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (!state.at) return;
    if (state.ok) {
      toast.success(t("close.saved"));
      onDone?.();
    } else if (state.error) {
      toast.error(state.error);
      errRef.current?.focus();
    }
  }, [state, t, onDone]);

  const input = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, required = false) => (
    <div>
      <label htmlFor={`cd-${name}`} className="label">
        {label}
        {required && <span className="text-red-600"> *</span>}
      </label>
      <input id={`cd-${name}`} name={name} className="input" defaultValue={str(values[name] ?? props.defaultValue)} aria-invalid={err[name] ? true : undefined} aria-describedby={err[name] ? `cd-${name}-err` : undefined} {...props} />
      <FieldMessage id={`cd-${name}`} error={err[name]} />
    </div>
  );
  const area = (name: string, label: string, required = false) => (
    <div className="sm:col-span-2">
      <label htmlFor={`cd-${name}`} className="label">
        {label}
        {required && <span className="text-red-600"> *</span>}
      </label>
      <textarea id={`cd-${name}`} name={name} rows={3} maxLength={2000} className="input" defaultValue={str(values[name])} aria-invalid={err[name] ? true : undefined} aria-describedby={err[name] ? `cd-${name}-err` : undefined} />
      <FieldMessage id={`cd-${name}`} error={err[name]} />
    </div>
  );

  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="dealId" value={deal.id} />
      {state.error && !state.ok && (
        <p ref={errRef} tabIndex={-1} role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <fieldset>
        <legend className="label">{t("close.outcome")}</legend>
        <div className="grid grid-cols-2 gap-2">
          {(["won", "lost"] as const).map((o) => (
            <label key={o} className="relative">
              <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} className="peer sr-only" />
              <span className="flex min-h-11 cursor-pointer items-center justify-center rounded-lg border border-slate-300 text-sm peer-checked:border-brand-600 peer-checked:bg-brand-600 peer-checked:text-white peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500">
                {t(`close.${o}`)}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {outcome === "won" && input("amount", t("fields.amount"), { inputMode: "decimal", defaultValue: deal.expectedAmount ?? "", placeholder: "12800.00" }, true)}
        {input("closedOn", t("fields.closedOn"), { type: "date", defaultValue: today, max: today }, true)}
        {outcome === "won" && (
          <>
            {input("discount", t("fields.discount"))}
            {input("paymentMethod", t("fields.paymentMethod"))}
            {input("contractNo", t("fields.contractNo"))}
            {input("contractFile", t("fields.contractFile"), { placeholder: t("close.contractFileHint") })}
            <div>
              <CustomerPicker name="introducerId" label={t("fields.introducerCustomer")} initialId={str(values.introducerId) || undefined} error={err.introducerId} excludeId={deal.customerId} />
              <p className="mt-1 text-xs text-slate-500">{t("fields.introducerHint")}</p>
            </div>
            {input("introducerText", t("fields.introducerOther"))}
            {input("relatedIntroducers", t("fields.relatedIntroducers"))}
            {area("successReasons", t("fields.successReasons"), true)}
          </>
        )}
        {outcome === "lost" && area("failureReasons", t("fields.failureReasons"), true)}
        {area("lessonsLearned", t("fields.lessonsLearned"), true)}
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary min-h-11" disabled={pending}>
          {pending ? t("close.saving") : t("close.submit")}
        </button>
        {onCancel && (
          <button type="button" className="btn-secondary min-h-11" onClick={onCancel}>
            {t("close.later")}
          </button>
        )}
      </div>
    </form>
  );
}
