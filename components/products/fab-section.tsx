"use client";

import clsx from "clsx";
import { ArrowDown, ArrowUp, Pencil, Plus, Trash } from "lucide-react";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useId, useRef, useState, useTransition } from "react";
import { deleteFabAction, moveFabAction, saveFabAction } from "@/app/(crm)/products/actions";
import { FieldMessage } from "@/components/ui/field";
import { customerTypesOf } from "@/lib/products";
import { toast } from "@/lib/toast";

export type FabChain = {
  id: string;
  customerType: string;
  feature: string;
  advantage: string;
  benefit: string;
  version: number;
  authorName: string | null;
  canEdit: boolean;
};

export type FabPrefill = { feature?: string; advantage?: string; customerType?: string; from?: string };

const str = (v: unknown) => (v == null ? "" : String(v));

/** The three links of one chain, side by side on a wide screen and stacked on a phone. */
export function FabLinks({ chain }: { chain: Pick<FabChain, "feature" | "advantage" | "benefit"> }) {
  const t = useTranslations("product.fab");
  const items = [
    { k: "F", label: t("feature"), text: chain.feature, cls: "border-sky-200 bg-sky-50" },
    { k: "A", label: t("advantage"), text: chain.advantage, cls: "border-amber-200 bg-amber-50" },
    { k: "B", label: t("benefit"), text: chain.benefit, cls: "border-emerald-200 bg-emerald-50" },
  ];
  return (
    <div className="grid gap-2 sm:grid-cols-3">
      {items.map((i) => (
        <div key={i.k} className={`rounded-lg border p-3 text-sm ${i.cls}`}>
          <p className="text-xs font-semibold text-slate-700">
            {i.k} · {i.label}
          </p>
          <p className="mt-1 break-words whitespace-pre-line">{i.text}</p>
        </div>
      ))}
    </div>
  );
}

