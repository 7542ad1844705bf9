"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { CloseDealForm } from "./close-deal-form";

/**
 * 关闭交易 on a deal's page: a deal in progress shows two buttons (成交 / 失败); the form (收入信息 and the
 * required 交易总结) opens under them with that outcome chosen, its first field focused. 稍后再填 closes it
 * and gives focus back to the button that opened it.
 */
export function CloseDealPanel({ deal, today }: { deal: { id: string; title: string; expectedAmount: string | null; customerId?: string }; today: string }) {
  const t = useTranslations("deal");
  const router = useRouter();
  const [open, setOpen] = useState<"won" | "lost" | null>(null);
  const opener = useRef<"won" | "lost">("won");
  const buttons = { won: useRef<HTMLButtonElement>(null), lost: useRef<HTMLButtonElement>(null) };
  const formBox = useRef<HTMLDivElement>(null);
  const formId = useId();
  const wasOpen = useRef(false);

  useEffect(() => {
    if (open) formBox.current?.querySelector<HTMLElement>("input:not([type=hidden]):not(.sr-only), textarea")?.focus();
    else if (wasOpen.current) buttons[opener.current].current?.focus();
    wasOpen.current = !!open;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  return (
    <div className="space-y-3">
      {!open && <p className="text-sm text-slate-500">{t("close.intro")}</p>}
      <div className="flex flex-wrap gap-2">
        {(["won", "lost"] as const).map((o) => (
          <button
            key={o}
            ref={buttons[o]}
            type="button"
            className={o === "won" ? "btn-primary min-h-11" : "btn-secondary min-h-11"}
            aria-expanded={open === o}
            aria-controls={formId}
            onClick={() => {
              opener.current = o;
              setOpen((cur) => (cur === o ? null : o));
            }}
          >
            {t(`close.open.${o}`)}
          </button>
        ))}
      </div>
      <div id={formId} ref={formBox}>
        {open && <CloseDealForm key={open} deal={deal} today={today} initialOutcome={open} onDone={() => router.refresh()} onCancel={() => setOpen(null)} />}
      </div>
    </div>
  );
}
