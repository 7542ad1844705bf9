/**
 * 渐忘曲线: after meeting someone, touch them at growing intervals so they keep remembering you.
 * Retention is modelled as R = exp(−t/S): t days since the last touch, S the memory's stability,
 * which grows by a constant factor with every touch.
 */
export const DEFAULT_TOUCH_DAYS = [1, 2, 4, 7, 15, 30, 60, 90, 180];
export const REPEAT_EVERY_DAYS = 180;
export const INITIAL_STABILITY = 1.5;
export const STABILITY_GROWTH = 1.9;

/** Stability in days after `touches` contacts (the first meeting counts as none). */
export function stability(touches: number, s0 = INITIAL_STABILITY, growth = STABILITY_GROWTH) {
  return s0 * Math.pow(growth, Math.max(0, touches));
}

export function retention(daysSinceLastTouch: number, touches: number) {
  if (daysSinceLastTouch <= 0) return 1;
  return Math.exp(-daysSinceLastTouch / stability(touches));
}

/** Day (counted from the first meeting) of the n-th scheduled touch, n from 0. */
export function scheduledTouchDay(n: number, days = DEFAULT_TOUCH_DAYS, every = REPEAT_EVERY_DAYS) {
  if (n < days.length) return days[n];
  return days[days.length - 1] + (n - days.length + 1) * every;
}

/** Points of the curve for a chart: retention by day with a touch on every scheduled day up to `horizon`. */
export function curvePoints(horizon = 200, days = DEFAULT_TOUCH_DAYS) {
  const pts: { day: number; withTouches: number; without: number }[] = [];
  let touches = 0;
  let last = 0;
  let next = 0;
  for (let d = 0; d <= horizon; d++) {
    if (scheduledTouchDay(next, days) === d) {
      touches++;
      last = d;
      next++;
    }
    pts.push({ day: d, withTouches: retention(d - last, touches), without: retention(d, 0) });
  }
  return pts;
}
