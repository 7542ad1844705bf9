"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { claimAction } from "@/app/(crm)/team/actions";
import { toast } from "@/lib/toast";

/** 领取 a pool customer; the loser of a race is told it is gone. */
export function ClaimButton({ id, name }: { id: string; name: string }) {
  const t = useTranslations("team.pool");
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      className="btn-primary min-h-9 px-3 text-sm"
      disabled={pending}
      aria-label={t("claimOne", { name })}
      onClick={() =>
        start(async () => {
          const r = await claimAction(id);
          if (r.ok) {
            toast.success(t("claimed", { name }));
            router.push(`/customers/${id}`);
          } else {
            toast.error(r.error ?? "");
            router.refresh();
          }
        })
      }
    >
      {pending ? t("claiming") : t("claim")}
    </button>
  );
}
