import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { OpenedDb } from "@/db/client";
import {
  countCustomers,
  createCustomer,
  deleteCustomer,
  exportCustomers,
  getCustomerById,
  listCustomers,
  restoreCustomer,
  searchCustomers,
  updateCustomer,
} from "@/db/queries/customers";
import { closeDeal, createDeal, getProcesses, moveDeal, type ProcessWithStages } from "@/db/queries/deals";
import { addCircleMember, getCircles, getIntroducerChain, getNetwork, removeCircleMember } from "@/db/queries/network";
import { getPareto } from "@/db/queries/pareto";
import { getSourceAnalysis } from "@/db/queries/sources";
import { getValueGradeStats } from "@/db/queries/value-grades";
import { today } from "@/lib/dates";
import { getPipelineDeals, getPipelineTotals } from "@/db/queries/pipeline";
import { communications, customers, roles, users } from "@/db/schema";
import { customerInputSchema } from "@/lib/validation/customer";
import { closeDealSchema, dealInputSchema } from "@/lib/validation/deal";
import type { Viewer } from "@/lib/viewer";
import { getViewer } from "@/db/queries/users";
import { getCustomersForVCard } from "@/db/queries/exports";
import { applyImportBatch, checkImport, createImport, getImport, getImportIssues, startImport } from "@/db/queries/imports";
import { readImportFile } from "@/lib/import/read";
import { countAudience, createCampaign, decideApproval, holdForApproval, previewFor, recordOptOut, removeOptOut } from "@/db/queries/marketing";
import { readInboxPage } from "@/db/queries/reminder-inbox";
import { freshDb, viewerFor } from "./helpers";
import { assignOne } from "@/db/queries/assignments";
import { getOwnerHistory } from "@/db/queries/pool";
import { commentOnItem, getTeamFeed } from "@/db/queries/team";
import { customerOwnerHistory } from "@/db/schema";
import { teamFeedQuerySchema } from "@/lib/validation/team";
import { can } from "@/lib/viewer";
import { uuidv7 } from "uuidv7";
import { applyMutations, listSyncConflicts, pullChanges } from "@/db/queries/sync";

/**
 * The scope matrix of issue #2: demo roles × customers × operations. `Y` = allowed (the record is
 * there for them), `-` = denied (it does not exist for them: absent from lists, null detail, NOT_FOUND
 * on writes). Anonymous visitors never reach the data layer (proxy.ts → /login; e2e covers that).
 */
const ROLES = {
  rep1: "sz1.rep1@demo.cn", // 业务员, 深圳业务一部
  rep2: "sz1.rep2@demo.cn", // 业务员, 深圳业务一部 (same unit as rep1)
  shRep: "sh.rep1@demo.cn", // 业务员, 华东分公司 / 上海业务部 (another branch)
  manager: "sz1.manager@demo.cn", // 部门经理 of 深圳业务一部
  otherManager: "sz2.manager@demo.cn", // 部门经理 of 深圳业务二部
  gm: "gm@demo.cn",
  admin: "admin@demo.cn",
  agent: "dg.agent1@demo.cn",
} as const;
type Role = keyof typeof ROLES;

/** Customers under test and who owns them. */
const OWNERS = {
  own: "sz1.rep1@demo.cn", // rep1's own
  sameUnit: "sz1.rep2@demo.cn", // a colleague in rep1's unit
  otherUnit: "sz2.rep1@demo.cn", // 深圳业务二部, same branch
  otherBranch: "sh.rep1@demo.cn", // 上海业务部
} as const;
type Target = keyof typeof OWNERS;

//                    own  sameUnit otherUnit otherBranch
const VISIBLE: Record<Role, string> = {
  rep1: /*         */ "Y    -        -         -",
  rep2: /*         */ "-    Y        -         -",
  shRep: /*        */ "-    -        -         Y",
  manager: /*      */ "Y    Y        -         -",
  otherManager: /* */ "-    -        Y         -",
  gm: /*           */ "Y    Y        Y         Y",
  admin: /*        */ "-    -        -         -",
  agent: /*        */ "-    -        -         -",
};
const TARGETS: Target[] = ["own", "sameUnit", "otherUnit", "otherBranch"];
const expected = (role: Role, target: Target) => VISIBLE[role].split(/\s+/)[TARGETS.indexOf(target)] === "Y";

