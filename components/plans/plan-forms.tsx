"use client";

import { CheckCircle2, Send, Trash, Undo2 } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useTransition } from "react";
import { deletePlanAction, reviewAction, savePlanAction, saveSummaryAction, submitForReviewAction } from "@/app/(crm)/plans/actions";
import { Field, Select, TextArea } from "@/components/ui/field";
import type { ActionState } from "@/lib/action";
import { toast } from "@/lib/toast";

export const PERIODS = ["day", "week", "month", "quarter", "year"] as const;

type Values = Record<string, unknown>;
const str = (v: unknown) => (v == null ? "" : String(v));

/** Toasts a failed result once (field errors are shown beside their fields). */
function useResultToast(state: ActionState, okMessage?: string, onOk?: () => void) {
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!state.at || seen.current === state.at) return;
    seen.current = state.at;
    if (state.ok) {
      if (okMessage) toast.success(okMessage);
      onOk?.();
    } else if (state.error) toast.error(state.error);
  }, [state, okMessage, onOk]);
}

/** 计划安排 form: new or edit; an approved plan only records its completion. */
export function PlanForm({ initial, id, locked }: { initial: Values; id?: string; locked?: boolean }) {
  const t = useTranslations("plans");
  const [state, action, pending] = useActionState(savePlanAction, {});
  useResultToast(state);
  const values = { ...initial, ...(state.values ?? {}) };
  const err = state.fieldErrors ?? {};
  const v = (k: string) => str(values[k]);
  const on = (k: string) => values[k] === true || values[k] === "on";
  return (
    // keyed by the result: React resets uncontrolled fields after an action, so remount with the returned values
    <form key={state.at ?? 0} action={action} className="card space-y-4 p-4" noValidate>
      {id && <input type="hidden" name="id" value={id} />}
      {locked && (
        <p role="note" className="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-800">
          {t("lockedNote")}
        </p>
      )}
      <fieldset disabled={locked} className="grid gap-4 sm:grid-cols-2 disabled:opacity-70">
        <Field name="subject" label={t("fields.subject")} required defaultValue={v("subject")} error={err.subject} className="sm:col-span-2" maxLength={200} />
        <Select name="period" label={t("fields.period")} defaultValue={v("period") || "week"} error={err.period}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`periods.${p}`)}
            </option>
          ))}
        </Select>
        <Field name="category" label={t("fields.category")} defaultValue={v("category")} error={err.category} maxLength={50} placeholder={t("categoryHint")} />
        <Field name="startDate" type="date" label={t("fields.startDate")} required defaultValue={v("startDate")} error={err.startDate} />
        <Field name="endDate" type="date" label={t("fields.endDate")} required defaultValue={v("endDate")} error={err.endDate} />
        <div className="flex flex-wrap gap-4 sm:col-span-2" role="group" aria-label={t("fields.priority")}>
          <label className="flex min-h-10 items-center gap-2 text-sm">
            <input type="checkbox" name="important" defaultChecked={on("important")} className="size-4" />
            {t("fields.important")}
          </label>
          <label className="flex min-h-10 items-center gap-2 text-sm">
            <input type="checkbox" name="urgent" defaultChecked={on("urgent")} className="size-4" />
            {t("fields.urgent")}
          </label>
        </div>
        <TextArea name="content" label={t("fields.content")} defaultValue={v("content")} error={err.content} className="sm:col-span-2" rows={5} maxLength={5000} />
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="completedOn" type="date" label={t("fields.completedOn")} defaultValue={v("completedOn")} error={err.completedOn} />
        <TextArea name="completion" label={t("fields.completion")} defaultValue={v("completion")} error={err.completion} className="sm:col-span-2" maxLength={2000} />
      </div>
      {locked && (
        // the disabled fieldset does not post: carry the frozen values so validation still sees them
        <>
          {["subject", "period", "category", "startDate", "endDate", "content"].map((k) => (
            <input key={k} type="hidden" name={k} value={v(k)} />
          ))}
          {on("important") && <input type="hidden" name="important" value="on" />}
          {on("urgent") && <input type="hidden" name="urgent" value="on" />}
        </>
      )}
      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </button>
      </div>
    </form>
  );
}

