import { scaleLinear } from "d3-scale";
import { line as d3line } from "d3-shape";
import { useLocale, useTranslations } from "next-intl";
import { curvePoints, DEFAULT_TOUCH_DAYS } from "@/lib/forgetting-curve";
import { simplifyPolyline } from "@/lib/polyline";
import { punct } from "@/lib/punct";

const W = 640;
const H = 260;
const M = { top: 16, right: 16, bottom: 36, left: 44 };

/**
 * Retention with and without the touch schedule, drawn with d3 scales into SVG. A server component: the
 * SVG is computed on the server, so neither d3 nor this chart ships to the browser.
 */
export function ForgettingCurveChart({ horizon = 200 }: { horizon?: number }) {
  const t = useTranslations("training.curve");
  const locale = useLocale();
  const pts = curvePoints(horizon);
  const x = scaleLinear().domain([0, horizon]).range([M.left, W - M.right]);
  const y = scaleLinear().domain([0, 1]).range([H - M.bottom, M.top]);
  // one point a day, but the SVG (sent twice: as HTML and in the page's payload) only needs the corners
  const line = (k: "withTouches" | "without") =>
    d3line().digits(1)(
      simplifyPolyline(
        pts.map((p) => [x(p.day), y(p[k])] as [number, number]),
        0.25,
      ),
    ) ?? "";
  return (
    <figure className="not-prose my-6">
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full" role="img" aria-labelledby="fc-title fc-desc">
        <title id="fc-title">{t("title")}</title>
        <desc id="fc-desc">{t("desc", { days: punct(locale).list(DEFAULT_TOUCH_DAYS.map(String)) })}</desc>
        {y.ticks(5).map((v) => (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
            <text x={M.left - 6} y={y(v)} dy="0.32em" textAnchor="end" fontSize="11" fill="#64748b">
              {Math.round(v * 100)}%
            </text>
          </g>
        ))}
        {x.ticks(8).map((v) => (
          <text key={v} x={x(v)} y={H - M.bottom + 16} textAnchor="middle" fontSize="11" fill="#64748b">
            {v}
          </text>
        ))}
        <text x={(W + M.left) / 2} y={H - 4} textAnchor="middle" fontSize="11" fill="#64748b">
          {t("days")}
        </text>
        {DEFAULT_TOUCH_DAYS.filter((d) => d <= horizon).map((d) => (
          <line key={d} x1={x(d)} x2={x(d)} y1={M.top} y2={H - M.bottom} stroke="#99f6e4" strokeDasharray="3 3" />
        ))}
        <path d={line("without")} fill="none" stroke="#f87171" strokeWidth={2} />
        <path d={line("withTouches")} fill="none" stroke="#0f6b6b" strokeWidth={2.5} />
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-4 text-xs text-slate-600">
        <span>
          <span aria-hidden className="mr-1 inline-block h-0.5 w-4 bg-brand-600 align-middle" />
          {t("with")}
        </span>
        <span>
          <span aria-hidden className="mr-1 inline-block h-0.5 w-4 bg-red-400 align-middle" />
          {t("without")}
        </span>
        <span>
          <span aria-hidden className="mr-1 inline-block h-3 w-0 border-l border-dashed border-teal-300 align-middle" />
          {t("touch")}
        </span>
      </figcaption>
    </figure>
  );
}