let o: OpenedDb;
const viewers = {} as Record<Role, Viewer>;
const ids = {} as Record<Target, string>;
const names = {} as Record<Target, string>;
const conflicts = {} as Partial<Record<Target, ReturnType<typeof applyMutations>>>;

beforeAll(async () => {
  o = await freshDb();
  for (const [role, email] of Object.entries(ROLES)) viewers[role as Role] = await viewerFor(o.db, email);
  for (const target of TARGETS) {
    const owner = await viewerFor(o.db, OWNERS[target]);
    // a name no demo customer has, so search finds exactly this one
    names[target] = `矩阵${"甲乙丙丁"[TARGETS.indexOf(target)]}测`;
    const row = await createCustomer(o.db, owner, customerInputSchema.parse({ name: names[target], mobile: `1390000000${TARGETS.indexOf(target)}` }));
    ids[target] = row.id;
  }
});
afterAll(async () => o?.close());

const cases = (Object.keys(ROLES) as Role[]).flatMap((role) => TARGETS.map((target) => [role, target, expected(role, target)] as const));

describe.each(cases)("%s × %s customer (allowed: %s)", (role, target, allowed) => {
  test("list", async () => {
    const page = await listCustomers(o.db, viewers[role], { sort: "updated", dir: "desc" }, 500);
    expect(page.rows.some((r) => r.id === ids[target])).toBe(allowed);
  });

  test("detail", async () => {
    expect(!!(await getCustomerById(o.db, viewers[role], ids[target]))).toBe(allowed);
  });

  test("search", async () => {
    const hits = await searchCustomers(o.db, viewers[role], names[target]);
    expect(hits.map((h) => h.id)).toEqual(allowed ? [ids[target]] : []);
  });

  test("network map, introducer chain and circles (issue #12)", async () => {
    const map = await getNetwork(o.db, viewers[role], {});
    expect(map.id.includes(ids[target])).toBe(allowed);
    expect(JSON.stringify(map).includes(JSON.stringify(names[target]))).toBe(allowed);
    expect(!!(await getIntroducerChain(o.db, viewers[role], ids[target]))).toBe(allowed);
    const [circle] = await getCircles(o.db, viewers[role]);
    if (circle) {
      const run = addCircleMember(o.db, viewers[role], circle.id, ids[target]);
      if (allowed && viewers[role].permissions.includes("customer:edit")) {
        await expect(run).resolves.toMatchObject({ customer: { id: ids[target] } });
        await removeCircleMember(o.db, viewers[role], circle.id, ids[target]);
      } else await expect(run).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/) });
    }
  });

  test("filtered list by owner cannot reach out of scope", async () => {
    const owner = await viewerFor(o.db, OWNERS[target]);
    const page = await listCustomers(o.db, viewers[role], { sort: "updated", dir: "desc", owner: owner.id }, 500);
    expect(page.rows.some((r) => r.id === ids[target])).toBe(allowed);
  });

  test("update", async () => {
    const input = customerInputSchema.parse({ name: names[target], mobile: `1390000000${TARGETS.indexOf(target)}`, title: `by ${role}` });
    const run = updateCustomer(o.db, viewers[role], ids[target], input);
    if (allowed) await expect(run).resolves.toMatchObject({ id: ids[target], title: `by ${role}` });
    else await expect(run).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/) });
  });

  // 团队管理 (issue #14): the feed, comments, assignment and owner history follow the same scope
  test("team feed and comment", async () => {
    const v = viewers[role];
    const reviews = can(v, "plan:review");
    const feed = await getTeamFeed(o.db, v, teamFeedQuerySchema.parse({ kind: "customer" }), 500);
    expect(feed.items.some((i) => i.id === ids[target])).toBe(allowed && reviews);
    const run = commentOnItem(o.db, v, "customer", ids[target], `matrix ${role}`);
    if (allowed && reviews) await expect(run).resolves.toBeTruthy();
    else await expect(run).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("assign (to its own owner) and owner history", async () => {
    const v = viewers[role];
    const owner = await viewerFor(o.db, OWNERS[target]);
    const run = assignOne(o.db, v, ids[target], owner.id, null);
    if (allowed && can(v, "customer:assign")) await expect(run).resolves.toMatchObject({ movedIds: [] });
    else await expect(run).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/) });
    await o.db.insert(customerOwnerHistory).values({ customerId: ids[target], toOwnerId: owner.id, reason: "edit", note: `matrix ${role}` });
    expect((await getOwnerHistory(o.db, v, ids[target])).some((h) => h.note === `matrix ${role}`)).toBe(allowed);
  });

  // offline sync (issue #11): the phone's working set is the viewer's own customers within scope; a queued
  // write on a customer out of scope is refused for that item, and nothing is written
  test("sync: pull and push", async () => {
    const v = viewers[role];
    const owns = allowed && OWNERS[target] === ROLES[role];
    const pulled = await pullChanges(o.db, v, "customers", { since: null, after: null });
    expect(pulled.rows.some((r) => r.id === ids[target])).toBe(owns);
    const [row] = await o.db.select({ version: customers.version }).from(customers).where(eq(customers.id, ids[target]));
    const [comm, card] = await applyMutations(
      o.db,
      v,
      [
        { id: uuidv7(), kind: "communication.create", entityId: uuidv7(), data: { customerId: ids[target], method: "phone", topic: `sync ${role}`, contactedAt: "2026-12-01T10:00" } },
        { id: uuidv7(), kind: "customer.update", entityId: ids[target], baseVersion: row.version, data: { title: `sync ${role}` } },
      ],
      null,
    );
    expect(comm.status).toBe(allowed && can(v, "communication:create") ? "applied" : "rejected");
    expect(card.status).toBe(allowed && can(v, "customer:edit") ? "applied" : "rejected");
    if (comm.status === "rejected") expect(comm).toMatchObject({ code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/) });
  });

  // 团队管理 · 同步冲突 (issue #11): a stale offline card edit by the owner, listed for managers of its scope only
  test("sync conflicts list", async () => {
    const v = viewers[role];
    conflicts[target] ??= viewerFor(o.db, OWNERS[target]).then((owner) =>
      applyMutations(o.db, owner, [{ id: uuidv7(), kind: "customer.update", entityId: ids[target], baseVersion: 2 ** 31 - 1, data: { title: "stale" } }], null),
    );
    expect((await conflicts[target])[0].status).toBe("conflict");
    const run = listSyncConflicts(o.db, v);
    if (can(v, "plan:review")) expect((await run).some((r) => r.customerId === ids[target])).toBe(allowed);
    else await expect(run).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("delete (then restore)", async () => {
    const run = deleteCustomer(o.db, viewers[role], ids[target]);
    if (allowed) {
      await expect(run).resolves.toMatchObject({ id: ids[target] });
      await expect(restoreCustomer(o.db, viewers[role], ids[target])).resolves.toMatchObject({ id: ids[target] });
    } else await expect(run).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/) });
  });

  test("export", async () => {
    const seen: string[] = [];
    try {
      for await (const r of exportCustomers(o.db, viewers[role], { sort: "updated", dir: "desc" })) seen.push(r.id);
    } catch (e) {
      // roles without customer:export get not-found for the whole export
      expect(e).toMatchObject({ code: "NOT_FOUND" });
    }
    expect(seen.includes(ids[target])).toBe(allowed);
  });
});

