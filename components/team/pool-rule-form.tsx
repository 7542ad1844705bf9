"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useEffect } from "react";
import { savePoolRuleAction } from "@/app/(crm)/admin/pool/actions";
import type { ActionState } from "@/lib/action";
import { toast } from "@/lib/toast";

type Rule = { orgUnitId: string; name: string; hasRule: boolean; notContactedDays: number | null; noDealDays: number | null; claimedUntouchedDays: number | null; claimLimit: number | null };

/** One unit's 公海规则: three day counts (empty = off) and the daily claim limit; remove falls back to the parent's. */
export function PoolRuleForm({ rule, inherited }: { rule: Rule; inherited: string | null }) {
  const t = useTranslations("team.rules");
  const router = useRouter();
  const [state, action, pending] = useActionState<ActionState, FormData>(async (prev, fd) => {
    const r = await savePoolRuleAction(prev, fd);
    if (r.ok) toast.success(t("saved", { unit: rule.name }));
    else if (r.error && !r.fieldErrors) toast.error(r.error);
    return r;
  }, {});
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  const err = state.fieldErrors ?? {};
  const p = `pr-${rule.orgUnitId}`;
  const num = (name: "notContactedDays" | "noDealDays" | "claimedUntouchedDays" | "claimLimit", value: number | null) => (
    <div>
      <label htmlFor={`${p}-${name}`} className="label">
        {t(name)}
      </label>
      <input
        id={`${p}-${name}`}
        name={name}
        type="number"
        inputMode="numeric"
        min={name === "claimLimit" ? 0 : 1}
        className="input"
        defaultValue={value ?? ""}
        placeholder={name === "claimLimit" ? "20" : t("off")}
        aria-invalid={err[name] ? true : undefined}
        aria-describedby={err[name] ? `${p}-${name}-err` : undefined}
      />
      {err[name] && (
        <p id={`${p}-${name}-err`} role="alert" className="mt-1 text-sm text-red-700">
          {err[name]}
        </p>
      )}
    </div>
  );
  return (
    <form action={action} noValidate className="space-y-2" aria-label={t("formOf", { unit: rule.name })}>
      <input type="hidden" name="orgUnitId" value={rule.orgUnitId} />
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
        {num("notContactedDays", rule.notContactedDays)}
        {num("noDealDays", rule.noDealDays)}
        {num("claimedUntouchedDays", rule.claimedUntouchedDays)}
        {num("claimLimit", rule.claimLimit)}
      </div>
      {!rule.hasRule && <p className="text-xs text-slate-500">{inherited ? t("inherits", { unit: inherited }) : t("none")}</p>}
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary min-h-9 px-3 text-sm" disabled={pending}>
          {t("save")}
        </button>
        {rule.hasRule && (
          <button type="submit" name="remove" value="1" className="btn-secondary min-h-9 px-3 text-sm" disabled={pending}>
            {t("remove")}
          </button>
        )}
      </div>
    </form>
  );
}
