"use client";

import clsx from "clsx";
import { Archive, ArchiveRestore, ArrowDown, ArrowUp, Pencil } from "lucide-react";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { addDictionaryItemAction, moveDictionaryItemAction, renameDictionaryItemAction, setDictionaryItemArchivedAction } from "@/app/(crm)/admin/actions";
import { FieldMessage } from "@/components/ui/field";
import { toast } from "@/lib/toast";
import { FormError, str, useOnResult, useRun } from "./common";

export type DictItem = { id: string; label: string; active: boolean; parentLabel: string | null };

export function AddItemForm({ kind, regions }: { kind: string; regions: { id: string; label: string }[] }) {
  const t = useTranslations("admin");
  const [state, action, pending] = useActionState(addDictionaryItemAction, {});
  const values = (!state.ok && state.values) || {};
  const err = state.fieldErrors ?? {};
  useOnResult(state, (s) => (s.ok ? toast.success(t("dict.added")) : toast.error(s.error ?? t("failed"))));
  return (
    <form action={action} key={state.at ?? 0} className="card flex flex-wrap items-start gap-3 p-4" noValidate aria-label={t("dict.add")}>
      <div className="w-full">
        <FormError state={state} />
      </div>
      <input type="hidden" name="kind" value={kind} />
      {kind === "city" && (
        <div>
          <label htmlFor="di-parent" className="label">
            {t("dict.region")}
          </label>
          <select id="di-parent" name="parentId" className="input" defaultValue={str(values.parentId)} aria-invalid={err.parentId ? true : undefined} aria-describedby={err.parentId ? "di-parent-err" : undefined}>
            <option value="">-</option>
            {regions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
          <FieldMessage id="di-parent" error={err.parentId} />
        </div>
      )}
      <div>
        <label htmlFor="di-label" className="label">
          {t("dict.label")}
        </label>
        <input id="di-label" name="label" className="input" maxLength={30} defaultValue={str(values.label)} aria-invalid={err.label ? true : undefined} aria-describedby={err.label ? "di-label-err" : undefined} />
        <FieldMessage id="di-label" error={err.label} />
      </div>
      <button type="submit" className="btn-primary mt-6 min-h-10" disabled={pending}>
        {t("dict.add")}
      </button>
    </form>
  );
}

function ItemRow({ item, first, last, canEdit }: { item: DictItem; first: boolean; last: boolean; canEdit: boolean }) {
  const t = useTranslations("admin");
  const [pending, run] = useRun();
  const [editing, setEditing] = useState(false);
  const [label, setLabel] = useState(item.label);
  return (
    <li className={clsx("flex flex-wrap items-center gap-2 border-b border-slate-100 px-4 py-2 last:border-0", !item.active && "bg-slate-50")}>
      {editing ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => renameDictionaryItemAction(item.id, label), t("saved"), () => setEditing(false));
          }}
        >
          <label htmlFor={`dl-${item.id}`} className="sr-only">
            {t("dict.label")}
          </label>
          <input id={`dl-${item.id}`} className="input w-48" value={label} maxLength={30} onChange={(e) => setLabel(e.target.value)} />
          <button type="submit" className="btn-primary min-h-10" disabled={pending}>
            {t("save")}
          </button>
          <button type="button" className="btn-secondary min-h-10" onClick={() => setEditing(false)}>
            {t("cancel")}
          </button>
        </form>
      ) : (
        <span className={clsx("font-medium", !item.active && "text-slate-500 line-through")}>{item.label}</span>
      )}
      {item.parentLabel && <span className="text-xs text-slate-500">{item.parentLabel}</span>}
      {!item.active && <span className="chip bg-slate-200 text-slate-700">{t("dict.archived")}</span>}
      {canEdit && !editing && (
        <span className="ml-auto flex gap-1">
          <button type="button" className="btn-secondary min-h-9 px-2" disabled={pending || first} onClick={() => run(() => moveDictionaryItemAction(item.id, "up"), t("saved"))} aria-label={`${t("dict.up")} ${item.label}`}>
            <ArrowUp aria-hidden className="size-4" />
          </button>
          <button type="button" className="btn-secondary min-h-9 px-2" disabled={pending || last} onClick={() => run(() => moveDictionaryItemAction(item.id, "down"), t("saved"))} aria-label={`${t("dict.down")} ${item.label}`}>
            <ArrowDown aria-hidden className="size-4" />
          </button>
          <button type="button" className="btn-secondary min-h-9 px-2 text-xs" onClick={() => setEditing(true)}>
            <Pencil aria-hidden className="size-3.5" />
            {t("dict.rename")}
          </button>
          {item.active ? (
            <button type="button" className="btn-secondary min-h-9 px-2 text-xs" disabled={pending} onClick={() => run(() => setDictionaryItemArchivedAction(item.id, true), t("dict.archived"))}>
              <Archive aria-hidden className="size-3.5" />
              {t("dict.archive")}
            </button>
          ) : (
            <button type="button" className="btn-secondary min-h-9 px-2 text-xs" disabled={pending} onClick={() => run(() => setDictionaryItemArchivedAction(item.id, false), t("dict.restored"))}>
              <ArchiveRestore aria-hidden className="size-3.5" />
              {t("dict.restore")}
            </button>
          )}
        </span>
      )}
    </li>
  );
}

export function DictionaryList({ items, canEdit }: { items: DictItem[]; canEdit: boolean }) {
  const t = useTranslations("admin");
  if (!items.length) return <p className="card p-6 text-center text-slate-500">{t("empty")}</p>;
  return (
    <ul className="card">
      {items.map((it, i) => (
        <ItemRow key={it.id} item={it} first={i === 0} last={i === items.length - 1} canEdit={canEdit} />
      ))}
    </ul>
  );
}
