"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { saveReminderSettingsAction } from "@/app/(crm)/reminders/settings-actions";
import { Field } from "@/components/ui/field";
import { toast } from "@/lib/toast";
import { submittedText } from "@/lib/submitted";

export function ReminderSettingsForm({ touchDays, advance, kinds }: { touchDays: number[]; advance: Record<string, number>; kinds: { key: string; label: string }[] }) {
  const t = useTranslations("forgetting");
  const [state, action, pending] = useActionState(saveReminderSettingsAction, {});
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!state.at || seen.current === state.at) return;
    seen.current = state.at;
    if (state.ok) toast.success(t("saved"));
    else if (state.error) toast.error(state.error);
  }, [state, t]);
  const values = state.values;
  const err = state.fieldErrors ?? {};
  return (
    <form action={action} className="card space-y-4 p-4" noValidate>
      <Field name="touchDays" label={t("touchDays")} hint={t("touchDaysHint")} defaultValue={submittedText(values, "touchDays") ?? touchDays.join(", ")} error={err.touchDays} />
      <fieldset>
        <legend className="label">{t("advanceTitle")}</legend>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          {kinds.map((k) => (
            <Field key={k.key} name={`advance_${k.key}`} label={k.label} type="number" min={0} max={60} inputMode="numeric" defaultValue={submittedText(values, `advance_${k.key}`) ?? String(advance[k.key])} error={err[`advance_${k.key}`]} />
          ))}
        </div>
      </fieldset>
      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={pending}>
          {t("save")}
        </button>
      </div>
    </form>
  );
}
