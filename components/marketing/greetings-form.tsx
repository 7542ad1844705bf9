"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { saveGreetingsAction } from "@/app/(crm)/marketing/actions";
import { GreetingDecision } from "@/components/marketing/greeting-decision";
import { Select } from "@/components/ui/field";
import type { GreetingSettings } from "@/lib/marketing/greetings";
import { toast } from "@/lib/toast";

type Tpl = { id: string; name: string; channel: "sms" | "email" };

/** 自动问候: the sender's birthday and holiday templates, sent at once or held for approval; the held ones. */
export function GreetingsForm({ settings, templates, pending }: { settings: GreetingSettings; templates: Tpl[]; pending: { id: string; name: string; total: number }[] }) {
  const t = useTranslations("marketing");
  const router = useRouter();
  const [s, setS] = useState(settings);
  const [busy, start] = useTransition();
  const set = (k: "birthday" | "holiday", patch: Partial<GreetingSettings["birthday"]>) => setS((x) => ({ ...x, [k]: { ...x[k], ...patch } }));
  const save = () =>
    start(async () => {
      const r = await saveGreetingsAction(s);
      if (!r.ok) return void toast.error(r.error ?? t("failed"));
      toast.success(t("greetings.saved"));
      router.refresh();
    });
  return (
    <div className="space-y-3">
      {pending.length > 0 && (
        <ul className="space-y-2" aria-label={t("greetings.pending")}>
          {pending.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm">
              <span>
                {p.name} · {t("total", { n: p.total })}
              </span>
              <GreetingDecision id={p.id} label={p.name} />
            </li>
          ))}
        </ul>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        {(["birthday", "holiday"] as const).map((k) => (
          <fieldset key={k} className="space-y-2">
            <legend className="label">{t(`greetings.${k}`)}</legend>
            <Select name={`${k}-template`} label={t("template")} value={s[k].templateId ?? ""} onChange={(e) => set(k, { templateId: e.target.value || null })}>
              <option value="">{t("greetings.off")}</option>
              {templates.map((tp) => (
                <option key={tp.id} value={tp.id}>
                  {tp.name} ({t(`channel.${tp.channel}`)})
                </option>
              ))}
            </Select>
            <Select name={`${k}-mode`} label={t("greetings.mode")} value={s[k].mode} onChange={(e) => set(k, { mode: e.target.value as "auto" | "approve" })}>
              <option value="approve">{t("greetings.approveMode")}</option>
              <option value="auto">{t("greetings.autoMode")}</option>
            </Select>
          </fieldset>
        ))}
      </div>
      <p className="text-xs text-slate-500">{t("greetings.hint")}</p>
      <button type="button" className="btn-secondary" onClick={save} disabled={busy}>
        {t("greetings.save")}
      </button>
    </div>
  );
}
