"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { assignBulkAction, handoverAction } from "@/app/(crm)/team/actions";
import type { ActionState } from "@/lib/action";
import type { OwnerOption } from "./assign-one-form";

type Row = { id: string; name: string; companyName: string | null; ownerName: string | null };

/**
 * 批量分配: tick customers of the page, or take every customer matching the list's filters (`filters`, the
 * customer list's query string, `total` of them), and give them to one rep. It becomes a background job.
 */
export function BulkAssignForm({ rows, owners, filters, total, capped }: { rows: Row[]; owners: OwnerOption[]; filters: string; total: number; capped: boolean }) {
  const t = useTranslations("team.assign");
  const [state, action, pending] = useActionState<ActionState, FormData>(assignBulkAction, {});
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const toggle = (id: string) => setTicked((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const err = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate className="space-y-3">
      <input type="hidden" name="filters" value={filters} />
      {state.error && !state.ok && (
        <p role="alert" className="rounded-lg bg-red-50 p-2 text-sm text-red-700">
          {state.error}
        </p>
      )}
      <fieldset className="card divide-y divide-slate-100">
        <legend className="sr-only">{t("pick")}</legend>
        <div className="flex items-center justify-between gap-2 px-3 py-2 text-sm text-slate-600">
          <label className="flex items-center gap-2">
            <input type="checkbox" className="size-4" checked={rows.length > 0 && ticked.size === rows.length} onChange={(e) => setTicked(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())} />
            {t("tickPage")}
          </label>
          <span aria-live="polite">{t("ticked", { n: ticked.size })}</span>
        </div>
        {rows.map((r) => (
          <label key={r.id} className="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-slate-50">
            <input type="checkbox" name="ids[]" value={r.id} className="size-4" checked={ticked.has(r.id)} onChange={() => toggle(r.id)} />
            <span className="min-w-0 flex-1">
              <span className="font-medium">{r.name}</span>
              {r.companyName && <span className="text-slate-500"> · {r.companyName}</span>}
            </span>
            <span className="text-xs text-slate-500">{r.ownerName ?? t("poolOwner")}</span>
          </label>
        ))}
      </fieldset>
      <div className="card grid gap-3 p-3 md:grid-cols-3">
        <div>
          <label htmlFor="ba-owner" className="label">
            {t("to")}
          </label>
          <select id="ba-owner" name="ownerId" className="input" defaultValue="" aria-invalid={err.ownerId ? true : undefined} aria-describedby={err.ownerId ? "ba-owner-err" : undefined}>
            <option value="" disabled>
              {t("choose")}
            </option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
          {err.ownerId && (
            <p id="ba-owner-err" role="alert" className="mt-1 text-sm text-red-700">
              {err.ownerId}
            </p>
          )}
        </div>
        <div className="md:col-span-2">
          <label htmlFor="ba-note" className="label">
            {t("note")}
          </label>
          <input id="ba-note" name="note" maxLength={200} className="input" placeholder={t("notePlaceholder")} />
          {err.note && (
            <p role="alert" className="mt-1 text-sm text-red-700">
              {err.note}
            </p>
          )}
        </div>
        <div className="flex flex-wrap gap-2 md:col-span-3">
          <button type="submit" name="scope" value="selected" className="btn-primary" disabled={pending || ticked.size === 0}>
            {t("assignTicked", { n: ticked.size })}
          </button>
          <button type="submit" name="scope" value="all" className="btn-secondary" disabled={pending || total === 0 || capped}>
            {capped ? t("tooMany") : t("assignAll", { n: total })}
          </button>
        </div>
      </div>
    </form>
  );
}

/** 离职交接: all of one person's customers to one or several reps, shared out in turn. */
export function HandoverForm({ people, owners }: { people: OwnerOption[]; owners: OwnerOption[] }) {
  const t = useTranslations("team.assign");
  const [state, action, pending] = useActionState<ActionState, FormData>(handoverAction, {});
  const err = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate className="card space-y-3 p-3" aria-labelledby="handover-title">
      <h2 id="handover-title" className="text-base font-semibold">
        {t("handoverTitle")}
      </h2>
      <p className="text-sm text-slate-500">{t("handoverHint")}</p>
      {state.error && !state.ok && (
        <p role="alert" className="rounded-lg bg-red-50 p-2 text-sm text-red-700">
          {state.error}
        </p>
      )}
      <div>
        <label htmlFor="ho-from" className="label">
          {t("from")}
        </label>
        <select id="ho-from" name="fromId" className="input" defaultValue="" aria-invalid={err.fromId ? true : undefined}>
          <option value="" disabled>
            {t("choose")}
          </option>
          {people.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
        {err.fromId && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {err.fromId}
          </p>
        )}
      </div>
      <fieldset aria-describedby={err.toIds ? "ho-to-err" : undefined}>
        <legend className="label">{t("toMany")}</legend>
        <div className="grid max-h-48 grid-cols-1 gap-1 overflow-y-auto sm:grid-cols-2">
          {owners.map((o) => (
            <label key={o.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="toIds[]" value={o.id} className="size-4" />
              {o.label}
            </label>
          ))}
        </div>
        {err.toIds && (
          <p id="ho-to-err" role="alert" className="mt-1 text-sm text-red-700">
            {err.toIds}
          </p>
        )}
      </fieldset>
      <div>
        <label htmlFor="ho-note" className="label">
          {t("note")}
        </label>
        <input id="ho-note" name="note" maxLength={200} className="input" placeholder={t("handoverNote")} />
      </div>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? t("assigning") : t("handoverSubmit")}
      </button>
    </form>
  );
}
