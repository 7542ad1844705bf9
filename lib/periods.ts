import { daysInMonth } from "@/lib/dates";

/**
 * Whole-month reporting periods (本月 / 上月 / 本季度 / 今年) for a China-time `today` (yyyy-mm-dd). The
 * funnel reads its rollup for whole months, so these presets are the fast path; any other range is exact too,
 * computed from the stage history.
 */
export type Period = { from: string; to: string };
export type PeriodKey = "thisMonth" | "lastMonth" | "thisQuarter" | "thisYear";

const pad = (n: number) => String(n).padStart(2, "0");
const span = (y: number, m1: number, y2: number, m2: number): Period => ({ from: `${y}-${pad(m1)}-01`, to: `${y2}-${pad(m2)}-${pad(daysInMonth(y2, m2))}` });

export function monthPeriods(today: string): Record<PeriodKey, Period> {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const q = Math.floor((m - 1) / 3) * 3 + 1;
  const [ly, lm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  return { thisMonth: span(y, m, y, m), lastMonth: span(ly, lm, ly, lm), thisQuarter: span(y, q, y, q + 2), thisYear: span(y, 1, y, 12) };
}
