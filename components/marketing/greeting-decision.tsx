"use client";

import { Send, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { decideApprovalAction } from "@/app/(crm)/marketing/actions";
import { punct } from "@/lib/punct";
import { toast } from "@/lib/toast";

/**
 * 确认发送 / 不发了 for one automatic greeting held for its sender's approval: the same action on /marketing
 * and in the reminder inbox (decideApproval: only the sender, only while it is held).
 */
export function GreetingDecision({ id, label }: { id: string; label: string }) {
  const t = useTranslations("marketing.greetings");
  const colon = punct(useLocale()).colon;
  const router = useRouter();
  const [busy, start] = useTransition();
  const decide = (send: boolean) =>
    start(async () => {
      const r = await decideApprovalAction(id, send);
      if (!r.ok) return void toast.error(r.error ?? t("failed"));
      toast.success(send ? t("sentToast") : t("discarded"));
      router.refresh();
    });
  return (
    <span className="flex gap-2">
      <button type="button" className="btn-primary min-h-9 px-3 text-sm" disabled={busy} onClick={() => decide(true)} aria-label={`${t("approve")}${colon}${label}`}>
        <Send aria-hidden className="size-4" />
        {t("approve")}
      </button>
      <button type="button" className="btn-secondary min-h-9 px-3 text-sm" disabled={busy} onClick={() => decide(false)} aria-label={`${t("discard")}${colon}${label}`}>
        <X aria-hidden className="size-4" />
        {t("discard")}
      </button>
    </span>
  );
}
