"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { saveProductAction } from "@/app/(crm)/products/actions";
import { Field, Select, TextArea } from "@/components/ui/field";
import { toast } from "@/lib/toast";

export type ProductFormValues = { name?: string | null; category?: string | null; price?: string | null; unit?: string | null; description?: string | null; version?: number | string | null };

const str = (v: unknown) => (v == null ? "" : String(v));
/** Units offered while typing (any unit may be entered; it is kept as typed). */
const UNITS: Record<string, string[]> = { "zh-CN": ["台", "套", "人", "箱", "件", "年"], en: ["unit", "set", "person", "box", "piece", "year"] };

/** Create or edit a product (name, category from the dictionary, exact price, unit, description). */
export function ProductForm({ id, initial, categories }: { id?: string; initial: ProductFormValues; categories: string[] }) {
  const t = useTranslations("product");
  const locale = useLocale();
  const [state, action, pending] = useActionState(saveProductAction, {});
  const values = (state.values ?? initial);
  const err = state.fieldErrors ?? {};
  const errorRef = useRef<HTMLParagraphElement>(null);
  const v = (k: keyof ProductFormValues) => str(values[k]);
  // a category kept from before the dictionary changed stays selectable
  const options = v("category") && !categories.includes(v("category")) ? [v("category"), ...categories] : categories;

  useEffect(() => {
    if (!state.at || state.ok) return;
    if (state.error) toast.error(state.error);
    errorRef.current?.focus();
  }, [state]);

  return (
    <form action={action} key={state.at ?? 0} className="card grid grid-cols-1 gap-4 p-4 sm:grid-cols-2" noValidate>
      {id && <input type="hidden" name="id" value={id} />}
      <input type="hidden" name="version" value={v("version")} />
      {state.error && !state.ok && (
        <p ref={errorRef} tabIndex={-1} role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800 sm:col-span-2">
          {state.error}
        </p>
      )}
      <Field name="name" label={t("fields.name")} required defaultValue={v("name")} error={err.name} maxLength={100} className="sm:col-span-2" autoComplete="off" />
      <Select name="category" label={t("fields.category")} defaultValue={v("category")} error={err.category}>
        <option value="">—</option>
        {options.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </Select>
      <div className="grid grid-cols-2 gap-3">
        <Field name="price" label={t("fields.price")} defaultValue={v("price")} error={err.price} hint={t("form.priceHint")} inputMode="decimal" placeholder="1280.00" />
        <Field name="unit" label={t("fields.unit")} defaultValue={v("unit")} error={err.unit} hint={t("form.unitHint")} maxLength={10} list="product-units" />
        <datalist id="product-units">
          {(UNITS[locale] ?? UNITS["zh-CN"]).map((u) => (
            <option key={u} value={u} />
          ))}
        </datalist>
      </div>
      <TextArea name="description" label={t("fields.description")} defaultValue={v("description")} error={err.description} maxLength={2000} rows={4} className="sm:col-span-2" />
      <div className="flex flex-wrap gap-2 sm:col-span-2">
        <button type="submit" className="btn-primary min-h-11" disabled={pending}>
          {pending ? t("form.saving") : t("form.save")}
        </button>
        <Link href={id ? `/products/${id}` : "/products"} className="btn-secondary min-h-11">
          {t("form.cancel")}
        </Link>
      </div>
    </form>
  );
}
