"use client";

import clsx from "clsx";
import { ChevronLeft, ChevronRight, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { customerTypesOf, stepIndex, swipeStep } from "@/lib/products";

export type PresentedChain = { id: string; customerType: string; feature: string; advantage: string; benefit: string };

/**
 * The FAB presentation a rep reads aloud on the phone: one chain at a time in big type, filtered by
 * customer type; next/previous by swipe, by ← → (also PageUp/PageDown, Home/End) or by the thumb buttons.
 * Covers the app's chrome so nothing but the chain is on screen; Esc or ✕ goes back to the product.
 */
export function Presentation({ productId, productName, chains, initialType }: { productId: string; productName: string; chains: PresentedChain[]; initialType?: string }) {
  const t = useTranslations("product.present");
  const router = useRouter();
  const types = customerTypesOf(chains);
  const [type, setType] = useState<string | null>(initialType && types.includes(initialType) ? initialType : null);
  const [index, setIndex] = useState(0);
  const shown = type ? chains.filter((c) => c.customerType === type) : chains;
  const chain = shown[index];
  const rootRef = useRef<HTMLDivElement>(null);
  const start = useRef<{ x: number; y: number } | null>(null);
  const back = `/products/${productId}`;

  const go = useCallback((delta: number) => setIndex((i) => stepIndex(i, delta, shown.length)), [shown.length]);

  function choose(next: string | null) {
    setType(next);
    setIndex(0);
    const url = new URL(window.location.href);
    if (next) url.searchParams.set("type", next);
    else url.searchParams.delete("type");
    window.history.replaceState(null, "", url);
  }

  useEffect(() => rootRef.current?.focus(), []);
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const onControl = (e.target as HTMLElement | null)?.closest("button, a, input, select, textarea");
      if (e.key === "ArrowRight" || e.key === "PageDown" || (e.key === " " && !onControl)) {
        e.preventDefault();
        go(1);
      } else if (e.key === "ArrowLeft" || e.key === "PageUp") {
        e.preventDefault();
        go(-1);
      } else if (e.key === "Home") {
        e.preventDefault();
        go(-Infinity);
      } else if (e.key === "End") {
        e.preventDefault();
        go(Infinity);
      } else if (e.key === "Escape") router.push(back);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go, router, back]);

  const links = chain
    ? [
        { lead: t("because"), text: chain.feature, k: "F", cls: "text-sky-700" },
        { lead: t("so"), text: chain.advantage, k: "A", cls: "text-amber-700" },
        { lead: t("forYou"), text: chain.benefit, k: "B", cls: "text-emerald-700" },
      ]
    : [];

  return (
    <div
      ref={rootRef}
      tabIndex={-1}
      role="region"
      aria-labelledby="present-h"
      className="fixed inset-0 z-50 flex flex-col bg-white outline-none"
      onPointerDown={(e) => {
        if ((e.target as HTMLElement).closest("button, a")) return;
        start.current = { x: e.clientX, y: e.clientY };
      }}
      onPointerUp={(e) => {
        const s = start.current;
        start.current = null;
        if (!s) return;
        const step = swipeStep(e.clientX - s.x, e.clientY - s.y);
        if (step) go(step);
      }}
      onPointerCancel={() => (start.current = null)}
      style={{ touchAction: "pan-y" }}
    >
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2">
        <div className="min-w-0">
          <p className="text-xs text-slate-500">{t("title")}</p>
          <h1 id="present-h" className="truncate font-semibold">
            {productName}
          </h1>
        </div>
        <Link href={back} className="btn-secondary min-h-11 shrink-0 px-3" aria-label={t("close")}>
          <X aria-hidden className="size-5" />
        </Link>
      </header>

      {types.length > 1 && (
        <div role="group" aria-label={t("filter")} className="flex gap-1.5 overflow-x-auto border-b border-slate-100 px-4 py-2">
          {[null, ...types].map((ct) => (
            <button
              key={ct ?? "all"}
              type="button"
              aria-pressed={type === ct}
              onClick={() => choose(ct)}
              className={clsx("chip min-h-9 shrink-0 px-3 text-sm", type === ct ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-700")}
            >
              {ct ?? t("all")}
            </button>
          ))}
        </div>
      )}

      <div className="flex-1 overflow-y-auto px-5 py-5 select-none sm:px-10">
        {!chain ? (
          <div className="mx-auto mt-10 max-w-md text-center">
            <p className="text-lg text-slate-600">{t("noChains")}</p>
            <Link href={`${back}#fab`} className="btn-primary mt-4">
              {t("write")}
            </Link>
          </div>
        ) : (
          <article key={chain.id} aria-label={t("chainLabel", { i: index + 1, n: shown.length, type: chain.customerType })} className="mx-auto max-w-2xl">
            <p className="mb-4">
              <span className="chip bg-brand-50 px-3 py-1 text-sm text-brand-700">{chain.customerType}</span>
            </p>
            <ol className="space-y-6">
              {links.map((l, i) => (
                <li key={l.k}>
                  <p className={clsx("text-sm font-semibold tracking-wide", l.cls)}>
                    <span aria-hidden>{l.k} · </span>
                    {l.lead}
                  </p>
                  <p className={clsx("mt-1 leading-snug break-words", i === 2 ? "text-[1.7rem] font-semibold text-slate-900 sm:text-4xl" : "text-2xl text-slate-800 sm:text-3xl")}>{l.text}</p>
                </li>
              ))}
            </ol>
          </article>
        )}
      </div>

      {chain && (
        <footer className="border-t border-slate-200 px-4 pt-2 pb-[max(0.75rem,env(safe-area-inset-bottom))]">
          <div className="mx-auto max-w-2xl">
          <p className="text-center text-sm text-slate-600 tabular-nums" aria-live="polite" aria-atomic>
            {t("position", { i: index + 1, n: shown.length })}
          </p>
          <p className="mb-2 hidden text-center text-xs text-slate-400 sm:block">{t("hint")}</p>
          <div className="grid grid-cols-2 gap-3">
            <button type="button" className="btn-secondary min-h-14 text-base" disabled={index === 0} onClick={() => go(-1)}>
              <ChevronLeft aria-hidden className="size-5" />
              {t("prev")}
            </button>
            <button type="button" className="btn-primary min-h-14 text-base" disabled={index >= shown.length - 1} onClick={() => go(1)}>
              {t("next")}
              <ChevronRight aria-hidden className="size-5" />
            </button>
          </div>
          </div>
        </footer>
      )}
    </div>
  );
}