/**
 * Company reassignment (issue #10): a company's contact moves with it only when the contact is in the
 * actor's scope — the same VISIBLE row, read for the contact's owner; otherwise the whole change is refused
 * with the count and nothing moves. Only roles with customer:assign; each moves a company of its own scope.
 */
const ASSIGNERS = {
  manager: { companyOwner: "sz1.rep1@demo.cn", newOwner: "sz1.rep2@demo.cn" },
  otherManager: { companyOwner: "sz2.rep1@demo.cn", newOwner: "sz2.manager@demo.cn" },
  gm: { companyOwner: "sz1.rep1@demo.cn", newOwner: "sh.rep1@demo.cn" },
} as const;
const reassignCases = (Object.keys(ASSIGNERS) as (keyof typeof ASSIGNERS)[]).flatMap((role) =>
  TARGETS.map((target) => [role, target, expected(role, target)] as const),
);

describe.each(reassignCases)("%s reassigns a company with a contact of %s (moves: %s)", (role, target, allowed) => {
  test("update with a new owner", async () => {
    const actor = viewers[role];
    const [companyOwner, newOwner, contactOwner] = await Promise.all(
      [ASSIGNERS[role].companyOwner, ASSIGNERS[role].newOwner, OWNERS[target]].map((e) => viewerFor(o.db, e)),
    );
    const name = `矩阵转移${role}${target}`;
    const company = await createCustomer(o.db, companyOwner, customerInputSchema.parse({ kind: "company", name }));
    const contact = await createCustomer(o.db, contactOwner, customerInputSchema.parse({ name: `${name}联系人` }));
    await o.db.update(customers).set({ companyId: company.id }).where(eq(customers.id, contact.id));
    await o.db.insert(communications).values({ customerId: contact.id, method: "phone", topic: "矩阵", contactedAt: new Date(), ownerId: contactOwner.id, orgUnitId: contactOwner.orgUnitId, authorId: contactOwner.id });
    const run = updateCustomer(o.db, actor, company.id, customerInputSchema.parse({ kind: "company", name, ownerId: newOwner.id, version: String(company.version) }));
    if (allowed) await expect(run).resolves.toMatchObject({ ownerId: newOwner.id });
    else await expect(run).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("该单位有 1 位联系人不在您的数据权限内") });
    const expectedOwner = allowed ? newOwner.id : contactOwner.id;
    const [c] = await o.db.select({ ownerId: customers.ownerId }).from(customers).where(eq(customers.id, contact.id));
    const [m] = await o.db.select({ ownerId: communications.ownerId }).from(communications).where(eq(communications.customerId, contact.id));
    expect([c.ownerId, m.ownerId]).toEqual([expectedOwner, expectedOwner]);
    const [co] = await o.db.select({ ownerId: customers.ownerId }).from(customers).where(eq(customers.id, company.id));
    expect(co.ownerId).toBe(allowed ? newOwner.id : companyOwner.id);
  });
});

