/** Calendar arithmetic on ISO dates (yyyy-mm-dd), in UTC so no time zone or DST shifts a day. */

// Day numbers (days since 1970-01-01) without Date objects: the engine does this ~100,000 times for a
// 20,000-customer scope, and the few distinct results are cached.
const dayCache = new Map<string, number>();
const isoCache = new Map<number, string>();

export function dayNumber(iso: string) {
  let n = dayCache.get(iso);
  if (n === undefined) {
    n = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
    if (dayCache.size > 50_000) dayCache.clear();
    dayCache.set(iso, n);
  }
  return n;
}

export function fromDayNumber(n: number) {
  let iso = isoCache.get(n);
  if (iso === undefined) {
    iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
    if (isoCache.size > 50_000) isoCache.clear();
    isoCache.set(n, iso);
  }
  return iso;
}

export function addDays(iso: string, n: number) {
  return fromDayNumber(dayNumber(iso) + n);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string) {
  return dayNumber(b) - dayNumber(a);
}

/** Today's calendar date where the sales team works (China has one time zone and no DST). */
export function todayIn(timeZone = "Asia/Shanghai", now = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function isLeapYear(y: number) {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

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
