"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, useTransition } from "react";
import { moveOnBoardAction } from "@/app/(crm)/pipeline/actions";
import { columnFigures, type ColumnFigures, type PendingMove } from "@/lib/pipeline";
import { toast } from "@/lib/toast";
import { CloseDealForm } from "./close-deal-form";
import { KanbanColumn } from "./kanban-column";

export type KanbanDeal = { id: string; title: string; stageId: string; customerId: string; customerName: string; ownerName: string | null; expectedAmount: string | null; expectedDate: string | null };
export type KanbanPage = { rows: KanbanDeal[]; nextCursor: string | null };
export type KanbanStage = { id: string; name: string; probability: number; count: number; amount: string; first: KanbanPage };
export type KanbanFilters = { processId: string; owner?: string; product?: string };

type Props = { stages: KanbanStage[]; filters: KanbanFilters; today: string; canEdit: boolean };

/**
 * The pipeline board. Each column shows the count and amount of its stage over the whole scope and its
 * first 50 deals; more come with 加载更多 or when the column is scrolled to its end (TanStack Query's
 * infinite query per column, over GET /api/pipeline/deals). A deal moves by drag and drop, by keyboard (Space
 * to pick up, ←/→ to choose a stage, Space/Enter to drop, Esc to cancel) or with its 移动到 menu (thumb on a
 * phone); the card moves at once and the headers follow, and the server's totals replace them when the move
 * is answered. Dropping on the last stage (签约) offers the close form with the required summary.
 */
export function Kanban(props: Props) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false, retry: 1 } } }));
  return (
    <QueryClientProvider client={client}>
      <Board {...props} />
    </QueryClientProvider>
  );
}

const figuresOf = (stages: KanbanStage[]) => new Map<string, ColumnFigures>(stages.map((s) => [s.id, { count: s.count, amount: s.amount }]));