describe("scope of whole result sets", () => {
  test("every row a rep lists is their own; every row a manager lists is in their subtree", async () => {
    for (const role of ["rep1", "rep2", "shRep", "agent"] as Role[]) {
      const page = await listCustomers(o.db, viewers[role], { sort: "updated", dir: "desc" }, 1000);
      expect(page.rows.every((r) => r.ownerId === viewers[role].id)).toBe(true);
    }
    const m = viewers.manager;
    const page = await listCustomers(o.db, m, { sort: "updated", dir: "desc" }, 1000);
    expect(page.rows.length).toBeGreaterThan(0);
    for (const r of page.rows) expect(m.unitIds).toContain(r.orgUnitId);
  });

  test("admin sees no sales data at all", async () => {
    const page = await listCustomers(o.db, viewers.admin, { sort: "updated", dir: "desc" });
    expect(page.rows).toEqual([]);
  });
});

describe("the trash (?deleted=1) needs customer:delete", () => {
  // Regression: only the link to the trash was hidden; listing, counting or exporting with deleted=1 (and
  // opening a deleted customer) worked for any role that could view customers.
  const TRASH = { sort: "updated", dir: "desc", deleted: "1" } as const;
  let clerk: Viewer;
  beforeAll(async () => {
    // an editable role the admin might set up: sees and edits its unit's customers but may not delete
    const rep = viewers.rep1;
    const [role] = await o.db
      .insert(roles)
      .values({ code: "clerk", name: "销售内勤", dataScope: "unit", permissions: ["customer:view", "customer:edit", "customer:export"] })
      .returning();
    const [u] = await o.db.insert(users).values({ email: "clerk@demo.cn", name: "内勤", passwordHash: "x", roleId: role.id, orgUnitId: rep.orgUnitId }).returning();
    clerk = (await getViewer(o.db, u.id))!;
    await deleteCustomer(o.db, viewers.gm, ids.own);
  });
  afterAll(async () => {
    await restoreCustomer(o.db, viewers.gm, ids.own);
  });

  // rep1's deleted customer, per role: what the trash shows (Y), shows empty (-), or refuses (404)
  const ROWS: [Role | "clerk", "Y" | "-" | "404"][] = [
    ["rep1", "Y"],
    ["rep2", "-"],
    ["manager", "Y"],
    ["otherManager", "-"],
    ["gm", "Y"],
    ["agent", "-"],
    ["admin", "404"],
    ["clerk", "404"],
  ];
  test.each(ROWS)("%s: %s", async (role, outcome) => {
    const v = role === "clerk" ? clerk : viewers[role];
    if (outcome === "404") {
      await expect(listCustomers(o.db, v, TRASH)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(countCustomers(o.db, v, TRASH)).rejects.toMatchObject({ code: "NOT_FOUND" });
      const seen: string[] = [];
      const run = (async () => {
        for await (const r of exportCustomers(o.db, v, TRASH)) seen.push(r.id);
      })();
      await expect(run).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(seen).toEqual([]);
      expect(await getCustomerById(o.db, v, ids.own, { includeDeleted: true })).toBeNull();
      return;
    }
    const page = await listCustomers(o.db, v, TRASH, 500);
    expect(page.rows.some((r) => r.id === ids.own)).toBe(outcome === "Y");
    expect(page.rows.every((r) => r.deletedAt)).toBe(true);
    expect(!!(await getCustomerById(o.db, v, ids.own, { includeDeleted: true }))).toBe(outcome === "Y");
  });

  test("the clerk still sees the live list of the unit", async () => {
    const page = await listCustomers(o.db, clerk, { sort: "updated", dir: "desc" }, 500);
    expect(page.rows.some((r) => r.id === ids.sameUnit)).toBe(true);
  });
});

/**
 * The kanban (/pipeline, GET /api/pipeline/deals, moveOnBoardAction): a deal of each target's customer, per
 * role — on its column's pages, counted under a filter on its owner, movable — by the same VISIBLE row. The
 * admin has no deal:view: refused outright.
 */
describe("the kanban", () => {
  let def: ProcessWithStages;
  const deals = {} as Record<Target, string>;
  beforeAll(async () => {
    def = (await getProcesses(o.db)).find((p) => p.isDefault)!;
    for (const target of TARGETS) {
      const owner = await viewerFor(o.db, OWNERS[target]);
      const d = await createDeal(o.db, owner, dealInputSchema.parse({ customerId: ids[target], title: `矩阵看板${target}`, processId: def.id, stageId: def.stages[2].id, expectedAmount: "100" }));
      deals[target] = d.id;
    }
  });

  describe.each(cases)("%s × %s deal (allowed: %s)", (role, target, allowed) => {
    const denied = role === "admin";
    test("column pages", async () => {
      const run = async () => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await getPipelineDeals(o.db, viewers[role], { processId: def.id, stageId: def.stages[2].id, cursor }, 5);
          seen.push(...page.rows.map((r) => r.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return seen;
      };
      if (denied) await expect(run()).rejects.toMatchObject({ code: "FORBIDDEN" });
      else expect((await run()).includes(deals[target])).toBe(allowed);
    });

    test("column totals filtered by the deal's owner", async () => {
      const owner = await viewerFor(o.db, OWNERS[target]);
      const run = getPipelineTotals(o.db, viewers[role], { processId: def.id, owner: owner.id });
      if (denied) return void (await expect(run).rejects.toMatchObject({ code: "FORBIDDEN" }));
      const totals = await run;
      expect((totals.get(def.stages[2].id)?.count ?? 0) > 0).toBe(allowed);
      if (!allowed) expect(totals.size).toBe(0);
    });

    test("move (to the stage it is in: nothing changes)", async () => {
      const run = moveDeal(o.db, viewers[role], deals[target], def.stages[2].id);
      if (allowed) await expect(run).resolves.toMatchObject({ moved: false });
      else await expect(run).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/) });
    });
  });
});

