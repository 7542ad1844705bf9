import { and, asc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, dealFunnelRollup, deals, users } from "@/db/schema";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { forbidden } from "@/lib/errors";
import { can, type Viewer } from "@/lib/viewer";
import type { ProcessWithStages } from "./deals";
import { scopeWhere } from "./scope";

/** Deals a kanban column shows at first and adds per "加载更多". */
export const PIPELINE_PAGE_SIZE = 50;

/** What the board is filtered by: one process, optionally one rep (owner) and one product. */
export type PipelineFilters = { processId: string; owner?: string; product?: string };

/** A column's totals: open deals in the stage and their expected amount (exact decimal string). */
export type ColumnTotals = { count: number; amount: string };

/**
 * A column's order: soonest expected date first (what closes next, overdue on top), deals without one last
 * ('infinity' sorts after every date, so the key is never null and fits a cursor), then the id. The three
 * deals_open_*_stage_idx indexes of migration 0013 are on exactly this expression.
 */
const columnOrder = sql`coalesce(${deals.expectedDate}, 'infinity'::date)`;

/**
 * Every column's count and amount over the whole scope and filters, per stage of the process.
 *
 * Read from deal_funnel_rollup (migration 0006), not from the deals: its open_count / open_amount are the open,
 * live deals now in each stage and their coalesce(expected_amount, 0), kept exact by the statement triggers on
 * every write, and its dimensions cover the board's filters — process, stage, org unit and owner (the scope),
 * product (its created month is summed over). So the sums are exact for any scope and filter, and their cost
 * follows the keys holding open deals ((unit or owner) × product × month created × stage), not the deals: on the
 * generated set (200k deals, 110k open) the GM's board sums ~25k keys in ~10 ms, a branch manager's ~6.5k in
 * ~4 ms, a rep's ~900 in 0.5 ms (PostgreSQL 15, deal_funnel_rollup_open_idx of migration 0013, index-only),
 * where counting the GM's open deals reads 110k rows. deal_stats_rollup (0008) would not do: it has no stage.
 * Per-unit rows (grain 1) answer managers and the GM; per-owner rows (grain 0) a rep's board or an owner
 * filter. tests/db/pipeline.test.ts proves the sums equal a plain count over the scope for every role and
 * filter, after moves, closes, edits and deletes.
 */
export async function getPipelineTotals(db: Db, viewer: Viewer, f: PipelineFilters): Promise<Map<string, ColumnTotals>> {
  if (!can(viewer, "deal:view")) throw forbidden();
  const r = dealFunnelRollup;
  const grain = f.owner || viewer.dataScope === "self" ? 0 : 1;
  const rows = await db
    .select({
      stageId: r.stageId,
      count: sql<number>`sum(${r.openCount})::int`.mapWith(Number),
      amount: sql<string>`sum(${r.openAmount})::text`,
    })
    .from(r)
    .where(
      and(
        eq(r.grain, grain),
        eq(r.processId, f.processId),
        // true of every per-unit row; said, so deal_funnel_rollup_open_idx reaches a manager's units by index
        grain === 1 ? isNull(r.ownerId) : undefined,
        scopeWhere(viewer, r),
        f.owner ? eq(r.ownerId, f.owner) : undefined,
        f.product ? eq(r.productId, f.product) : undefined,
        // keys whose deals all moved on stay as zero rows until the next rebuild
        sql`${r.openCount} <> 0`,
      ),
    )
    .groupBy(r.stageId);
  return new Map(rows.map((x) => [x.stageId, { count: Number(x.count), amount: x.amount ?? "0.00" }]));
}

/**
 * One page of a column: open deals of the stage in the viewer's scope under the board's filters, soonest
 * expected date first, keyset-paged on (coalesce(expected_date, infinity), id). A cursor that this list could
 * not have made is the first page (lib/cursor.ts); `limit` is the page size (tests use small pages).
 *
 * Served by the partial indexes on open deals (migration 0013): deals_open_owner_stage_idx for a rep or an owner
 * filter, deals_open_unit_stage_idx for a one-unit scope, deals_open_stage_idx for the GM and for managers of a
 * subtree (walked in order, the scope filtered on the way: a branch manager's page of 50 read ~150 entries).
 * A page reads about `limit` rows however large the scope: 1–2 ms on the generated set, for every role.
 */
export async function getPipelineDeals(db: Db, viewer: Viewer, q: PipelineFilters & { stageId: string; cursor?: string }, limit = PIPELINE_PAGE_SIZE) {
  if (!can(viewer, "deal:view")) throw forbidden();
  const where: SQL[] = [scopeWhere(viewer, deals), eq(deals.stageId, q.stageId), eq(deals.processId, q.processId), eq(deals.status, "open"), isNull(deals.deletedAt)];
  if (q.owner) where.push(eq(deals.ownerId, q.owner));
  if (q.product) where.push(eq(deals.productId, q.product));
  const cursor = decodeCursor(q.cursor, "date");
  if (cursor) where.push(sql`(${columnOrder}, ${deals.id}) > (${cursor[0]}::date, ${cursor[1]}::uuid)`);
  const rows = await db
    .select({
      id: deals.id,
      title: deals.title,
      stageId: deals.stageId,
      customerId: deals.customerId,
      customerName: customers.name,
      ownerName: users.name,
      expectedAmount: deals.expectedAmount,
      expectedDate: deals.expectedDate,
      sortKey: sql<string>`${columnOrder}::text`,
    })
    .from(deals)
    .innerJoin(customers, eq(customers.id, deals.customerId))
    .leftJoin(users, eq(users.id, deals.ownerId))
    .where(and(...where))
    .orderBy(asc(columnOrder), asc(deals.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page.map(({ sortKey: _s, ...r }) => r), nextCursor: more && last ? encodeCursor([last.sortKey, last.id]) : null };
}

/** The whole board as the page first shows it: per stage of the process its totals and first page. */
export async function getPipelineBoard(db: Db, viewer: Viewer, process: ProcessWithStages, f: Omit<PipelineFilters, "processId">, limit = PIPELINE_PAGE_SIZE) {
  const filters = { ...f, processId: process.id };
  const [totals, pages] = await Promise.all([
    getPipelineTotals(db, viewer, filters),
    Promise.all(process.stages.map((s) => getPipelineDeals(db, viewer, { ...filters, stageId: s.id }, limit))),
  ]);
  return process.stages.map((s, i) => ({ ...s, ...(totals.get(s.id) ?? { count: 0, amount: "0.00" }), first: pages[i] }));
}
