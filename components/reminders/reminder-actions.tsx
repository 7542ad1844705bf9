"use client";

import { AlarmClock, Check, RotateCcw } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useActionState, useEffect, useId, useRef, useState, useTransition } from "react";
import { setReminderDoneAction, snoozeReminderAction } from "@/app/(crm)/reminders/actions";
import { addDays } from "@/lib/dates";
import { toast } from "@/lib/toast";
import { punct } from "@/lib/punct";

/** 完成 / 推迟 for one reminder; the snooze form opens inline so it works the same on a phone. */
export function ReminderActions({ dedupeKey, status, today, label }: { dedupeKey: string; status: "open" | "done" | "snoozed"; today: string; label: string }) {
  const t = useTranslations("reminders");
  const locale = useLocale();
  const [pending, start] = useTransition();
  const [open, setOpen] = useState(false);
  const formId = useId();

  const setDone = (done: boolean) =>
    start(async () => {
      const r = await setReminderDoneAction(dedupeKey, done);
      if (!r.ok) toast.error(r.error ?? t("failed"));
      else toast.success(done ? t("doneToast") : t("undoToast"));
    });

  if (status === "done")
    return (
      <button type="button" className="btn-secondary min-h-9 px-3 text-sm" disabled={pending} onClick={() => setDone(false)} aria-label={`${t("undo")}${punct(locale).colon}${label}`}>
        <RotateCcw aria-hidden className="size-4" />
        {t("undo")}
      </button>
    );

  return (
    <div className="flex flex-col items-stretch gap-2 sm:items-end">
      <div className="flex gap-2">
        <button type="button" className="btn-primary min-h-9 px-3 text-sm" disabled={pending} onClick={() => setDone(true)} aria-label={`${t("done")}${punct(locale).colon}${label}`}>
          <Check aria-hidden className="size-4" />
          {t("done")}
        </button>
        <button
          type="button"
          className="btn-secondary min-h-9 px-3 text-sm"
          aria-expanded={open}
          aria-controls={formId}
          aria-label={`${t("snooze")}${punct(locale).colon}${label}`}
          onClick={() => setOpen((o) => !o)}
        >
          <AlarmClock aria-hidden className="size-4" />
          {t("snooze")}
        </button>
      </div>
      {open && <SnoozeForm id={formId} dedupeKey={dedupeKey} today={today} onDone={() => setOpen(false)} />}
    </div>
  );
}

function SnoozeForm({ id, dedupeKey, today, onDone }: { id: string; dedupeKey: string; today: string; onDone: () => void }) {
  const t = useTranslations("reminders");
  const [state, action, pending] = useActionState(snoozeReminderAction, {});
  const [until, setUntil] = useState(addDays(today, 1));
  const inputRef = useRef<HTMLInputElement>(null);
  const err = state.fieldErrors?.until;
  const handled = useRef<number | undefined>(undefined);
  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => {
    if (!state.at || handled.current === state.at) return;
    handled.current = state.at;
    if (state.ok && state.data) {
      toast.success(t("snoozedToast", { date: state.data.until }));
      onDone();
    } else if (!state.fieldErrors && state.error) toast.error(state.error);
  }, [state, t, onDone]);
  const presets: [string, number][] = [
    ["tomorrow", 1],
    ["threeDays", 3],
    ["nextWeek", 7],
  ];
  return (
    <form id={id} action={action} className="w-full rounded-lg border border-slate-200 bg-slate-50 p-3 sm:w-72" noValidate>
      <input type="hidden" name="key" value={dedupeKey} />
      <div className="mb-2 flex flex-wrap gap-1.5" role="group" aria-label={t("presetsLabel")}>
        {presets.map(([k, d]) => (
          <button key={k} type="button" className="chip bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-brand-50" onClick={() => setUntil(addDays(today, d))}>
            {t(`presets.${k}`)}
          </button>
        ))}
      </div>
      <label htmlFor={`${id}-until`} className="label">
        {t("snoozeTo")}
      </label>
      <input
        ref={inputRef}
        id={`${id}-until`}
        name="until"
        type="date"
        className="input"
        value={until}
        min={addDays(today, 1)}
        onChange={(e) => setUntil(e.target.value)}
        aria-invalid={err ? true : undefined}
        aria-describedby={err ? `${id}-err` : undefined}
      />
      {err && (
        <p id={`${id}-err`} role="alert" className="mt-1 text-sm text-red-700">
          {err}
        </p>
      )}
      <div className="mt-2 flex justify-end gap-2">
        <button type="button" className="btn-secondary min-h-9 px-3 text-sm" onClick={onDone}>
          {t("cancel")}
        </button>
        <button type="submit" className="btn-primary min-h-9 px-3 text-sm" disabled={pending}>
          {t("snoozeSubmit")}
        </button>
      </div>
    </form>
  );
}