describe("精确营销 figures (value grades, Pareto, sources)", () => {
  beforeAll(async () => {
    const def = (await getProcesses(o.db)).find((p) => p.isDefault)!;
    for (const target of TARGETS) {
      const owner = await viewerFor(o.db, OWNERS[target]);
      const d = await createDeal(o.db, owner, dealInputSchema.parse({ customerId: ids[target], title: `矩阵大单${target}`, processId: def.id, expectedAmount: "9999999" }));
      await closeDeal(o.db, owner, closeDealSchema.parse({ dealId: d.id, outcome: "won", amount: "9999999", closedOn: today(), successReasons: "a", lessonsLearned: "b" }));
    }
  });

  describe.each(cases)("%s × %s customer's revenue (allowed: %s)", (role, target, allowed) => {
    const denied = role === "admin";
    test("Pareto: the customer is in the 80% list, filtered by its owner or not", async () => {
      const owner = await viewerFor(o.db, OWNERS[target]);
      if (denied) return void (await expect(getPareto(o.db, viewers[role], {})).rejects.toMatchObject({ code: "FORBIDDEN" }));
      const [all, byOwner] = await Promise.all([getPareto(o.db, viewers[role], {}, 1000), getPareto(o.db, viewers[role], { owner: owner.id }, 1000)]);
      expect(all.list.some((c) => c.id === ids[target])).toBe(allowed);
      expect(byOwner.list.some((c) => c.id === ids[target])).toBe(allowed);
      if (!allowed) expect(byOwner.customers).toBe(0);
    });

    test("grade statistics and source analysis filtered by its owner count nothing out of scope", async () => {
      const owner = await viewerFor(o.db, OWNERS[target]);
      if (denied) {
        await expect(getValueGradeStats(o.db, viewers[role], {})).rejects.toMatchObject({ code: "FORBIDDEN" });
        return void (await expect(getSourceAnalysis(o.db, viewers[role], {})).rejects.toMatchObject({ code: "FORBIDDEN" }));
      }
      const [grades, sources] = await Promise.all([getValueGradeStats(o.db, viewers[role], { owner: owner.id }), getSourceAnalysis(o.db, viewers[role], { owner: owner.id })]);
      expect(grades.totalCustomers > 0).toBe(allowed);
      expect(sources.totalCustomers > 0).toBe(allowed);
      expect(Number(grades.totalRevenue) >= 9999999).toBe(allowed);
      expect(Number(sources.totalRevenue) >= 9999999).toBe(allowed);
    });
  });
});

