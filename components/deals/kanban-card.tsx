"use client";

import clsx from "clsx";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { formatMoney } from "@/lib/money";
import type { KanbanDeal, KanbanStage } from "./kanban";

/** What a card asks of the board: drag, keyboard move, the 移动到 menu and 关闭. */
export type CardHandlers = {
  onDragStart: (d: KanbanDeal) => void;
  onDragEnd: () => void;
  onKey: (e: React.KeyboardEvent, d: KanbanDeal) => void;
  onBlur: (d: KanbanDeal) => void;
  onMove: (d: KanbanDeal, toStageId: string) => void;
  onClose: (d: KanbanDeal) => void;
};

/** One deal on the board: title (the keyboard handle), customer and rep, expected amount and date, and its controls. */
export function KanbanCard({ deal: d, stages, canEdit, picked, handlers: h }: { deal: KanbanDeal; stages: KanbanStage[]; canEdit: boolean; picked: boolean; handlers: CardHandlers }) {
  const t = useTranslations("pipeline");
  return (
    <li
      draggable={canEdit}
      onDragStart={(e) => {
        e.dataTransfer.setData("text/plain", d.id);
        e.dataTransfer.effectAllowed = "move";
        h.onDragStart(d);
      }}
      onDragEnd={h.onDragEnd}
      className={clsx("rounded-lg border bg-white p-3 text-sm shadow-sm", picked ? "border-brand-600 ring-2 ring-brand-300" : "border-slate-200", canEdit && "cursor-grab")}
      data-deal={d.title}
      data-deal-id={d.id}
    >
      <button
        type="button"
        className="block w-full text-left font-medium focus-visible:outline-2 focus-visible:outline-brand-600"
        aria-describedby="kanban-help"
        aria-pressed={picked}
        onKeyDown={(e) => h.onKey(e, d)}
        onBlur={() => h.onBlur(d)}
      >
        {d.title}
      </button>
      <p className="mt-1 text-xs text-slate-500">
        <Link href={`/customers/${d.customerId}`} prefetch={false} className="hover:underline">
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
          <select id={`mv-${d.id}`} className="input min-h-9 flex-1 py-1 text-xs" value="" onChange={(e) => e.target.value && h.onMove(d, e.target.value)}>
            <option value="">{t("moveToShort")}</option>
            {stages
              .filter((x) => x.id !== d.stageId)
              .map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
          </select>
          <button type="button" className="btn-secondary min-h-9 px-2 py-1 text-xs" onClick={() => h.onClose(d)}>
            {t("close")}
          </button>
        </div>
      )}
    </li>
  );
}
