"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef } from "react";
import { columnCards, type ColumnFigures } from "@/lib/pipeline";
import { formatMoney } from "@/lib/money";
import { KanbanCard, type CardHandlers } from "./kanban-card";
import type { KanbanDeal, KanbanFilters, KanbanPage, KanbanStage } from "./kanban";

/** One more page of a column from the scoped route (the cursor is the last page's). */
async function fetchColumnPage(f: KanbanFilters, stageId: string, cursor: string | null, signal: AbortSignal): Promise<KanbanPage> {
  const p = new URLSearchParams({ process: f.processId, stage: stageId });
  if (f.owner) p.set("owner", f.owner);
  if (f.product) p.set("product", f.product);
  if (cursor) p.set("cursor", cursor);
  const res = await fetch(`/api/pipeline/deals?${p}`, { signal, headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`pipeline page: HTTP ${res.status}`);
  return (await res.json()) as KanbanPage;
}

type Props = {
  stage: KanbanStage;
  stages: KanbanStage[];
  filters: KanbanFilters;
  figures: ColumnFigures;
  moved: ReadonlyMap<string, KanbanDeal>;
  closed: ReadonlySet<string>;
  canEdit: boolean;
  isTarget: boolean;
  dragging: boolean;
  pickedId: string | null;
  onDragOver: () => void;
  onDragLeave: () => void;
  onDrop: (dealId: string) => void;
  card: CardHandlers;
};

/**
 * A stage of the board: its count and amount over the whole scope, the deals loaded so far (first page from
 * the server render) and, while there are more, a 加载更多 button that also fires by itself when the column's
 * end scrolls into view (IntersectionObserver).
 */
export function KanbanColumn({ stage, stages, filters, figures, moved, closed, canEdit, isTarget, dragging, pickedId, onDragOver, onDragLeave, onDrop, card }: Props) {
  const t = useTranslations("pipeline");
  const q = useInfiniteQuery({
    queryKey: ["pipeline", filters.processId, filters.owner ?? "", filters.product ?? "", stage.id],
    queryFn: ({ pageParam, signal }) => fetchColumnPage(filters, stage.id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [stage.first], pageParams: [null] },
  });
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = q;
  const pages = q.data.pages;
  const cards = useMemo(() => columnCards(stage.id, pages.flatMap((p) => p.rows), moved, closed), [stage.id, pages, moved, closed]);

  // load the next page when the column's end comes near the viewport; a new observer after each page, so a
  // column whose end is still in view keeps loading, and none after a failure (the button retries)
  const sentinel = useRef<HTMLLIElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage || isFetchingNextPage || isFetchNextPageError) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void fetchNextPage(), { rootMargin: "0px 0px 240px 0px" });
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage, pages.length]);

  return (
    <section
      aria-labelledby={`col-${stage.id}`}
      data-stage={stage.name}
      data-stage-id={stage.id}
      className={clsx("flex w-72 shrink-0 snap-start flex-col rounded-xl border bg-slate-50", isTarget ? "border-brand-500 ring-2 ring-brand-200" : "border-slate-200")}
      onDragOver={(e) => {
        if (!dragging) return;
        e.preventDefault();
        onDragOver();
      }}
      onDragLeave={onDragLeave}
      onDrop={(e) => {
        e.preventDefault();
        onDrop(e.dataTransfer.getData("text/plain"));
      }}
    >
      <header className="border-b border-slate-200 px-3 py-2">
        <div className="flex items-baseline justify-between gap-2">
          <h2 id={`col-${stage.id}`} className="text-sm font-semibold">
            {stage.name}
          </h2>
          <span className="text-xs text-slate-500">{t("probability", { p: stage.probability })}</span>
        </div>
        <p className="mt-0.5 text-xs text-slate-600 tabular-nums" data-count={figures.count} data-amount={figures.amount}>
          {t("colMeta", { n: figures.count, amount: formatMoney(figures.amount) })}
        </p>
      </header>
      {/* a column scrolls by itself, so its end (where the next page loads) is near without scrolling the whole
          board; on a desktop the columns fit the viewport below the filters */}
      <ul className="flex max-h-[75dvh] min-h-24 flex-1 flex-col gap-2 overflow-y-auto p-2 lg:max-h-[calc(100dvh-20rem)]">
        {cards.length === 0 && !hasNextPage && <li className="py-6 text-center text-xs text-slate-400">{t("emptyColumn")}</li>}
        {cards.map((d) => (
          <KanbanCard key={d.id} deal={d} stages={stages} canEdit={canEdit} picked={pickedId === d.id} handlers={card} />
        ))}
        {hasNextPage && (
          <li ref={sentinel} className="pt-1">
            <button type="button" className="btn-secondary min-h-9 w-full py-1 text-xs" disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
              {isFetchingNextPage ? t("loading") : isFetchNextPageError ? t("loadFailed") : t("loadMore", { shown: cards.length, total: Math.max(figures.count, cards.length) })}
            </button>
          </li>
        )}
      </ul>
    </section>
  );
}
