"use client";

import clsx from "clsx";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, useTransition } from "react";
import { moveDealAction } from "@/app/(crm)/deals/actions";
import { formatMoney } from "@/lib/money";
import { toast } from "@/lib/toast";
import { CloseDealForm } from "./close-deal-form";

export type KanbanStage = { id: string; name: string; probability: number; total: number };
export type KanbanDeal = { id: string; title: string; stageId: string; customerId: string; customerName: string; ownerName: string | null; expectedAmount: string | null; expectedDate: string | null };

/**
 * The pipeline board. A deal moves by drag and drop, by keyboard (Space to pick up, ←/→ to choose a
 * stage, Space/Enter to drop, Esc to cancel) or with its 移动到 menu (thumb on a phone). Dropping on the
 * last stage (签约) offers the close form with the required summary.
 */
export function Kanban({ stages, deals: initial, today, canEdit }: { stages: KanbanStage[]; deals: KanbanDeal[]; today: string; canEdit: boolean }) {
  const t = useTranslations("pipeline");
  const router = useRouter();
  const [deals, setDeals] = useState(initial);
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [picked, setPicked] = useState<{ id: string; target: number } | null>(null);
  const [announce, setAnnounce] = useState("");
  const [closing, setClosing] = useState<KanbanDeal | null>(null);
  const [, startTransition] = useTransition();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const lastStage = stages[stages.length - 1]?.id;

  useEffect(() => setDeals(initial), [initial]);
  useEffect(() => {
    const d = dialogRef.current;
    if (!d) return;
    if (closing && !d.open) d.showModal();
    if (!closing && d.open) d.close();
  }, [closing]);

  const stageIndex = (id: string) => stages.findIndex((s) => s.id === id);

  function move(dealId: string, toStageId: string) {
    const deal = deals.find((d) => d.id === dealId);
    if (!deal || deal.stageId === toStageId) return;
    const before = deals;
    setDeals((ds) => ds.map((d) => (d.id === dealId ? { ...d, stageId: toStageId } : d)));
    startTransition(async () => {
      const r = await moveDealAction(dealId, toStageId);
      if (!r.ok) {
        setDeals(before);
        toast.error(r.error ?? t("moveFailed"));
        setAnnounce(r.error ?? t("moveFailed"));
        return;
      }
      const name = r.data?.stageName ?? "";
      toast.success(t("moved", { title: deal.title, stage: name }));
      setAnnounce(t("moved", { title: deal.title, stage: name }));
      if (toStageId === lastStage) setClosing({ ...deal, stageId: toStageId });
      router.refresh();
    });
  }

  function onCardKey(e: React.KeyboardEvent, d: KanbanDeal) {
    if (!canEdit) return;
    if (!picked || picked.id !== d.id) {
      if (e.key === " " || e.key === "Enter") {
        e.preventDefault();
        const i = stageIndex(d.stageId);
        setPicked({ id: d.id, target: i });
        setAnnounce(t("kb.picked", { title: d.title, stage: stages[i].name }));
      }
      return;
    }
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      e.preventDefault();
      const target = Math.max(0, Math.min(stages.length - 1, picked.target + (e.key === "ArrowRight" ? 1 : -1)));
      setPicked({ id: d.id, target });
      setAnnounce(t("kb.target", { stage: stages[target].name }));
    } else if (e.key === " " || e.key === "Enter") {
      e.preventDefault();
      setPicked(null);
      move(d.id, stages[picked.target].id);
    } else if (e.key === "Escape") {
      e.preventDefault();
      setPicked(null);
      setAnnounce(t("kb.cancelled"));
    }
  }

  return (
    <>
      <p className="sr-only" id="kanban-help">
        {t("kb.help")}
      </p>
      <div aria-live="assertive" className="sr-only">
        {announce}
      </div>
      <div className="relative -mx-4 snap-x snap-mandatory overflow-x-auto px-4 pb-4 lg:mx-0 lg:px-0">
        <div className="flex w-max gap-3">
        {stages.map((s, si) => {
          const cards = deals.filter((d) => d.stageId === s.id);
          const isTarget = (dragging && over === s.id) || (picked && picked.target === si);
          return (
            <section
              key={s.id}
              aria-labelledby={`col-${s.id}`}
              data-stage={s.name}
              className={clsx("flex w-72 shrink-0 snap-start flex-col rounded-xl border bg-slate-50", isTarget ? "border-brand-500 ring-2 ring-brand-200" : "border-slate-200")}
              onDragOver={(e) => {
                if (!dragging) return;
                e.preventDefault();
                setOver(s.id);
              }}
              onDragLeave={() => setOver((o) => (o === s.id ? null : o))}
              onDrop={(e) => {
                e.preventDefault();
                const id = e.dataTransfer.getData("text/plain") || dragging;
                setDragging(null);
                setOver(null);
                if (id) move(id, s.id);
              }}
            >
              <header className="flex items-baseline justify-between gap-2 border-b border-slate-200 px-3 py-2">
                <h2 id={`col-${s.id}`} className="text-sm font-semibold">
                  {s.name}
                </h2>
                <span className="text-xs text-slate-500">
                  {t("colMeta", { n: cards.length, p: s.probability })}
                </span>
              </header>
              <ul className="flex min-h-24 flex-1 flex-col gap-2 p-2">
                {cards.length === 0 && <li className="py-6 text-center text-xs text-slate-400">{t("emptyColumn")}</li>}
                {cards.map((d) => (
                  <li
                    key={d.id}
                    draggable={canEdit}
                    onDragStart={(e) => {
                      e.dataTransfer.setData("text/plain", d.id);
                      e.dataTransfer.effectAllowed = "move";
                      setDragging(d.id);
                    }}
                    onDragEnd={() => {
                      setDragging(null);
                      setOver(null);
                    }}
                    className={clsx("rounded-lg border bg-white p-3 text-sm shadow-sm", picked?.id === d.id ? "border-brand-600 ring-2 ring-brand-300" : "border-slate-200", canEdit && "cursor-grab")}
                    data-deal={d.title}
                  >
                    <button
                      type="button"
                      className="block w-full text-left font-medium focus-visible:outline-2 focus-visible:outline-brand-600"
                      aria-describedby="kanban-help"
                      aria-pressed={picked?.id === d.id}
                      onKeyDown={(e) => onCardKey(e, d)}
                      onBlur={() => picked?.id === d.id && setPicked(null)}
                    >
                      {d.title}
                    </button>
                    <p className="mt-1 text-xs text-slate-500">
                      <Link href={`/customers/${d.customerId}`} className="hover:underline">
                        {d.customerName}
                      </Link>
                      {d.ownerName && ` · ${d.ownerName}`}
                    </p>
                    <p className="mt-1 flex justify-between text-xs">
                      <span className="font-medium tabular-nums">{formatMoney(d.expectedAmount)}</span>
                      {d.expectedDate && <span className="text-slate-500">{t("expected", { date: d.expectedDate })}</span>}
                    </p>
                    {canEdit && (
                      <div className="mt-2 flex gap-2">
                        <label className="sr-only" htmlFor={`mv-${d.id}`}>
                          {t("moveTo", { title: d.title })}
                        </label>
                        <select
                          id={`mv-${d.id}`}
                          className="input min-h-9 flex-1 py-1 text-xs"
                          value=""
                          onChange={(e) => e.target.value && move(d.id, e.target.value)}
                        >
                          <option value="">{t("moveToShort")}</option>
                          {stages
                            .filter((x) => x.id !== d.stageId)
                            .map((x) => (
                              <option key={x.id} value={x.id}>
                                {x.name}
                              </option>
                            ))}
                        </select>
                        <button type="button" className="btn-secondary min-h-9 px-2 py-1 text-xs" onClick={() => setClosing(d)}>
                          {t("close")}
                        </button>
                      </div>
                    )}
                  </li>
                ))}
                {s.total > cards.length + 0 && cards.length >= 100 && <li className="text-center text-xs text-slate-500">{t("more", { n: s.total - cards.length })}</li>}
              </ul>
            </section>
          );
        })}
        </div>
      </div>
      <dialog
        ref={dialogRef}
        aria-labelledby="close-title"
        className="m-auto max-h-[92dvh] w-[min(40rem,calc(100vw-1rem))] overflow-y-auto overscroll-contain rounded-xl p-0 backdrop:bg-slate-900/40"
        onClose={() => setClosing(null)}
      >
        {closing && (
          <div className="p-4">
            <h2 id="close-title" className="mb-1 text-lg font-semibold">
              {t("closeTitle", { title: closing.title })}
            </h2>
            <p className="mb-3 text-sm text-slate-600">{t("closeHint")}</p>
            <CloseDealForm
              deal={closing}
              today={today}
              onCancel={() => setClosing(null)}
              onDone={() => {
                setDeals((ds) => ds.filter((x) => x.id !== closing.id));
                setClosing(null);
                router.refresh();
              }}
            />
          </div>
        )}
      </dialog>
    </>
  );
}
