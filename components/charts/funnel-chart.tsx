"use client";

import { max as d3max } from "d3-array";
import { interpolateRgb } from "d3-interpolate";
import { scaleSequential, scaleSqrt } from "d3-scale";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import type { FunnelSegment } from "@/lib/funnel";
import { formatMoney } from "@/lib/money";

const ROW = 64;
const M = { top: 8, right: 8, bottom: 8, left: 8 };

/**
 * 销售漏斗图: one trapezoid per stage, its width scaled (d3.scaleSqrt) by how many deals reached the
 * stage; each segment is a link to its deals. The table beside it says the same in numbers. Drawn at the
 * container's pixel width (not a scaled viewBox), so its labels stay 12 px or more on a phone.
 */
export function FunnelChart({ segments, hrefs }: { segments: FunnelSegment[]; hrefs: Record<string, string> }) {
  const t = useTranslations("analytics.funnel");
  const ref = useRef<HTMLDivElement>(null);
  const [W, setW] = useState(640);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setW(Math.max(280, Math.round(e.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const H = M.top + M.bottom + segments.length * ROW;
  const max = d3max(segments, (s) => s.reached) || 1;
  const w = scaleSqrt().domain([0, max]).range([40, W - M.left - M.right]);
  const color = scaleSequential(interpolateRgb("#5eb3b2", "#0f4f4f")).domain([0, Math.max(1, segments.length - 1)]);
  const cx = W / 2;
  return (
    <div ref={ref} className="w-full min-w-0 overflow-hidden">
    <svg width={W} height={H} className="block" role="img" aria-labelledby="funnel-title">
      <title id="funnel-title">{t("chartTitle")}</title>
      {segments.map((s, i) => {
        const top = w(s.reached) / 2;
        const bottom = w(segments[i + 1]?.reached ?? s.reached * 0.8) / 2;
        const y0 = M.top + i * ROW;
        const y1 = y0 + ROW - 4;
        const path = `M${cx - top},${y0} L${cx + top},${y0} L${cx + bottom},${y1} L${cx - bottom},${y1} Z`;
        return (
          <Link key={s.id} href={hrefs[s.id]} aria-label={t("segmentAria", { stage: s.name, reached: s.reached, count: s.count, amount: formatMoney(s.amount) })}>
            <g className="cursor-pointer transition-opacity hover:opacity-85 focus:opacity-85">
              <path d={path} fill={color(i)} />
              <text x={cx} y={y0 + 26} textAnchor="middle" className="fill-white text-[16px] font-semibold">
                {s.name}
              </text>
              <text x={cx} y={y0 + 48} textAnchor="middle" className="fill-white text-[13px]">
                {t("segmentLine", { reached: s.reached, count: s.count })}
              </text>
            </g>
          </Link>
        );
      })}
    </svg>
    </div>
  );
}
