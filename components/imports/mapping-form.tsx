"use client";

import { useLocale, useTranslations } from "next-intl";
import { punct } from "@/lib/punct";
import { useActionState, useEffect } from "react";
import { checkImportAction } from "@/app/(crm)/customers/import/actions";
import { toast } from "@/lib/toast";

export type MappingColumn = { index: number; header: string; example: string; field: string };
export type NewValue = { key: string; kind: string; value: string; rows: number; choice: string };

/** Step 2: which column is which field, the duplicate policy, the owner, and the new dictionary values — then the dry run. */
export function ImportMappingForm(props: {
  id: string;
  columns: MappingColumn[];
  fields: { key: string; label: string }[];
  policy: string;
  owners: { id: string; name: string; unit: string }[];
  ownerId: string;
  newValues: NewValue[];
  options: Record<string, { id: string; label: string }[]>;
  disabled: boolean;
}) {
  const t = useTranslations("imports");
  const pn = punct(useLocale());
  const [state, action, pending] = useActionState(checkImportAction, {});
  useEffect(() => {
    if (!state.at) return;
    if (state.ok) toast.success(t("checked"));
    else if (state.error) toast.error(state.error);
  }, [state, t]);

  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="id" value={props.id} />
      <section className="card p-4">
        <h2 className="text-lg font-semibold">{t("mapping")}</h2>
        <p className="mb-3 text-sm text-slate-500">{t("mappingHint")}</p>
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="py-1 pr-2 font-medium">{t("column")}</th>
                <th className="py-1 pr-2 font-medium">{t("example")}</th>
                <th className="py-1 font-medium">{t("field")}</th>
              </tr>
            </thead>
            <tbody>
              {props.columns.map((c, i) => (
                <tr key={c.index} className="border-t border-slate-100">
                  <td className="py-1.5 pr-2 font-medium">{c.header || `#${c.index + 1}`}</td>
                  <td className="max-w-48 truncate py-1.5 pr-2 text-slate-600">{c.example}</td>
                  <td className="py-1.5">
                    <input type="hidden" name={`cols.${i}.index`} value={c.index} />
                    <select name={`cols.${i}.field`} defaultValue={c.field} className="input min-w-40" aria-label={t("field") + pn.colon + (c.header || `#${c.index + 1}`)} disabled={props.disabled}>
                      <option value="">{t("skip")}</option>
                      {props.fields.map((f) => (
                        <option key={f.key} value={f.key}>
                          {f.label}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card grid gap-4 p-4 sm:grid-cols-2">
        <fieldset>
          <legend className="label">{t("policy")}</legend>
          {(["skip", "update", "create"] as const).map((p) => (
            <label key={p} className="flex items-center gap-2 py-1 text-sm">
              <input type="radio" name="policy" value={p} defaultChecked={props.policy === p} disabled={props.disabled} />
              {t(p === "skip" ? "policySkip" : p === "update" ? "policyUpdate" : "policyCreate")}
            </label>
          ))}
        </fieldset>
        <div>
          <label htmlFor="import-owner" className="label">
            {t("owner")}
          </label>
          <select id="import-owner" name="ownerId" defaultValue={props.ownerId} className="input" disabled={props.disabled}>
            {props.owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
                {o.unit ? ` · ${o.unit}` : ""}
              </option>
            ))}
          </select>
        </div>
      </section>

      {props.newValues.length > 0 && (
        <section className="card p-4">
          <h2 className="text-lg font-semibold">{t("newValues")}</h2>
          <p className="mb-3 text-sm text-slate-500">{t("newValuesHint")}</p>
          <ul className="space-y-2">
            {props.newValues.map((v, i) => (
              <li key={v.key} className="flex flex-wrap items-center gap-2 text-sm">
                <input type="hidden" name={`dict.${i}.key`} value={v.key} />
                <span className="min-w-48">{t("newValue", { kind: t(`kinds.${v.kind}` as "kinds.source"), value: v.value, rows: v.rows })}</span>
                <select name={`dict.${i}.action`} defaultValue={v.choice} className="input w-auto" aria-label={v.value} disabled={props.disabled}>
                  <option value="create">{t("create")}</option>
                  <option value="ignore">{t("ignore")}</option>
                  {(props.options[v.kind] ?? []).map((o) => (
                    <option key={o.id} value={o.id}>
                      → {o.label}
                    </option>
                  ))}
                </select>
              </li>
            ))}
          </ul>
        </section>
      )}

      {state.error && !state.ok && (
        <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-700">
          {state.error}
        </p>
      )}
      {!props.disabled && (
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? t("checking") : t("check")}
        </button>
      )}
    </form>
  );
}
