/** A ratio (0–1) as a percentage with one decimal, "—" when there is none. */
export const pct = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? "—" : `${Math.round(v * 1000) / 10}%`);