/** 工作总结 form (new). */
export function SummaryForm({ today }: { today: string }) {
  const t = useTranslations("plans");
  const formRef = useRef<HTMLFormElement>(null);
  const [state, action, pending] = useActionState(saveSummaryAction, {});
  useResultToast(state, t("summarySaved"), () => formRef.current?.reset());
  const values = state.values ?? {};
  const err = state.fieldErrors ?? {};
  return (
    <form key={state.at ?? 0} ref={formRef} action={action} className="grid gap-3 sm:grid-cols-3" noValidate>
      <Select name="period" label={t("fields.period")} defaultValue={str(values.period) || "week"} error={err.period}>
        {PERIODS.map((p) => (
          <option key={p} value={p}>
            {t(`periods.${p}`)}
          </option>
        ))}
      </Select>
      <Field name="periodStart" type="date" label={t("fields.startDate")} defaultValue={str(values.periodStart)} max={today} error={err.periodStart} />
      <Field name="periodEnd" type="date" label={t("fields.endDate")} defaultValue={str(values.periodEnd)} error={err.periodEnd} />
      <TextArea name="content" label={t("summaryContent")} defaultValue={str(values.content)} error={err.content} className="sm:col-span-3" rows={4} maxLength={10000} />
      <div className="flex justify-end sm:col-span-3">
        <button type="submit" className="btn-primary" disabled={pending}>
          {t("addSummary")}
        </button>
      </div>
    </form>
  );
}

export function SubmitForReviewButton({ type, id }: { type: "plan" | "work_summary"; id: string }) {
  const t = useTranslations("plans");
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      className="btn-secondary min-h-9 px-3 text-sm"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const r = await submitForReviewAction(type, id);
          if (!r.ok) return void toast.error(r.error ?? t("failed"));
          toast.success(t("submitted"));
          router.refresh();
        })
      }
    >
      <Send aria-hidden className="size-4" />
      {t("submit")}
    </button>
  );
}

export function DeletePlanButton({ id }: { id: string }) {
  const t = useTranslations("plans");
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      className="btn-danger"
      disabled={pending}
      onClick={() => {
        if (!window.confirm(t("confirmDelete"))) return;
        start(async () => {
          const r = await deletePlanAction(id);
          if (!r.ok) return void toast.error(r.error ?? t("failed"));
          toast.success(t("deleted"));
          router.push("/plans");
        });
      }}
    >
      <Trash aria-hidden className="size-4" />
      {t("delete")}
    </button>
  );
}

/** 审核 form: approve, send back (reason required) or comment. */
export function ReviewForm({ type, id, label }: { type: "plan" | "work_summary" | "deal_summary"; id: string; label: string }) {
  const t = useTranslations("plans");
  const router = useRouter();
  // toast inside the action: an approved item leaves the queue, unmounting this form with the refresh
  const [state, action, pending] = useActionState<ActionState, FormData>(async (prev, fd) => {
    const r = await reviewAction(prev, fd);
    if (r.ok) toast.success(t("reviewed"));
    else if (r.error && !r.fieldErrors) toast.error(r.error);
    return r;
  }, {});
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  const err = state.fieldErrors ?? {};
  const cid = `c-${type}-${id}`;
  return (
    <form action={action} className="space-y-2" noValidate aria-label={t("reviewOf", { label })}>
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="id" value={id} />
      <label htmlFor={cid} className="label">
        {t("comment")}
      </label>
      <textarea id={cid} name="comment" rows={2} maxLength={2000} className="input" aria-invalid={err.comment ? true : undefined} aria-describedby={err.comment ? `${cid}-err` : undefined} />
      {err.comment && (
        <p id={`${cid}-err`} role="alert" className="text-sm text-red-700">
          {err.comment}
        </p>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <button type="submit" name="action" value="comment" className="btn-secondary min-h-9 px-3 text-sm" disabled={pending}>
          {t("actions.comment")}
        </button>
        <button type="submit" name="action" value="return" className="btn-danger min-h-9 px-3 text-sm" disabled={pending}>
          <Undo2 aria-hidden className="size-4" />
          {t("actions.return")}
        </button>
        <button type="submit" name="action" value="approve" className="btn-primary min-h-9 px-3 text-sm" disabled={pending}>
          <CheckCircle2 aria-hidden className="size-4" />
          {t("actions.approve")}
        </button>
      </div>
    </form>
  );
}

export function PlanSavedToast() {
  const t = useTranslations("plans");
  const sp = useSearchParams();
  const router = useRouter();
  const saved = sp.get("saved");
  useEffect(() => {
    if (!saved) return;
    toast.success(t("saved"));
    router.replace(window.location.pathname, { scroll: false });
  }, [saved, t, router]);
  return null;
}
