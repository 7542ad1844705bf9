"use client";

import { scaleLinear } from "d3-scale";
import { useEffect, useRef, useState } from "react";
import { SCORE_MAX } from "@/lib/products";

export type AdvantageBar = { dimension: string; weight: number; own: number; competitor: number };

const OURS = "#0f6b6b"; // brand-600
const THEIRS = "#64748b"; // slate-500: 4.7:1 on white
const BAR = 14;
const GAP = 4;

/** Follows the width of its box so text keeps its real size on a phone (a scaled viewBox would shrink it). */
function useWidth(initial: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [w, setW] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setW(Math.max(240, Math.floor(e.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, w] as const;
}

/**
 * 产品优势分析图: per dimension (heaviest first) a pair of horizontal bars, ours and the competitor's, on
 * a 0–10 scale (d3.scaleLinear), each with its score written at its end. Narrow screens put the dimension
 * above its bars. The table after it says the same in words.
 */
export function AdvantageChart({ rows, ours, theirs, title }: { rows: AdvantageBar[]; ours: string; theirs: string; title: string }) {
  const [ref, width] = useWidth(640);
  const narrow = width < 480;
  const labelW = narrow ? 6 : 128;
  const right = 28;
  const rowH = (narrow ? 20 : 0) + BAR * 2 + GAP + 18;
  const top = 30;
  const height = top + rows.length * rowH + 8;
  const x = scaleLinear().domain([0, SCORE_MAX]).range([labelW, width - right]);
  const ticks = x.ticks(5);
  return (
    <div ref={ref} className="w-full">
      <svg width={width} height={height} role="img" aria-label={title} className="block max-w-full">
        <g aria-hidden>
          <rect x={labelW} y={4} width={12} height={12} rx={2} fill={OURS} />
          <text x={labelW + 18} y={14} className="fill-slate-700 text-[13px]">
            {ours}
          </text>
          <rect x={labelW + 30 + ours.length * 14} y={4} width={12} height={12} rx={2} fill={THEIRS} />
          <text x={labelW + 48 + ours.length * 14} y={14} className="fill-slate-700 text-[13px]">
            {theirs}
          </text>
          {ticks.map((t) => (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={top - 6} y2={height - 8} stroke="#e2e8f0" />
              <text x={x(t)} y={height} textAnchor="middle" className="fill-slate-400 text-[10px]">
                {t}
              </text>
            </g>
          ))}
          {rows.map((r, i) => {
            const y0 = top + i * rowH + (narrow ? 18 : 0);
            return (
              <g key={r.dimension}>
                <text x={narrow ? labelW : labelW - 8} y={narrow ? y0 - 5 : y0 + BAR + GAP / 2 + 4} textAnchor={narrow ? "start" : "end"} className="fill-slate-800 text-[13px] font-medium">
                  {r.dimension}
                  <tspan className="fill-slate-400 text-[11px]">{` ×${r.weight}`}</tspan>
                </text>
                <rect x={x(0)} y={y0} width={Math.max(1, x(r.own) - x(0))} height={BAR} rx={3} fill={OURS} />
                <text x={x(r.own) + 4} y={y0 + BAR - 3} className="fill-slate-800 text-[12px] font-semibold tabular-nums">
                  {r.own}
                </text>
                <rect x={x(0)} y={y0 + BAR + GAP} width={Math.max(1, x(r.competitor) - x(0))} height={BAR} rx={3} fill={THEIRS} />
                <text x={x(r.competitor) + 4} y={y0 + 2 * BAR + GAP - 3} className="fill-slate-600 text-[12px] tabular-nums">
                  {r.competitor}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
