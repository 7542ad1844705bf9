/**
 * The one place for "today" and calendar arithmetic. A calendar date is an ISO string (yyyy-mm-dd); what day
 * it is "now" depends on where the sales team works, not on the server's clock zone: a server in UTC sees
 * yesterday's date until 08:00 Beijing time, which refused "met today" as a future date.
 *
 * The company's zone is env COMPANY_TZ (an IANA name), Asia/Shanghai by default. The SQL stored in the
 * migrations (the reminder functions, the month buckets of the analytics rollups) is written for
 * Asia/Shanghai: another zone needs a migration rewriting those too.
 */
export const DEFAULT_TZ = "Asia/Shanghai";

function resolveTz(raw: string | undefined): string {
  const tz = raw?.trim();
  if (!tz) return DEFAULT_TZ;
  // the name also goes into SQL as a literal (db/queries/dates.ts), so only IANA-shaped names are taken
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(tz)) return DEFAULT_TZ;
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: tz });
    return tz;
  } catch {
    return DEFAULT_TZ;
  }
}

export const COMPANY_TZ = resolveTz(typeof process === "undefined" ? undefined : process.env.COMPANY_TZ);

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormat = (tz: string) => {
  let f = dayFormats.get(tz);
  if (!f) dayFormats.set(tz, (f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" })));
  return f;
};

/** The calendar date of an instant in the company's zone (or `tz`). */
export function toDateString(d: Date, tz = COMPANY_TZ) {
  return dayFormat(tz).format(d);
}

/** Today's calendar date where the sales team works. */
export function today(now = new Date(), tz = COMPANY_TZ) {
  return toDateString(now, tz);
}

/** Minutes to add to UTC to get the wall clock in `tz` at instant `ms`. */
function offsetMinutes(ms: number, tz: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** "Now" as a datetime-local value (yyyy-mm-ddThh:mm) on the company's wall clock. */
export function nowLocal(now = new Date(), tz = COMPANY_TZ) {
  return new Date(now.getTime() + offsetMinutes(now.getTime(), tz) * 60_000).toISOString().slice(0, 16);
}

/**
 * The instant of a wall-clock time (yyyy-mm-dd, hh:mm[:ss]) in the company's zone, or null when that
 * date or time does not exist (2026-02-30, 24:10).
 */
export function fromLocal(date: string, time: string, tz = COMPANY_TZ): Date | null {
  const t = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(time);
  if (!isCalendarDate(date) || !t) return null;
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), Number(t[1]), Number(t[2]), Number(t[3] ?? 0));
  // two passes settle the offset around a DST change; China has none, so one is already exact there
  let ms = wall - offsetMinutes(wall, tz) * 60_000;
  ms = wall - offsetMinutes(ms, tz) * 60_000;
  return new Date(ms);
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export function isLeapYear(y: number) {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number) {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/**
 * The one calendar-date check: yyyy-mm-dd naming a day that exists (no 2026-02-30, no year 0000, which
 * Postgres refuses). Forms and URL filters narrow the years further (see lib/validation/common.ts).
 */
export function isCalendarDate(s: unknown): s is string {
  if (typeof s !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

// Day numbers (days since 1970-01-01) without Date objects: the reminder engine does this ~100,000 times
// for a 20,000-customer scope, and the few distinct results are cached.
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

/** Calendar arithmetic on ISO dates, done in UTC so no zone or DST shifts a day. */
export function addDays(iso: string, n: number) {
  return fromDayNumber(dayNumber(iso) + n);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string) {
  return dayNumber(b) - dayNumber(a);
}

export function startOfMonth(iso: string) {
  return `${iso.slice(0, 7)}-01`;
}

export function endOfMonth(iso: string) {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return `${iso.slice(0, 7)}-${pad(daysInMonth(y, m))}`;
}