function Board({ stages, filters, today, canEdit }: Props) {
  const t = useTranslations("pipeline");
  const router = useRouter();
  // deals moved on this board, as they are now (the loaded pages still hold them where they were)
  const [moved, setMoved] = useState<ReadonlyMap<string, KanbanDeal>>(new Map());
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  // the server's last column figures, and the moves it has not answered yet
  const [base, setBase] = useState(() => figuresOf(stages));
  const [pending, setPending] = useState<ReadonlyMap<number, PendingMove>>(new Map());
  const pendingCount = useRef(0);
  const seq = useRef(0);
  const [dragging, setDragging] = useState<KanbanDeal | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [picked, setPicked] = useState<{ id: string; target: number } | null>(null);
  const [announce, setAnnounce] = useState("");
  const [closing, setClosing] = useState<KanbanDeal | null>(null);
  const [, startTransition] = useTransition();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const lastStage = stages[stages.length - 1]?.id;
  // a moved card is a new element in its new column: the keyboard focus follows it there (its title after a
  // keyboard move, its 移动到 menu after a menu move) once it has rendered
  const refocus = useRef<{ id: string; el: "title" | "menu" } | null>(null);
  useEffect(() => {
    const r = refocus.current;
    if (!r) return;
    const card = document.querySelector<HTMLElement>(`li[data-deal-id="${CSS.escape(r.id)}"]`);
    const target = card?.querySelector<HTMLElement>(r.el === "title" ? ":scope > button" : "select");
    if (target) {
      refocus.current = null;
      target.focus();
    }
  });
  /** After the close dialog: focus back on the card, or, when the deal left the board, on its column. */
  const lastClosing = useRef<KanbanDeal | null>(null);
  useEffect(() => {
    if (closing) lastClosing.current = closing;
  }, [closing]);
  const afterDialog = (deal: KanbanDeal) =>
    requestAnimationFrame(() => {
      if (document.activeElement && document.activeElement !== document.body) return;
      const card = document.querySelector<HTMLElement>(`li[data-deal-id="${CSS.escape(deal.id)}"] > button`);
      const column = document.querySelector<HTMLElement>(`section[data-stage-id="${CSS.escape(deal.stageId)}"] h2`);
      if (card) card.focus();
      else if (column) {
        column.tabIndex = -1;
        column.focus();
      }
    });

  useEffect(() => {
    pendingCount.current = pending.size;
  }, [pending]);
  // the page rendered again (a deal closed here, or revalidated): its figures are current unless a move is on its way
  useEffect(() => {
    if (pendingCount.current === 0) setBase(figuresOf(stages));
  }, [stages]);
  useEffect(() => {
    const d = dialogRef.current;
    if (!d) return;
    if (closing && !d.open) d.showModal();
    if (!closing && d.open) d.close();
  }, [closing]);

  const stageIndex = (id: string) => stages.findIndex((s) => s.id === id);

  function move(deal: KanbanDeal, toStageId: string) {
    if (deal.stageId === toStageId || closed.has(deal.id)) return;
    const id = ++seq.current;
    setPending((p) => new Map(p).set(id, { from: deal.stageId, to: toStageId, amount: deal.expectedAmount }));
    setMoved((m) => new Map(m).set(deal.id, { ...deal, stageId: toStageId }));
    const settle = () =>
      setPending((p) => {
        const n = new Map(p);
        n.delete(id);
        return n;
      });
    startTransition(async () => {
      const r = await moveOnBoardAction(deal.id, toStageId, { owner: filters.owner, product: filters.product });
      if (!r.ok || !r.data) {
        settle();
        setMoved((m) => new Map(m).set(deal.id, deal));
        toast.error(r.error ?? t("moveFailed"));
        setAnnounce(r.error ?? t("moveFailed"));
        return;
      }
      // Next answers actions one at a time: these totals hold every earlier move and none still pending
      setBase(new Map(Object.entries(r.data.totals)));
      settle();
      const name = r.data.stageName;
      toast.success(t("moved", { title: deal.title, stage: name }));
      setAnnounce(t("moved", { title: deal.title, stage: name }));
      if (toStageId === lastStage) setClosing({ ...deal, stageId: toStageId });
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
      refocus.current = { id: d.id, el: "title" };
      move(d, stages[picked.target].id);
    } else if (e.key === "Escape") {
      e.preventDefault();
      setPicked(null);
      setAnnounce(t("kb.cancelled"));
    }
  }

  const pendingMoves = [...pending.values()];
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
          {stages.map((s, si) => (
            <KanbanColumn
              key={s.id}
              stage={s}
              stages={stages}
              filters={filters}
              figures={columnFigures(s.id, base, pendingMoves)}
              moved={moved}
              closed={closed}
              canEdit={canEdit}
              isTarget={(!!dragging && over === s.id) || picked?.target === si}
              pickedId={picked?.id ?? null}
              onDragOver={() => setOver(s.id)}
              onDragLeave={() => setOver((o) => (o === s.id ? null : o))}
              onDrop={(id) => {
                const d = dragging;
                setDragging(null);
                setOver(null);
                if (d && (!id || id === d.id)) move(d, s.id);
              }}
              dragging={!!dragging}
              card={{
                onDragStart: (d) => setDragging(d),
                onDragEnd: () => {
                  setDragging(null);
                  setOver(null);
                },
                onKey: onCardKey,
                onBlur: (d) => picked?.id === d.id && setPicked(null),
                onMove: (d, to) => {
                  refocus.current = { id: d.id, el: "menu" };
                  move(d, to);
                },
                onClose: setClosing,
              }}
            />
          ))}
        </div>
      </div>
      <dialog
        ref={dialogRef}
        aria-labelledby="close-title"
        className="m-auto max-h-[92dvh] w-[min(40rem,calc(100vw-1rem))] overflow-y-auto overscroll-contain rounded-xl p-0 backdrop:bg-slate-900/40"
        onClose={() => {
          // the dialog has closed (Esc, 稍后再填 or saved): the browser gave the focus back to its opener if
          // that is still on the board; otherwise it goes to the card or its column
          const d = lastClosing.current;
          lastClosing.current = null;
          setClosing(null);
          if (d) afterDialog(d);
        }}
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
                setClosed((c) => new Set(c).add(closing.id));
                setClosing(null);
                // the close action revalidated the page: its new figures arrive with the refresh
                router.refresh();
              }}
            />
          </div>
        )}
      </dialog>
    </>
  );
}
