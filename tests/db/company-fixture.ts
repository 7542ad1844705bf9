import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { createCustomer } from "@/db/queries/customers";
import { closeDeal, createDeal, moveDeal, type ProcessWithStages } from "@/db/queries/deals";
import { deals } from "@/db/schema";
import { customerInputSchema } from "@/lib/validation/customer";
import { closeDealSchema, dealInputSchema } from "@/lib/validation/deal";
import type { Viewer } from "@/lib/viewer";

/**
 * A company of `owner` with one contact per `contactOwners`, placed by `creator` (a manager whose scope
 * holds them all), each with deals at several stages — one open, one moved on, one won — so a company
 * reassignment moves figures of every kind in the deal rollups.
 */
export async function companyWithDeals(db: Db, creator: Viewer, owner: Viewer, contactOwners: Viewer[], process: ProcessWithStages, name: string) {
  const company = await createCustomer(db, creator, customerInputSchema.parse({ kind: "company", name, ownerId: owner.id, stage: "prospect" }));
  const placed: [string, Viewer][] = [[company.id, owner]];
  for (const [i, v] of contactOwners.entries()) {
    const c = await createCustomer(db, creator, customerInputSchema.parse({ name: `${name}联系人${i}`, companyId: company.id, ownerId: v.id, stage: i % 2 ? "target" : "closed" }));
    placed.push([c.id, v]);
  }
  const dealIds: string[] = [];
  for (const [customerId, v] of placed) {
    const mk = (title: string, amount: string, expectedDate?: string) =>
      createDeal(db, v, dealInputSchema.parse({ customerId, title: `${name}${title}`, processId: process.id, expectedAmount: amount, expectedDate }));
    const a = await mk("开", "1200.50", "2027-02-10");
    const b = await mk("进", "800.25");
    const w = await mk("成", "500.00", "2026-12-20");
    await moveDeal(db, v, b.id, process.stages[3].id);
    await closeDeal(db, v, closeDealSchema.parse({ dealId: w.id, outcome: "won", amount: "510.00", closedOn: "2026-11-03", successReasons: "好", lessonsLearned: "记" }));
    dealIds.push(a.id, b.id, w.id);
  }
  return { company, customerIds: placed.map(([id]) => id), dealIds };
}

/**
 * The rollup triggers sort one statement's rows into recomputed (figures changed), re-keyed (only owner / unit
 * changed) and untouched. `check` runs after a statement that mixes all three — a deal to another unit's rep, one
 * to the other rep of its unit, one retitled, one moved to another stage — and again after both moves are undone
 * in one statement.
 */
export async function mixedDealStatements(
  db: Db,
  v: { rep1: Viewer; rep2: Viewer; manager: Viewer; otherUnitRep: Viewer },
  process: ProcessWithStages,
  check: () => Promise<void>,
) {
  const rows = await db
    .select({ id: deals.id, ownerId: deals.ownerId })
    .from(deals)
    .where(and(inArray(deals.ownerId, [v.rep1.id, v.rep2.id]), isNull(deals.deletedAt), eq(deals.processId, process.id)))
    .orderBy(deals.id);
  if (rows.length < 4) throw new Error("mixedDealStatements needs four deals of rep1 and rep2");
  const [toOtherUnit, insideUnit, retitled, restaged] = rows;
  const other = insideUnit.ownerId === v.rep1.id ? v.rep2 : v.rep1;
  await db.execute(sql`
    update deals set
      owner_id = case id when ${toOtherUnit.id}::uuid then ${v.otherUnitRep.id}::uuid when ${insideUnit.id}::uuid then ${other.id}::uuid else owner_id end,
      org_unit_id = case id when ${toOtherUnit.id}::uuid then ${v.otherUnitRep.orgUnitId}::uuid else org_unit_id end,
      title = case id when ${retitled.id}::uuid then title || '（改名）' else title end,
      stage_id = case id when ${restaged.id}::uuid then ${process.stages[5].id}::uuid else stage_id end,
      updated_at = now()
    where id in (${toOtherUnit.id}::uuid, ${insideUnit.id}::uuid, ${retitled.id}::uuid, ${restaged.id}::uuid)`);
  await check();
  await db.execute(sql`
    update deals set owner_id = case id when ${toOtherUnit.id}::uuid then ${toOtherUnit.ownerId}::uuid else ${insideUnit.ownerId}::uuid end,
                     org_unit_id = ${v.manager.orgUnitId}::uuid
     where id in (${toOtherUnit.id}::uuid, ${insideUnit.id}::uuid)`);
  await check();
}
