/** Deterministic helpers shared by the demo seed and the large-data generator. */

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = ReturnType<typeof mulberry32>;

export const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
export const chance = (rng: Rng, p: number) => rng() < p;

/** Picks by weight: `weighted(rng, [["a", 3], ["b", 1]])` returns "a" three times as often. */
export function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [v, w] of items) {
    r -= w;
    if (r < 0) return v;
  }
  return items[items.length - 1][0];
}

/** `k` distinct elements of `xs`. */
export function sample<T>(rng: Rng, xs: readonly T[], k: number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, Math.min(k, a.length));
}

/**
 * A UUIDv7 whose time part is `ms` and whose random bits come from `rng`: ids stay time-ordered like the
 * app's own (so a seeded row created "a year ago" sorts like one), and the seed stays reproducible.
 */
export function uuid7At(ms: number, rng: Rng) {
  const hex = (n: number, len: number) => Math.floor(n).toString(16).padStart(len, "0").slice(-len);
  const t = hex(ms, 12);
  const r = () => hex(rng() * 0x10000, 4);
  const variant = (8 + Math.floor(rng() * 4)).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r().slice(1)}-${variant}${r().slice(1)}-${r()}${r()}${r()}`;
}

export const DAY_MS = 86_400_000;

/** Today's date (yyyy-mm-dd) in China, where the sales team works, whatever the server's zone. */
export function todayInChina(now = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** yyyy-mm-dd `days` after (or before, if negative) an ISO date. */
export function addDays(iso: string, days: number) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A moment on a China-local calendar day, at hh:mm (+08:00). */
export function atChinaTime(iso: string, hour: number, minute = 0) {
  return new Date(`${iso}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00+08:00`);
}

/** The China-local calendar day of a moment. */
export const chinaDay = (d: Date) => todayInChina(d);

/** Money as the exact numeric string Postgres expects (2 decimals). */
export const money = (yuan: number) => (Math.round(yuan * 100) / 100).toFixed(2);
