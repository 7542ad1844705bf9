"use client";

import clsx from "clsx";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { saveCommunicationAction } from "@/app/(crm)/communications/actions";
import { CustomerPicker } from "@/components/customers/customer-picker";
import { FieldMessage } from "@/components/ui/field";
import { toast } from "@/lib/toast";
import { COMMUNICATION_METHODS } from "@/lib/communications";
import { addDays } from "@/lib/dates";

type Props = {
  /** Fixed customer (on the customer's page); otherwise a picker is shown. */
  customer?: { id: string; label: string };
  /** "now" in China time as yyyy-mm-ddThh:mm, from the server so that server and client agree. */
  now: string;
  today: string;
  /** Show secondary fields open (desktop) or folded (phone quick form). */
  compact?: boolean;
};

const str = (v: unknown) => (v == null ? "" : String(v));

/**
 * The 交流记录 form: one screen, thumb-sized choices (method, interest, follow-up shortcuts), the rest
 * folded under 更多. Used by /communications/new and the customer's page.
 */
export function CommunicationForm({ customer, now, today, compact }: Props) {
  const t = useTranslations("comm");
  const [state, action, pending] = useActionState(saveCommunicationAction, {});
  const [formKey, setFormKey] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const values = (state.ok ? {} : (state.values ?? {}));
  const err = state.fieldErrors ?? {};
  const [followUp, setFollowUp] = useState(str(values.nextFollowUp));
  const [lastSaved, setLastSaved] = useState<string | null>(null);

  useEffect(() => {
    if (!state.at) return;
    if (state.ok) {
      toast.success(t("saved"));
      setFollowUp("");
      setLastSaved(state.data?.customerId ?? null);
      setFormKey((k) => k + 1);
    } else if (state.error) {
      toast.error(state.error);
      setFollowUp(str(state.values?.nextFollowUp));
      errorRef.current?.focus();
    }
  }, [state, t]);

  const hasMoreErrors = ["contactName", "companyName", "purpose", "needsInsight"].some((k) => err[k]);

  return (
    <form key={formKey} ref={formRef} action={action} className="space-y-4" noValidate aria-describedby={state.error ? "comm-form-error" : undefined}>
      {state.error && !state.ok && (
        <p id="comm-form-error" ref={errorRef} tabIndex={-1} role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {state.error}
        </p>
      )}
      {lastSaved && !customer && (
        <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-800">
          {t("savedLong")}{" "}
          <Link href={`/customers/${lastSaved}`} className="font-medium underline">
            {t("openCustomer")}
          </Link>
        </p>
      )}
      {customer ? (
        <input type="hidden" name="customerId" value={customer.id} />
      ) : (
        <CustomerPicker name="customerId" label={t("fields.customer") + " *"} error={err.customerId} initialId={str(values.customerId) || undefined} />
      )}

      <fieldset>
        <legend className="label">
          {t("fields.method")} <span className="text-red-600">*</span>
        </legend>
        <div className="grid grid-cols-4 gap-2 sm:grid-cols-7" aria-describedby={err.method ? "f-method-err" : undefined}>
          {COMMUNICATION_METHODS.map((m, i) => (
            <label key={m} className="relative">
              <input
                type="radio"
                name="method"
                value={m}
                defaultChecked={str(values.method) ? values.method === m : i === 1}
                className="peer sr-only"
              />
              <span className="flex min-h-11 cursor-pointer items-center justify-center rounded-lg border border-slate-300 px-2 text-sm select-none peer-checked:border-brand-600 peer-checked:bg-brand-600 peer-checked:text-white peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500 peer-focus-visible:ring-offset-1">
                {t(`methods.${m}`)}
              </span>
            </label>
          ))}
        </div>
        <FieldMessage id="f-method" error={err.method} />
      </fieldset>

      <div>
        <label htmlFor="f-topic" className="label">
          {t("fields.topic")} <span className="text-red-600">*</span>
        </label>
        <input
          id="f-topic"
          name="topic"
          className="input"
          maxLength={100}
          required
          defaultValue={str(values.topic)}
          placeholder={t("placeholders.topic")}
          aria-invalid={err.topic ? true : undefined}
          aria-describedby={err.topic ? "f-topic-err" : undefined}
        />
        <FieldMessage id="f-topic" error={err.topic} />
      </div>

      <fieldset>
        <legend className="label">{t("fields.interest")}</legend>
        <div className="grid grid-cols-5 gap-2" aria-describedby={err.interest ? "f-interest-err" : undefined}>
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className="relative">
              <input type="radio" name="interest" value={n} defaultChecked={str(values.interest) === String(n)} className="peer sr-only" />
              <span
                title={t(`interestLevels.${n}`)}
                className="flex min-h-11 cursor-pointer flex-col items-center justify-center rounded-lg border border-slate-300 text-sm select-none peer-checked:border-amber-500 peer-checked:bg-amber-400 peer-checked:text-slate-900 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500"
              >
                <span className="font-semibold">{n}</span>
                <span className="text-[11px] leading-tight">{t(`interestLevels.${n}`)}</span>
              </span>
            </label>
          ))}
        </div>
        <FieldMessage id="f-interest" error={err.interest} />
      </fieldset>

      <div>
        <label htmlFor="f-summary" className="label">
          {t("fields.summary")}
        </label>
        <textarea id="f-summary" name="summary" rows={compact ? 3 : 4} maxLength={4000} className="input" defaultValue={str(values.summary)} placeholder={t("placeholders.summary")} aria-invalid={err.summary ? true : undefined} />
        <FieldMessage id="f-summary" error={err.summary} />
      </div>

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="f-contactedAt" className="label">
            {t("fields.contactedAt")} <span className="text-red-600">*</span>
          </label>
          <input
            id="f-contactedAt"
            name="contactedAt"
            type="datetime-local"
            className="input"
            defaultValue={str(values.contactedAt) || now}
            max={now.slice(0, 10) + "T23:59"}
            required
            aria-invalid={err.contactedAt ? true : undefined}
            aria-describedby={err.contactedAt ? "f-contactedAt-err" : undefined}
          />
          <FieldMessage id="f-contactedAt" error={err.contactedAt} />
        </div>
        <div>
          <label htmlFor="f-nextFollowUp" className="label">
            {t("fields.nextFollowUp")}
          </label>
          <input
            id="f-nextFollowUp"
            name="nextFollowUp"
            type="date"
            className="input"
            value={followUp}
            min={today}
            onChange={(e) => setFollowUp(e.target.value)}
            aria-invalid={err.nextFollowUp ? true : undefined}
            aria-describedby={err.nextFollowUp ? "f-nextFollowUp-err" : "f-nextFollowUp-hint"}
          />
          <div className="mt-2 flex flex-wrap gap-2">
            {[1, 3, 7, 30].map((n) => (
              <button key={n} type="button" className={clsx("chip min-h-9 border px-3", followUp === addDays(today, n) ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 bg-white")} onClick={() => setFollowUp(addDays(today, n))}>
                {t(`followUpIn.${n}`)}
              </button>
            ))}
          </div>
          <FieldMessage id="f-nextFollowUp" error={err.nextFollowUp} hint={t("followUpHint")} />
        </div>
      </div>

      <details open={!compact || hasMoreErrors} className="rounded-lg border border-slate-200">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-brand-700 select-none">{t("more")}</summary>
        <div className="grid grid-cols-1 gap-4 border-t border-slate-100 p-3 sm:grid-cols-2">
          {(["contactName", "companyName", "purpose"] as const).map((k) => (
            <div key={k}>
              <label htmlFor={`f-${k}`} className="label">
                {t(`fields.${k}`)}
              </label>
              <input id={`f-${k}`} name={k} className="input" maxLength={k === "purpose" ? 200 : 100} defaultValue={str(values[k])} placeholder={k !== "purpose" ? t("placeholders.fromCustomer") : undefined} aria-invalid={err[k] ? true : undefined} />
              <FieldMessage id={`f-${k}`} error={err[k]} />
            </div>
          ))}
          <div className="sm:col-span-2">
            <label htmlFor="f-needsInsight" className="label">
              {t("fields.needsInsight")}
            </label>
            <textarea id="f-needsInsight" name="needsInsight" rows={2} maxLength={2000} className="input" defaultValue={str(values.needsInsight)} placeholder={t("placeholders.needsInsight")} aria-invalid={err.needsInsight ? true : undefined} />
            <FieldMessage id="f-needsInsight" error={err.needsInsight} />
          </div>
        </div>
      </details>

      <div className="sticky bottom-16 z-10 -mx-1 bg-white/95 px-1 py-2 backdrop-blur lg:static lg:bottom-auto lg:bg-transparent">
        <button type="submit" className="btn-primary min-h-12 w-full text-base sm:w-auto" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </button>
      </div>
    </form>
  );
}
