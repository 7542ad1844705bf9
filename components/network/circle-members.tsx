"use client";

import { UserMinus, UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState, useTransition } from "react";
import { addCircleMemberAction, removeCircleMemberAction } from "@/app/(crm)/network/actions";
import { CustomerPicker } from "@/components/customers/customer-picker";
import { toast } from "@/lib/toast";

/** Adds a customer (picked among those in scope) to the circle. */
export function AddCircleMember({ circleId }: { circleId: string }) {
  const t = useTranslations("circles");
  const router = useRouter();
  const [state, formAction, pending] = useActionState(addCircleMemberAction, {});
  const [key, setKey] = useState(0);
  useEffect(() => {
    if (!state.at) return;
    if (state.ok) {
      const d = state.data as { name: string; changed: boolean };
      toast.success(d.changed ? t("added", { name: d.name }) : t("already", { name: d.name }));
      setKey((k) => k + 1);
      router.refresh();
    } else if (state.error) toast.error(state.error);
  }, [state, t, router]);
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2" aria-label={t("add")}>
      <input type="hidden" name="circleId" value={circleId} />
      <div className="min-w-64 flex-1">
        <CustomerPicker key={key} name="customerId" label={t("addLabel")} error={state.fieldErrors?.customerId} />
      </div>
      <button type="submit" className="btn-primary inline-flex items-center gap-1" disabled={pending}>
        <UserPlus aria-hidden className="size-4" />
        {t("add")}
      </button>
    </form>
  );
}

/** Takes one member out of the circle (after a confirmation). */
export function RemoveCircleMember({ circleId, customerId, name }: { circleId: string; customerId: string; name: string }) {
  const t = useTranslations("circles");
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      className="inline-flex items-center gap-1 text-xs text-red-700 hover:underline disabled:opacity-50"
      disabled={pending}
      aria-label={t("removeName", { name })}
      onClick={() => {
        if (!window.confirm(t("confirmRemove", { name }))) return;
        start(async () => {
          const r = await removeCircleMemberAction(circleId, customerId);
          if (!r.ok) return void toast.error(r.error ?? t("failed"));
          toast.success(t("removed", { name }));
          router.refresh();
        });
      }}
    >
      <UserMinus aria-hidden className="size-4" />
      {t("remove")}
    </button>
  );
}
