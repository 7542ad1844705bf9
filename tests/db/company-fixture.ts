import type { Db } from "@/db/client";
import { createCustomer } from "@/db/queries/customers";
import { closeDeal, createDeal, moveDeal, type ProcessWithStages } from "@/db/queries/deals";
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
