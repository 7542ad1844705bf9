import { isLeapYear } from "@/lib/dates";

/**
 * The next yearly recurrence of a solar date (birthday, wedding anniversary, custom date) on or after
 * `from`. Rule: a 29 February date falls on 28 February in common years.
 */
export function nextSolarOccurrence(date: string, from: string) {
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const y = Number(from.slice(0, 4));
  for (const yy of [y, y + 1]) {
    const day = m === 2 && d === 29 && !isLeapYear(yy) ? 28 : d;
    const iso = `${yy}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    if (iso >= from) return iso;
  }
  throw new Error("unreachable");
}