/**
 * The customer import (issue #16): its dry run names a duplicate in the importer's scope and says only
 * "owned by another rep" outside it; "update mine" writes only customers in scope; the .vcf export
 * writes only customers in scope. Roles that may not create customers cannot import at all.
 */
describe.each(cases)("%s imports a duplicate of %s's customer (in scope: %s)", (role, target, allowed) => {
  const file = () => new TextEncoder().encode(`姓名,手机,职务\r\n${names[target]},1390000000${TARGETS.indexOf(target)},导入矩阵职务-${role}\r\n`);

  test("dry run and update mine", async () => {
    const viewer = viewers[role];
    const parsed = await readImportFile("matrix.csv", file());
    if (!viewer.permissions.includes("customer:create")) return void (await expect(createImport(o.db, viewer, "matrix.csv", parsed)).rejects.toMatchObject({ code: "FORBIDDEN" }));
    const job = await createImport(o.db, viewer, "matrix.csv", parsed);
    const mapping = (await getImport(o.db, viewer, job.id))!.mapping;
    await checkImport(o.db, viewer, job.id, { mapping, policy: "update", ownerId: null, dictChoices: {} });
    const [row] = await getImportIssues(o.db, viewer, job.id);
    const dup = row.dup!.find((d) => "mine" in d)!;
    if (allowed) expect(dup).toMatchObject({ id: ids[target], name: names[target], mine: true });
    else expect(dup).toMatchObject({ id: null, name: null, mine: false });
    await startImport(o.db, viewer, job.id);
    while (!(await applyImportBatch(o.db, job.id)).done);
    const [c] = await o.db.select({ title: customers.title }).from(customers).where(eq(customers.id, ids[target]));
    expect(c.title === `导入矩阵职务-${role}`).toBe(allowed);
    // another user's import does not exist for them
    expect(await getImport(o.db, viewers[role === "gm" ? "rep1" : "gm"], job.id)).toBeNull();
  });

  test(".vcf export", async () => {
    const run = getCustomersForVCard(o.db, viewers[role], [ids[target]]);
    if (!viewers[role].permissions.includes("customer:export")) return void (await expect(run).rejects.toMatchObject({ code: "NOT_FOUND" }));
    expect((await run).map((r) => r.id)).toEqual(allowed ? [ids[target]] : []);
  });
});

