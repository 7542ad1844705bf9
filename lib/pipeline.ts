import { centsToString, toCents } from "./money";

/**
 * The kanban board's client-side bookkeeping, kept pure so it can be tested: which cards a column shows
 * while its pages load and deals move, and what its header says while a move is on its way to the server.
 */

/** What the board needs of a deal to place it. */
export type PlacedDeal = { id: string; stageId: string; expectedDate: string | null };

/** A column's order, as db/queries/pipeline.ts sorts it: soonest expected date first, none last, then id. */
export function compareCards(a: PlacedDeal, b: PlacedDeal) {
  // 'infinity' sorts after every yyyy-mm-dd, as 'infinity'::date does in Postgres; uuids compare as their hex
  const ka = a.expectedDate ?? "infinity";
  const kb = b.expectedDate ?? "infinity";
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The cards of one column: the pages loaded for it, less the deals since moved elsewhere or closed, plus the
 * deals moved into it (`moved` holds each moved deal as it is now), each once, in the column's order. A deal
 * moved in that sorts after the last loaded card waits at the end until the pages before it arrive.
 */
export function columnCards<D extends PlacedDeal>(stageId: string, loaded: readonly D[], moved: ReadonlyMap<string, D>, closed: ReadonlySet<string>): D[] {
  const seen = new Set<string>();
  const out: D[] = [];
  let movedIn = false;
  for (const d of loaded) {
    if (seen.has(d.id) || closed.has(d.id)) continue;
    const now = moved.get(d.id) ?? d;
    if (now.stageId !== stageId) continue;
    seen.add(d.id);
    out.push(now);
  }
  for (const d of moved.values()) {
    if (d.stageId !== stageId || seen.has(d.id) || closed.has(d.id)) continue;
    seen.add(d.id);
    out.push(d);
    movedIn = true;
  }
  return movedIn ? out.sort(compareCards) : out;
}

export type ColumnFigures = { count: number; amount: string };
/** A move not yet answered: one deal (and its expected amount) leaves a column and joins another. */
export type PendingMove = { from: string; to: string; amount: string | null };

/** A column's header: the server's last figures plus the moves still on their way (exact cents). */
export function columnFigures(stageId: string, base: ReadonlyMap<string, ColumnFigures>, pending: Iterable<PendingMove>): ColumnFigures {
  const b = base.get(stageId);
  let count = b?.count ?? 0;
  let cents = toCents(b?.amount ?? "0");
  for (const m of pending) {
    if (m.from === m.to) continue;
    if (m.from === stageId) {
      count -= 1;
      cents -= toCents(m.amount);
    } else if (m.to === stageId) {
      count += 1;
      cents += toCents(m.amount);
    }
  }
  return { count, amount: centsToString(cents) };
}
