"use client";

import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useActionState, useRef, useState } from "react";
import { saveValueGradeRulesAction } from "@/app/(crm)/admin/value-grades/actions";
import { FieldMessage } from "@/components/ui/field";
import type { ValueGradeRules } from "@/db/queries/value-grades";
import type { ActionState } from "@/lib/action";
import { toast } from "@/lib/toast";

type Row = { key: number; code: string; label: string; minRevenue: string; minShare: string };

/** The grade rules editor: basis, window, the grades best first (add / remove rows); one save = one version. */
export function ValueGradeRulesEditor({ rules }: { rules: ValueGradeRules }) {
  const t = useTranslations("valueRules");
  // toast inside the action: a saved version remounts this editor (keyed by version) with the refresh
  const [state, action, pending] = useActionState<ActionState<{ version: number; regraded: number }>, FormData>(async (prev, fd) => {
    const r = await saveValueGradeRulesAction(prev, fd);
    if (r.ok && r.data) toast.success(t("saved", { version: r.data.version, n: r.data.regraded }));
    else if (r.error && !r.fieldErrors) toast.error(r.error);
    return r;
  }, {});
  const nextKey = useRef(rules.grades.length);
  const [basis, setBasis] = useState(rules.basis);
  const [rows, setRows] = useState<Row[]>(() => rules.grades.map((g, key) => ({ key, code: g.code, label: g.label, minRevenue: g.minRevenue, minShare: g.minShare ?? "" })));
  const err = state.ok ? {} : (state.fieldErrors ?? {});
  const set = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <form action={action} className="card space-y-4 p-4" noValidate aria-label={t("title")}>
      <input type="hidden" name="expectedVersion" value={rules.version} />
      {state.error && !state.ok && (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <fieldset>
        <legend className="label">{t("basis")}</legend>
        <div className="space-y-1">
          {(["revenue", "share"] as const).map((b) => (
            <label key={b} className="flex items-start gap-2 text-sm">
              <input type="radio" name="basis" value={b} checked={basis === b} onChange={() => setBasis(b)} className="mt-1 size-4" />
              {t(`bases.${b}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor="vr-window" className="label">
            {t("windowMonths")}
          </label>
          <input id="vr-window" name="windowMonths" type="number" min={1} max={60} className="input" defaultValue={rules.windowMonths} aria-invalid={err.windowMonths ? true : undefined} aria-describedby={err.windowMonths ? "vr-window-err" : undefined} />
          <FieldMessage id="vr-window" error={err.windowMonths} />
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="vr-note" className="label">
            {t("note")}
          </label>
          <input id="vr-note" name="note" className="input" maxLength={200} aria-invalid={err.note ? true : undefined} />
          <FieldMessage id="vr-note" error={err.note} />
        </div>
      </div>
      <fieldset>
        <legend className="label">{t("grades")}</legend>
        <p className="mb-2 text-xs text-slate-500">{basis === "share" ? t("shareHint") : t("revenueHint")}</p>
        {err.grades && <p className="text-sm text-red-700">{err.grades}</p>}
        <ol className="space-y-2">
          {rows.map((r, i) => {
            const e = (f: string) => err[`grades.${i}.${f}`];
            const id = (f: string) => `vr-${r.key}-${f}`;
            return (
              <li key={r.key} className="grid grid-cols-2 items-start gap-2 rounded-lg border border-slate-200 p-2 sm:grid-cols-[6rem_1fr_12rem_auto]">
                <div>
                  <label htmlFor={id("code")} className="text-xs text-slate-600">
                    {t("code")}
                  </label>
                  <input id={id("code")} name={`grades.${i}.code`} className="input" value={r.code} maxLength={10} onChange={(ev) => set(r.key, { code: ev.target.value })} aria-invalid={e("code") ? true : undefined} />
                  <FieldMessage id={id("code")} error={e("code")} />
                </div>
                <div>
                  <label htmlFor={id("label")} className="text-xs text-slate-600">
                    {t("label")}
                  </label>
                  <input id={id("label")} name={`grades.${i}.label`} className="input" value={r.label} maxLength={30} onChange={(ev) => set(r.key, { label: ev.target.value })} aria-invalid={e("label") ? true : undefined} />
                  <FieldMessage id={id("label")} error={e("label")} />
                </div>
                {basis === "revenue" ? (
                  <div>
                    <label htmlFor={id("min")} className="text-xs text-slate-600">
                      {t("minRevenue")}
                    </label>
                    <input id={id("min")} name={`grades.${i}.minRevenue`} inputMode="decimal" className="input" value={r.minRevenue} onChange={(ev) => set(r.key, { minRevenue: ev.target.value })} aria-invalid={e("minRevenue") ? true : undefined} />
                    <FieldMessage id={id("min")} error={e("minRevenue")} />
                  </div>
                ) : (
                  <div>
                    <label htmlFor={id("share")} className="text-xs text-slate-600">
                      {t("minShare")}
                    </label>
                    <input id={id("share")} name={`grades.${i}.minShare`} inputMode="decimal" className="input" value={r.minShare} onChange={(ev) => set(r.key, { minShare: ev.target.value })} aria-invalid={e("minShare") ? true : undefined} />
                    <FieldMessage id={id("share")} error={e("minShare")} />
                  </div>
                )}
                <button type="button" className="btn-secondary mt-5 min-h-11" disabled={rows.length <= 1} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} aria-label={`${t("removeGrade")} ${r.code}`}>
                  <Trash2 aria-hidden className="size-4" />
                </button>
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="btn-secondary mt-2"
          disabled={rows.length >= 10}
          onClick={() => setRows((rs) => [...rs, { key: nextKey.current++, code: "", label: "", minRevenue: "0", minShare: "" }])}
        >
          <Plus aria-hidden className="size-4" />
          {t("addGrade")}
        </button>
      </fieldset>
      <button type="submit" className="btn-primary min-h-11" disabled={pending}>
        {t("save")}
      </button>
    </form>
  );
}