/** Add or edit one chain. Customer types already in use are offered; what was typed survives a failure. */
function FabForm({
  productId,
  chain,
  prefill,
  suggestions,
  onDone,
}: {
  productId: string;
  chain?: FabChain;
  prefill?: FabPrefill;
  suggestions: string[];
  onDone: () => void;
}) {
  const t = useTranslations("product.fab");
  const uid = useId();
  const [state, action, pending] = useActionState(saveFabAction, {});
  const failed = state.at && !state.ok ? (state.values ?? {}) : null;
  const initial: Record<string, unknown> = failed ?? chain ?? prefill ?? {};
  const err = state.fieldErrors ?? {};
  const firstRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLParagraphElement>(null);

  const handled = useRef(0);
  useEffect(() => {
    if (!state.at || handled.current === state.at) return;
    handled.current = state.at;
    if (state.ok) {
      toast.success(t("saved"));
      onDone();
    } else {
      toast.error(state.error ?? "");
      alertRef.current?.focus();
    }
  }, [state, t, onDone]);
  useEffect(() => firstRef.current?.focus(), []);

  const id = (n: string) => `${uid}-${n}`;
  const area = (name: "feature" | "advantage" | "benefit", tone: string) => (
    <div>
      <label htmlFor={id(name)} className="label">
        <span className={clsx("mr-1 inline-block rounded px-1 text-xs font-bold", tone)}>{name === "feature" ? "F" : name === "advantage" ? "A" : "B"}</span>
        {t(name)}
        <span className="text-red-600"> *</span>
      </label>
      <textarea
        id={id(name)}
        name={name}
        rows={2}
        maxLength={300}
        className="input"
        defaultValue={str(initial[name])}
        placeholder={t(`placeholders.${name}`)}
        aria-invalid={err[name] ? true : undefined}
        aria-describedby={err[name] ? `${id(name)}-err` : undefined}
      />
      <FieldMessage id={id(name)} error={err[name]} />
    </div>
  );

  return (
    <form action={action} key={state.at ?? 0} className="space-y-3 rounded-xl border border-brand-200 bg-brand-50/40 p-3" noValidate aria-label={chain ? t("editTitle") : t("addTitle")}>
      <input type="hidden" name="productId" value={productId} />
      {chain && <input type="hidden" name="id" value={chain.id} />}
      {chain && <input type="hidden" name="version" value={chain.version} />}
      {state.error && !state.ok && (
        <p ref={alertRef} tabIndex={-1} role="alert" className="rounded-lg border border-red-200 bg-red-50 p-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
      {prefill?.from && !chain && <p className="text-xs text-slate-600">{prefill.from}</p>}
      <div>
        <label htmlFor={id("customerType")} className="label">
          {t("customerType")}
          <span className="text-red-600"> *</span>
        </label>
        <input
          ref={firstRef}
          id={id("customerType")}
          name="customerType"
          className="input"
          maxLength={30}
          list={id("types")}
          defaultValue={str(initial.customerType)}
          aria-invalid={err.customerType ? true : undefined}
          aria-describedby={err.customerType ? `${id("customerType")}-err` : `${id("customerType")}-hint`}
        />
        <datalist id={id("types")}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <FieldMessage id={id("customerType")} error={err.customerType} hint={t("customerTypeHint")} />
      </div>
      {area("feature", "bg-sky-100 text-sky-800")}
      {area("advantage", "bg-amber-100 text-amber-900")}
      {area("benefit", "bg-emerald-100 text-emerald-800")}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary min-h-11" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </button>
        <button type="button" className="btn-secondary min-h-11" onClick={onDone}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

/**
 * FAB 产品陈述 on the product page: the chains filtered by customer type, each with who wrote it; writers
 * add chains and change their own, the catalogue's keepers change any and set the order.
 */
export function FabSection({
  productId,
  chains,
  canWrite,
  canManage,
  suggestions,
  prefill,
}: {
  productId: string;
  chains: FabChain[];
  canWrite: boolean;
  canManage: boolean;
  suggestions: string[];
  prefill?: FabPrefill;
}) {
  const t = useTranslations("product.fab");
  const types = customerTypesOf(chains);
  const [type, setType] = useState<string | null>(null);
  const [adding, setAdding] = useState(!!prefill && canWrite);
  const [editing, setEditing] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const shown = type && types.includes(type) ? chains.filter((c) => c.customerType === type) : chains;
  const groups = customerTypesOf(shown).map((ct) => ({ type: ct, chains: shown.filter((c) => c.customerType === ct) }));
  const allSuggestions = [...new Set([...types, ...suggestions])];

  function remove(c: FabChain) {
    if (!window.confirm(t("deleteConfirm"))) return;
    start(async () => {
      const r = await deleteFabAction(productId, c.id, c.version);
      if (r.ok) toast.success(t("deleted"));
      else toast.error(r.error ?? "");
    });
  }
  function move(c: FabChain, direction: "up" | "down", e: React.MouseEvent<HTMLButtonElement>) {
    const button = e.currentTarget;
    start(async () => {
      const r = await moveFabAction(productId, c.id, direction);
      if (!r.ok) toast.error(r.error ?? "");
      // the list re-renders in its new order; keep the keyboard where it was
      requestAnimationFrame(() => {
        const again = document.querySelector<HTMLButtonElement>(`[data-fab-move="${c.id}-${direction}"]`);
        (again && !again.disabled ? again : button)?.focus();
      });
    });
  }

  return (
    <section id="fab" aria-labelledby="fab-h" className="card scroll-mt-20 p-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id="fab-h" className="text-lg font-semibold">
            {t("title")}
          </h2>
          <p className="text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        {canWrite && !adding && (
          <button type="button" className="btn-primary" onClick={() => setAdding(true)}>
            <Plus aria-hidden className="size-4" />
            {t("add")}
          </button>
        )}
      </div>

      {adding && (
        <div id="fab-new" className="mt-3">
          <FabForm productId={productId} prefill={prefill ?? (type ? { customerType: type } : undefined)} suggestions={allSuggestions} onDone={() => setAdding(false)} />
        </div>
      )}

      {types.length > 1 && (
        <div role="group" aria-label={t("typeFilter")} className="mt-3 flex flex-wrap gap-1.5">
          {[null, ...types].map((ct) => (
            <button
              key={ct ?? "all"}
              type="button"
              aria-pressed={type === ct}
              onClick={() => setType(ct)}
              className={clsx("chip px-3 py-1.5", type === ct ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200")}
            >
              {ct ?? t("allTypes")}
            </button>
          ))}
        </div>
      )}

      {chains.length === 0 ? (
        <p className="mt-4 rounded-lg bg-slate-50 p-6 text-center text-sm text-slate-600">{t("empty")}</p>
      ) : (
        <div className="mt-3 space-y-5">
          {groups.map((g) => (
            <div key={g.type}>
              <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold text-slate-700">
                {g.type}
                <span className="font-normal text-slate-500">{t("count", { n: g.chains.length })}</span>
              </h3>
              <ol className="space-y-3">
                {g.chains.map((c, i) => (
                  <li key={c.id} data-fab={c.feature}>
                    {editing === c.id ? (
                      <FabForm productId={productId} chain={c} suggestions={allSuggestions} onDone={() => setEditing(null)} />
                    ) : (
                      <div className="rounded-xl border border-slate-200 p-3">
                        <FabLinks chain={c} />
                        <div className="mt-2 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
                          <span>{c.authorName ? t("by", { name: c.authorName }) : ""}</span>
                          <span className="flex flex-wrap gap-1">
                            {canManage && (
                              <>
                                <button type="button" className="btn-secondary min-h-9 px-2" disabled={pending || i === 0} data-fab-move={`${c.id}-up`} aria-label={t("moveUpAria", { feature: c.feature })} onClick={(e) => move(c, "up", e)}>
                                  <ArrowUp aria-hidden className="size-4" />
                                </button>
                                <button
                                  type="button"
                                  className="btn-secondary min-h-9 px-2"
                                  disabled={pending || i === g.chains.length - 1}
                                  data-fab-move={`${c.id}-down`}
                                  aria-label={t("moveDownAria", { feature: c.feature })}
                                  onClick={(e) => move(c, "down", e)}
                                >
                                  <ArrowDown aria-hidden className="size-4" />
                                </button>
                              </>
                            )}
                            {c.canEdit && (
                              <>
                                <button type="button" className="btn-secondary min-h-9 px-3" aria-label={t("editAria", { feature: c.feature })} onClick={() => setEditing(c.id)}>
                                  <Pencil aria-hidden className="size-4" />
                                  {t("edit")}
                                </button>
                                <button type="button" className="btn-danger min-h-9 px-3" disabled={pending} aria-label={t("deleteAria", { feature: c.feature })} onClick={() => remove(c)}>
                                  <Trash aria-hidden className="size-4" />
                                  {t("delete")}
                                </button>
                              </>
                            )}
                          </span>
                        </div>
                      </div>
                    )}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
