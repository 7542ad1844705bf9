"use client";

import { scaleBand, scaleLinear } from "d3-scale";
import { line } from "d3-shape";
import { useLocale, useTranslations } from "next-intl";
import { punct } from "@/lib/punct";
import { useEffect, useRef, useState } from "react";
import type { ParetoBar } from "@/db/queries/pareto";
import { formatMoney } from "@/lib/money";

const H = 300;
const M = { top: 16, right: 48, bottom: 28, left: 64 };

/** 万 / 亿 for the revenue axis (Chinese readers count in ten-thousands). */
function short(v: number) {
  if (v >= 1e8) return `${Math.round(v / 1e7) / 10}亿`;
  if (v >= 1e4) return `${Math.round(v / 1e3) / 10}万`;
  return String(Math.round(v));
}

/**
 * 二八分割图: bars of revenue per customer (or per run of ranks) from highest, the cumulative share as a line
 * on the right axis, the 80% line dashed and the rank where the line crosses it marked. Drawn at the
 * container's pixel width (not a scaled viewBox) so every label stays at 12 px on a phone.
 */
export function ParetoChart({ bars, k80 }: { bars: ParetoBar[]; k80: number }) {
  const t = useTranslations("pareto");
  const pn = punct(useLocale());
  const ref = useRef<HTMLDivElement>(null);
  const [W, setW] = useState(720);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setW(Math.max(280, Math.round(e.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const x = scaleBand<number>()
    .domain(bars.map((_, i) => i))
    .range([M.left, W - M.right])
    .paddingInner(bars.length > 40 ? 0 : 0.15);
  const maxRev = Math.max(...bars.map((b) => Number(b.revenue)), 1);
  const y = scaleLinear().domain([0, maxRev]).nice().range([H - M.bottom, M.top]);
  const yc = scaleLinear().domain([0, 1]).range([H - M.bottom, M.top]);
  const path = line<ParetoBar>()
    .x((_, i) => (x(i) ?? 0) + x.bandwidth())
    .y((b) => yc(b.cumulative))(bars);
  const cross = bars.findIndex((b) => b.from <= k80 && k80 <= b.to);
  const crossX = cross >= 0 ? (x(cross) ?? 0) + x.bandwidth() / 2 : null;
  const ticks = y.ticks(4);
  return (
    <div ref={ref} className="w-full min-w-0 overflow-hidden">
      <svg width={W} height={H} role="img" aria-labelledby="pareto-title pareto-desc" className="block">
        <title id="pareto-title">{t("chartTitle")}</title>
        <desc id="pareto-desc">{t("chartHint")}</desc>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} className="stroke-slate-100" />
            <text x={M.left - 6} y={y(v)} dy="0.32em" textAnchor="end" className="fill-slate-500 text-[12px]">
              {short(v)}
            </text>
          </g>
        ))}
        {[0, 0.5, 0.8, 1].map((v) => (
          <text key={v} x={W - M.right + 6} y={yc(v)} dy="0.32em" className={v === 0.8 ? "fill-red-700 text-[12px] font-semibold" : "fill-slate-500 text-[12px]"}>
            {Math.round(v * 100)}%
          </text>
        ))}
        {bars.map((b, i) => (
          <rect key={b.from} x={x(i)} y={y(Number(b.revenue))} width={Math.max(1, x.bandwidth())} height={H - M.bottom - y(Number(b.revenue))} className={b.from <= k80 ? "fill-brand-500" : "fill-slate-300"}>
            <title>{`${b.from === b.to ? `#${b.from}` : t("bucket", { from: b.from, to: b.to })}${pn.colon}${pn.clauses([formatMoney(b.revenue), `${t("cumulative")} ${Math.round(b.cumulative * 1000) / 10}%`])}`}</title>
          </rect>
        ))}
        <line x1={M.left} x2={W - M.right} y1={yc(0.8)} y2={yc(0.8)} strokeDasharray="6 4" className="stroke-red-600" />
        {path && <path d={path} fill="none" strokeWidth={2} className="stroke-amber-500" />}
        {crossX != null && (
          <g>
            <line x1={crossX} x2={crossX} y1={yc(0.8)} y2={H - M.bottom} strokeDasharray="2 3" className="stroke-red-600" />
            <text x={crossX} y={H - M.bottom + 16} textAnchor="middle" className="fill-red-700 text-[12px] font-semibold">
              #{k80}
            </text>
          </g>
        )}
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} className="stroke-slate-300" />
      </svg>
    </div>
  );
}
