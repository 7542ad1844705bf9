"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { createDealAction, updateDealAction } from "@/app/(crm)/deals/actions";
import { CustomerPicker } from "@/components/customers/customer-picker";
import { FieldMessage } from "@/components/ui/field";
import type { ActionState } from "@/lib/action";
import { toast } from "@/lib/toast";
import { punct } from "@/lib/punct";

type Process = { id: string; name: string; stages: { id: string; name: string; probability: number }[] };
const str = (v: unknown) => (v == null ? "" : String(v));

/** The fields of an existing deal that its edit form starts from. */
export type EditableDeal = { id: string; version: number; title: string; productId: string | null; expectedAmount: string | null; expectedDate: string | null; probability: number | null; open: boolean; customerName: string; processName: string };

/**
 * 收入预测: a new deal (customer, product, process and stage, expected amount and date, probability), or with
 * `deal` the edit of an existing one (customer, process and stage stay; the stage moves on the kanban).
 */
export function DealForm({
  processes,
  products,
  customer,
  deal,
}: {
  processes: Process[];
  products: { id: string; name: string }[];
  customer?: { id: string; label: string };
  deal?: EditableDeal;
}) {
  const t = useTranslations("deal");
  const locale = useLocale();
  const router = useRouter();
  const [state, action, pending] = useActionState<ActionState<{ id: string }>, FormData>(deal ? updateDealAction : createDealAction, {});
  const failed = state.ok ? undefined : state.values;
  const values: Record<string, unknown> = failed ?? (deal ? { title: deal.title, productId: deal.productId, expectedAmount: deal.expectedAmount, expectedDate: deal.expectedDate, probability: deal.probability } : {});
  const err = state.fieldErrors ?? {};
  const [processId, setProcessId] = useState(str(values.processId) || processes[0]?.id || "");
  const process = processes.find((p) => p.id === processId);

  useEffect(() => {
    if (!state.at) return;
    if (state.ok) {
      toast.success(deal ? t("updated") : t("created"));
      router.push(`/deals/${(state.data as { id: string }).id}`);
    } else if (state.error) toast.error(state.error);
  }, [state, t, router]);

  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, required = false) => (
    <div>
      <label htmlFor={`df-${name}`} className="label">
        {label}
        {required && <span className="text-red-600"> *</span>}
      </label>
      <input id={`df-${name}`} name={name} className="input" defaultValue={str(values[name])} aria-invalid={err[name] ? true : undefined} aria-describedby={err[name] ? `df-${name}-err` : undefined} {...props} />
      <FieldMessage id={`df-${name}`} error={err[name]} />
    </div>
  );

  return (
    <form action={action} className="card grid grid-cols-1 gap-4 p-4 sm:grid-cols-2" noValidate>
      {state.error && !state.ok && (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800 sm:col-span-2">
          {state.error}
        </p>
      )}
      <div className="sm:col-span-2">
        {deal ? (
          <>
            <input type="hidden" name="dealId" value={deal.id} />
            <input type="hidden" name="version" value={deal.version} />
            <p className="text-sm">
              {t("fields.customer")}{punct(locale).colon}<strong>{deal.customerName}</strong> · {t("fields.process")}{punct(locale).colon}{deal.processName}
            </p>
          </>
        ) : customer ? (
          <>
            <input type="hidden" name="customerId" value={customer.id} />
            <p className="text-sm">
              {t("fields.customer")}{punct(locale).colon}<strong>{customer.label}</strong>
            </p>
          </>
        ) : (
          <CustomerPicker name="customerId" label={`${t("fields.customer")} *`} error={err.customerId} />
        )}
      </div>
      {field("title", t("fields.title"), { maxLength: 100, required: true }, true)}
      <div>
        <label htmlFor="df-productId" className="label">
          {t("fields.product")}
        </label>
        <select id="df-productId" name="productId" className="input" defaultValue={str(values.productId)}>
          <option value="">—</option>
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <FieldMessage id="df-productId" error={err.productId} />
      </div>
      {!deal && (
        <>
          <div>
            <label htmlFor="df-processId" className="label">
              {t("fields.process")} <span className="text-red-600">*</span>
            </label>
            <select id="df-processId" name="processId" className="input" value={processId} onChange={(e) => setProcessId(e.target.value)}>
              {processes.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            <FieldMessage id="df-processId" error={err.processId} />
          </div>
          <div>
            <label htmlFor="df-stageId" className="label">
              {t("fields.stage")}
            </label>
            <select id="df-stageId" name="stageId" className="input" key={processId} defaultValue={str(values.stageId)}>
              {process?.stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {punct(locale).paren(s.name, `${s.probability}%`)}
                </option>
              ))}
            </select>
            <FieldMessage id="df-stageId" error={err.stageId} />
          </div>
        </>
      )}
      {field("expectedAmount", t("fields.expectedAmount"), { inputMode: "decimal", placeholder: "12800.00" })}
      {field("expectedDate", t("fields.expectedDate"), { type: "date" })}
      {(!deal || deal.open) && field("probability", t("fields.probability"), { type: "number", min: 0, max: 100, placeholder: t("probabilityHint") })}
      <div className="sm:col-span-2">
        <button type="submit" className="btn-primary min-h-11" disabled={pending}>
          {pending ? t("close.saving") : t("save")}
        </button>
      </div>
    </form>
  );
}
