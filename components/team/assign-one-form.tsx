"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useEffect } from "react";
import { assignOneAction } from "@/app/(crm)/team/actions";
import type { ActionState } from "@/lib/action";
import { toast } from "@/lib/toast";

export type OwnerOption = { id: string; label: string };

/** 分配 one customer to a rep of the viewer's scope (the profile, a pool row), with a reason. */
export function AssignOneForm({ customerId, owners, currentOwnerId, compact, then }: { customerId: string; owners: OwnerOption[]; currentOwnerId?: string | null; compact?: boolean; then?: string }) {
  const t = useTranslations("team.assign");
  const router = useRouter();
  const [state, action, pending] = useActionState<ActionState, FormData>(async (prev, fd) => {
    const r = await assignOneAction(prev, fd);
    if (r.ok) toast.success(t("assigned"));
    else if (r.error && !r.fieldErrors) toast.error(r.error);
    return r;
  }, {});
  useEffect(() => {
    if (!state.ok) return;
    if (then) router.push(then);
    else router.refresh();
  }, [state, router, then]);
  const err = state.fieldErrors ?? {};
  const p = `as-${customerId}`;
  return (
    <form action={action} noValidate className={compact ? "flex flex-wrap items-end gap-2" : "space-y-2"} aria-label={t("formLabel")}>
      <input type="hidden" name="customerId" value={customerId} />
      <div className={compact ? "min-w-40 flex-1" : ""}>
        <label htmlFor={`${p}-owner`} className={compact ? "sr-only" : "label"}>
          {t("to")}
        </label>
        <select id={`${p}-owner`} name="ownerId" className="input" defaultValue="" aria-invalid={err.ownerId ? true : undefined} aria-describedby={err.ownerId ? `${p}-owner-err` : undefined}>
          <option value="" disabled>
            {t("choose")}
          </option>
          {owners
            .filter((o) => o.id !== currentOwnerId)
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
        </select>
        {err.ownerId && (
          <p id={`${p}-owner-err`} role="alert" className="mt-1 text-sm text-red-700">
            {err.ownerId}
          </p>
        )}
      </div>
      {!compact && (
        <div>
          <label htmlFor={`${p}-note`} className="label">
            {t("note")}
          </label>
          <input id={`${p}-note`} name="note" maxLength={200} className="input" placeholder={t("notePlaceholder")} aria-invalid={err.note ? true : undefined} />
          {err.note && (
            <p role="alert" className="mt-1 text-sm text-red-700">
              {err.note}
            </p>
          )}
        </div>
      )}
      <button type="submit" className={compact ? "btn-secondary min-h-9 px-3 text-sm" : "btn-primary"} disabled={pending}>
        {pending ? t("assigning") : t("submit")}
      </button>
    </form>
  );
}