describe("服务营销 (audience, preview, opt-out)", () => {
  describe.each(cases)("%s × %s customer (allowed: %s)", (role, target, allowed) => {
    // agents and the admin have no marketing:send
    const denied = role === "admin" || role === "agent";
    test("the audience picked by hand and by the list's filters, and the preview", async () => {
      const v = viewers[role];
      if (denied) {
        await expect(countAudience(o.db, v, "sms", { kind: "ids", ids: [ids[target]] })).rejects.toMatchObject({ code: "FORBIDDEN" });
        return void (await expect(previewFor(o.db, v, "{姓名}", null, [ids[target]])).rejects.toMatchObject({ code: "FORBIDDEN" }));
      }
      expect((await countAudience(o.db, v, "sms", { kind: "ids", ids: [ids[target]] })).recipients).toBe(allowed ? 1 : 0);
      const byName = await countAudience(o.db, v, "sms", { kind: "filter", filters: { q: names[target], sort: "updated", dir: "desc" } });
      expect(byName.matched).toBe(allowed ? 1 : 0);
      expect((await previewFor(o.db, v, "{姓名}", null, [ids[target]])).map((p) => p.text)).toEqual(allowed ? [names[target]] : []);
    });

    test("recording a 回T退订 by hand", async () => {
      const p = recordOptOut(o.db, ids[target], "sms", "manual", viewers[role]);
      if (role === "admin") return void (await expect(p).rejects.toMatchObject({ code: "FORBIDDEN" }));
      if (allowed) {
        await p;
        await removeOptOut(o.db, viewers[role], ids[target], "sms");
      } else await expect(p).rejects.toMatchObject({ code: "NOT_FOUND" });
    });
  });
});

describe("服务营销: a greeting held for approval (reminder inbox 待确认的问候, send / skip)", () => {
  // one held greeting per owner; only its sender sees it in their inbox and decides it
  const held = {} as Record<Target, string>;
  const owners = {} as Record<Target, Viewer>;
  beforeAll(async () => {
    for (const target of TARGETS) {
      owners[target] = await viewerFor(o.db, OWNERS[target]);
      const c = await createCampaign(o.db, owners[target], { channel: "sms", templateId: null, name: `问候矩阵${TARGETS.indexOf(target)}`, subject: null, body: "{姓名}，生日快乐", audience: { kind: "ids", ids: [ids[target]] } }, "file");
      await holdForApproval(o.db, c.id);
      held[target] = c.id;
    }
  });
  describe.each((Object.keys(ROLES) as Role[]).flatMap((role) => TARGETS.map((target) => [role, target] as const)))("%s × %s's held greeting", (role, target) => {
    test("in the inbox and decided only by its sender", async () => {
      const v = viewers[role];
      const sender = v.id === owners[target].id;
      const inbox = await readInboxPage(o.db, v, today(), { kind: "greeting_approval", limit: 50 });
      expect(inbox.reminders.some((r) => r.refId === held[target])).toBe(sender);
      const p = decideApproval(o.db, v, held[target], true);
      if (role === "admin" || role === "agent") return void (await expect(p).rejects.toMatchObject({ code: "FORBIDDEN" }));
      if (!sender) return void (await expect(p).rejects.toMatchObject({ code: "NOT_FOUND" }));
      expect((await p).status).toBe("sending");
      await holdForApproval(o.db, held[target]);
    });
  });
});
