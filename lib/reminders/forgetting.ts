import { DEFAULT_TOUCH_DAYS, REPEAT_EVERY_DAYS, retention, scheduledTouchDay } from "@/lib/forgetting-curve";
import { addDays, daysBetween } from "@/lib/dates";

export type TouchHistory = {
  /** The first meeting (认识日期); the curve starts here. */
  metOn: string;
  /** Contacts since the first meeting (交流记录 count). */
  touches: number;
  /** Date of the latest contact, if any. */
  lastTouchOn: string | null;
};

export type ForgettingState = {
  /** Estimated retention today, 0–1 (R = exp(−t/S)). */
  retention: number;
  /** When the next touch is due. */
  nextTouchOn: string;
  /** Days since the last touch (or the meeting). */
  daysSince: number;
};

/**
 * Where a customer stands on the forgetting curve. The n-th touch (n = touches so far) is scheduled
 * `scheduledTouchDay(n)` days after the meeting; if the rep touched late, the schedule restarts from
 * the last touch with the same gap (so a late touch never makes the next one due at once).
 */
export function forgettingState(h: TouchHistory, today: string, days: number[] = DEFAULT_TOUCH_DAYS, every = REPEAT_EVERY_DAYS): ForgettingState {
  const n = Math.max(0, h.touches);
  const last = h.lastTouchOn && h.lastTouchOn > h.metOn ? h.lastTouchOn : h.metOn;
  const onSchedule = addDays(h.metOn, scheduledTouchDay(n, days, every));
  const gap = scheduledTouchDay(n, days, every) - (n > 0 ? scheduledTouchDay(n - 1, days, every) : 0);
  const fromLast = addDays(last, gap);
  const nextTouchOn = onSchedule > fromLast ? onSchedule : fromLast;
  const daysSince = Math.max(0, daysBetween(last, today));
  return { retention: retention(daysSince, n), nextTouchOn, daysSince };
}

/** Validates admin-entered intervals: strictly increasing positive whole days, 1–30 of them. */
export function parseTouchDays(v: unknown): number[] | null {
  if (!Array.isArray(v) || v.length < 1 || v.length > 30) return null;
  if (!v.every((x) => Number.isInteger(x) && x > 0 && x <= 3650)) return null;
  for (let i = 1; i < v.length; i++) if (v[i] <= v[i - 1]) return null;
  return v as number[];
}
