"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { setOptOutAction } from "@/app/(crm)/marketing/actions";
import { toast } from "@/lib/toast";

export function OptOutToggle({ customerId, channel, optedOut }: { customerId: string; channel: "sms" | "email"; optedOut: boolean }) {
  const t = useTranslations("marketing.optOut");
  const router = useRouter();
  const [pending, start] = useTransition();
  const toggle = () =>
    start(async () => {
      const r = await setOptOutAction(customerId, channel, !optedOut);
      if (!r.ok) return void toast.error(r.error ?? t("failed"));
      toast.success(optedOut ? t("withdrawn") : t("recorded"));
      router.refresh();
    });
  return (
    <button type="button" className="btn-secondary min-h-8 px-2 py-1 text-xs" onClick={toggle} disabled={pending}>
      {optedOut ? t("withdraw") : t("record")}
    </button>
  );
}
