/**
 * 销售漏斗 math, pure and exact (money in integer cents as BigInt). The database supplies per-stage
 * aggregates; this turns them into the funnel: count, amount, weighted amount, how many deals ever
 * reached each stage, conversion to the next stage and average time in stage.
 */
import { centsToString, toCents } from "./money";

export type FunnelStage = { id: string; name: string; sort: number; probability: number };
export type FunnelInput = {
  stages: FunnelStage[];
  /** Open deals sitting in each stage now. */
  current: { stageId: string; count: number; amount: string | null }[];
  /** How many deals got furthest to the stage with this sort (its highest stage ever). */
  furthest: { sort: number; count: number }[];
  /** Total seconds spent in each stage over all completed or ongoing stays, and how many stays. */
  dwell: { stageId: string; seconds: number; stays: number }[];
};
export type FunnelSegment = FunnelStage & {
  count: number;
  amount: string;
  weighted: string;
  reached: number;
  /** Share of the deals that reached this stage and also reached the next (0–1); null for the last or with none. */
  conversion: number | null;
  avgDays: number | null;
};

/** Rounds cents × probability / 100 half up, exactly. */
export function weightCents(cents: bigint, probability: number): bigint {
  const p = BigInt(Math.max(0, Math.min(100, Math.round(probability))));
  return (cents * p + 50n) / 100n;
}

/** reached[k] = deals whose furthest stage is k or later (a deal passes every stage before its furthest). */
export function reachedCounts(sorts: number[], furthest: FunnelInput["furthest"]): number[] {
  const by = new Map<number, number>();
  for (const f of furthest) by.set(f.sort, (by.get(f.sort) ?? 0) + f.count);
  const out = new Array<number>(sorts.length).fill(0);
  let run = 0;
  for (let i = sorts.length - 1; i >= 0; i--) {
    run += by.get(sorts[i]) ?? 0;
    out[i] = run;
  }
  return out;
}

export function conversion(from: number, to: number): number | null {
  return from > 0 ? Math.min(1, to / from) : null;
}

export function buildFunnel(input: FunnelInput): FunnelSegment[] {
  const stages = [...input.stages].sort((a, b) => a.sort - b.sort);
  const reached = reachedCounts(
    stages.map((s) => s.sort),
    input.furthest,
  );
  const cur = new Map(input.current.map((c) => [c.stageId, c]));
  const dwell = new Map(input.dwell.map((d) => [d.stageId, d]));
  return stages.map((s, i) => {
    const c = cur.get(s.id);
    const cents = toCents(c?.amount ?? null);
    const d = dwell.get(s.id);
    return {
      ...s,
      count: c?.count ?? 0,
      amount: centsToString(cents),
      weighted: centsToString(weightCents(cents, s.probability)),
      reached: reached[i],
      conversion: i < stages.length - 1 ? conversion(reached[i], reached[i + 1]) : null,
      avgDays: d && d.stays > 0 ? Math.round((d.seconds / d.stays / 86400) * 10) / 10 : null,
    };
  });
}

/** Totals over the funnel: open deals, pipeline amount, weighted forecast. */
export function funnelTotals(segments: FunnelSegment[]) {
  let amount = 0n;
  let weighted = 0n;
  let count = 0;
  for (const s of segments) {
    amount += toCents(s.amount);
    weighted += toCents(s.weighted);
    count += s.count;
  }
  return { count, amount: centsToString(amount), weighted: centsToString(weighted), overallConversion: segments.length ? conversion(segments[0].reached, segments[segments.length - 1].reached) : null };
}
