import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { changeCustomerStage, getStageCounts } from "@/db/queries/analytics";
import { countCustomersByStage, createCustomer, updateCustomer } from "@/db/queries/customers";
import { customers } from "@/db/schema";
import { customerInputSchema } from "@/lib/validation/customer";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, manager: Viewer, gm: Viewer, sz2rep: Viewer;
beforeAll(async () => {
  o = await freshDb();
  [rep1, manager, gm, sz2rep] = await Promise.all(["sz1.rep1@demo.cn", "sz1.manager@demo.cn", "gm@demo.cn", "sz2.rep1@demo.cn"].map((e) => viewerFor(o.db, e)));
});
afterAll(async () => o?.close());

/** The rollup must equal counting the live customers, row for row. */
async function expectCountsLive() {
  const q = (s: ReturnType<typeof sql>) => queryRows<{ u: string | null; o: string | null; s: string; n: number }>(o.db, s);
  const rollup = await q(sql`select org_unit_id u, owner_id o, stage::text s, n from customer_stage_counts order by 1, 2, 3`);
  const live = await q(sql`select org_unit_id u, owner_id o, stage::text s, count(*)::int n from customers where deleted_at is null group by 1, 2, 3 order by 1, 2, 3`);
  expect(rollup).toEqual(live);
}

test("stage counts are the live counts through create, stage change, reassignment, soft delete, restore and delete", async () => {
  await expectCountsLive();
  const c = await createCustomer(o.db, rep1, customerInputSchema.parse({ name: "计数五级" }));
  await expectCountsLive();
  await changeCustomerStage(o.db, rep1, c.id, "prospect", "电话沟通后意向明确");
  await expectCountsLive();
  await o.db.update(customers).set({ ownerId: sz2rep.id, orgUnitId: sz2rep.orgUnitId }).where(eq(customers.id, c.id));
  await expectCountsLive();
  await o.db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, c.id));
  await expectCountsLive();
  await o.db.update(customers).set({ deletedAt: null }).where(eq(customers.id, c.id));
  await expectCountsLive();
  // a statement touching many rows at once
  await o.db.update(customers).set({ stage: "target" }).where(eq(customers.ownerId, rep1.id));
  await expectCountsLive();
  const [gone] = await o.db.insert(customers).values({ name: "计数删除", ownerId: rep1.id, orgUnitId: rep1.orgUnitId, stage: "loyal" }).returning();
  await expectCountsLive();
  await o.db.delete(customers).where(eq(customers.id, gone.id));
  await expectCountsLive();
});

test("a company reassignment moves the company and every contact between owners' counts, equal to the live counts", async () => {
  const rep2 = await viewerFor(o.db, "sz1.rep2@demo.cn");
  const company = await createCustomer(o.db, manager, customerInputSchema.parse({ kind: "company", name: "计数转移公司", ownerId: rep1.id, stage: "prospect" }));
  for (const [i, v] of [rep1, rep2].entries())
    await createCustomer(o.db, manager, customerInputSchema.parse({ name: `计数转移联系人${i}`, companyId: company.id, ownerId: v.id, stage: "loyal" }));
  const count = async (ownerId: string) =>
    (await queryRows<{ n: number }>(o.db, sql`select coalesce(sum(n), 0)::int n from customer_stage_counts where owner_id = ${ownerId}`))[0].n;
  const before = await count(sz2rep.id);
  await updateCustomer(o.db, gm, company.id, customerInputSchema.parse({ kind: "company", name: "计数转移公司", ownerId: sz2rep.id, stage: "prospect", version: String(company.version) }));
  await expectCountsLive();
  expect(await count(sz2rep.id)).toBe(before + 3);
});

test("the statistic is scoped: a manager's counts are the sum of their unit's, the GM's of all", async () => {
  const sum = (rows: { n: number }[]) => rows.reduce((a, r) => a + r.n, 0);
  const [g, m] = await Promise.all([getStageCounts(o.db, gm, {}), getStageCounts(o.db, manager, {})]);
  const live = async (w: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(o.db, sql`select count(*)::int n from customers where deleted_at is null and ${w}`))[0].n;
  expect(sum(g)).toBe(await live(sql`true`));
  expect(sum(m)).toBe(await live(sql`org_unit_id = any(${sql.param(manager.unitIds)}::uuid[])`));
  expect(m.every((r) => manager.unitIds.includes(r.unitId))).toBe(true);
});

test("the dashboard's counts by stage (read from the rollup) equal counting the scope's live customers, for every role", async () => {
  for (const v of [rep1, manager, gm, sz2rep]) {
    const scope = v.dataScope === "all" ? sql`true` : v.dataScope === "self" ? sql`owner_id = ${v.id}` : sql`org_unit_id = any(${sql.param(v.unitIds)}::uuid[])`;
    const live = await queryRows<{ s: string; n: number }>(o.db, sql`select stage::text s, count(*)::int n from customers where deleted_at is null and ${scope} group by 1`);
    expect(await countCustomersByStage(o.db, v), v.email).toEqual(Object.fromEntries(live.map((r) => [r.s, Number(r.n)])));
  }
});
