import { can, type Viewer } from "./viewer";

/**
 * Rules of the selling tools (DOMAIN.md §2.8): who may change a FAB chain or a competitor analysis, how
 * an analysis is scored and read (真优势 / 短板), and the small bits of ordering the pages share.
 */

export const SCORE_MIN = 1;
export const SCORE_MAX = 10;
export const WEIGHT_MIN = 1;
export const WEIGHT_MAX = 5;

/** Anyone who keeps the catalogue edits every chain; a writer of selling tools edits the chains they wrote. */
export function canEditFab(viewer: Viewer, authorId: string | null) {
  if (can(viewer, "product:manage")) return true;
  return can(viewer, "product:fab") && authorId === viewer.id;
}

export function canWriteSellingTools(viewer: Viewer) {
  return can(viewer, "product:manage") || can(viewer, "product:fab");
}

/**
 * A competitor analysis is one set of rows; a writer of selling tools may change it while every row is
 * theirs (the last to score a row is its author), the catalogue's keepers always.
 */
export function canEditAnalysis(viewer: Viewer, authorIds: (string | null)[]) {
  if (can(viewer, "product:manage")) return true;
  return can(viewer, "product:fab") && authorIds.length > 0 && authorIds.every((a) => a === viewer.id);
}

/** Names compared the way people read them: trimmed, inner spaces collapsed, case-folded (full-width too). */
export function sameName(a: string, b: string) {
  return nameKey(a) === nameKey(b);
}
export function nameKey(s: string) {
  return s.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

export type ScoreRow = { dimension: string; weight: number; ownScore: number; competitorScore: number; note?: string | null };
export type Verdict = "strength" | "weakness" | "par";

/** 优势 when we score higher, 短板 when lower, 持平 when equal — on one dimension. */
export function verdict(row: Pick<ScoreRow, "ownScore" | "competitorScore">): Verdict {
  const d = row.ownScore - row.competitorScore;
  return d > 0 ? "strength" : d < 0 ? "weakness" : "par";
}

/** Σ(score × weight) / Σweight, to one decimal; null without rows. */
export function weightedScore(rows: ScoreRow[], side: "own" | "competitor"): number | null {
  const w = rows.reduce((s, r) => s + r.weight, 0);
  if (!rows.length || w <= 0) return null;
  const sum = rows.reduce((s, r) => s + r.weight * (side === "own" ? r.ownScore : r.competitorScore), 0);
  return Math.round((sum / w) * 10) / 10;
}

/**
 * What an analysis says (the lesson's 第四步 读图): the weighted totals, the strengths and weaknesses
 * ordered by how much they matter (weight × gap), and the key selling points — strengths on dimensions
 * weighted at least the analysis' average, the ones worth writing up as FAB chains.
 */
export function summarizeAnalysis<R extends ScoreRow>(rows: R[]) {
  const own = weightedScore(rows, "own");
  const competitor = weightedScore(rows, "competitor");
  const impact = (r: R) => r.weight * Math.abs(r.ownScore - r.competitorScore);
  const byImpact = (a: R, b: R) => impact(b) - impact(a) || b.weight - a.weight || a.dimension.localeCompare(b.dimension, "zh-CN");
  const strengths = rows.filter((r) => verdict(r) === "strength").sort(byImpact);
  const weaknesses = rows.filter((r) => verdict(r) === "weakness").sort(byImpact);
  const meanWeight = rows.length ? rows.reduce((s, r) => s + r.weight, 0) / rows.length : 0;
  const keyPoints = strengths.filter((r) => r.weight >= meanWeight);
  return { own, competitor, lead: own != null && competitor != null ? Math.round((own - competitor) * 10) / 10 : null, strengths, weaknesses, keyPoints };
}

/** Rows of an analysis in reading order: the dimensions that weigh most first, then by name. */
export function orderRows<R extends Pick<ScoreRow, "dimension" | "weight">>(rows: R[]): R[] {
  return [...rows].sort((a, b) => b.weight - a.weight || a.dimension.localeCompare(b.dimension, "zh-CN"));
}

/** Groups score rows by competitor, keeping the order in which competitors first appear. */
export function groupByCompetitor<R extends { competitor: string }>(rows: R[]): { competitor: string; rows: R[] }[] {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    const list = out.get(r.competitor);
    if (list) list.push(r);
    else out.set(r.competitor, [r]);
  }
  return [...out].map(([competitor, rs]) => ({ competitor, rows: rs }));
}

/** The customer types of a product's chains, in the order their first chain appears. */
export function customerTypesOf(entries: { customerType: string }[]) {
  return [...new Set(entries.map((e) => e.customerType))];
}

/** The next chain to present: clamped to the list (reading aloud does not wrap round). */
export function stepIndex(i: number, delta: number, n: number) {
  if (n <= 0) return 0;
  return Math.max(0, Math.min(n - 1, i + delta));
}

/**
 * A horizontal swipe on the presentation: left (−1 … next) / right (+1 … previous) becomes a step,
 * anything shorter than `min` px or more vertical than horizontal (a scroll) is no step.
 */
export function swipeStep(dx: number, dy: number, min = 48): -1 | 0 | 1 {
  if (Math.abs(dx) < min || Math.abs(dx) < Math.abs(dy) * 1.5) return 0;
  return dx < 0 ? 1 : -1;
}

/**
 * Moving one item of an ordered list up or down one place swaps its sort value with its neighbour's;
 * returns the two new sort values, or null at either end (or when the id is not in the list).
 */
export function swapWithNeighbour<T extends { id: string; sort: number }>(items: T[], id: string, direction: "up" | "down") {
  const list = [...items].sort((a, b) => a.sort - b.sort);
  const i = list.findIndex((x) => x.id === id);
  if (i < 0) return null;
  const j = direction === "up" ? i - 1 : i + 1;
  if (j < 0 || j >= list.length) return null;
  return [
    { id: list[i].id, sort: list[j].sort },
    { id: list[j].id, sort: list[i].sort },
  ] as const;
}
