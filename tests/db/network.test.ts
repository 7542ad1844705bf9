import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { addCircleMember, getCircle, getCircles, getIntroducerBoard, getIntroducerChain, getIntroductions, getNetwork, removeCircleMember } from "@/db/queries/network";
import { customerCircles, customers, deals, dictionaryItems, processStages, processes } from "@/db/schema";
import { EDGE_KIND, NODE_KIND, type NetworkData } from "@/lib/network/format";
import { CUSTOMER_STAGES } from "@/lib/stages";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

/**
 * Issue #12 §2: out of scope never appears on the network map — no node, label, edge, count or tooltip
 * of a customer the viewer may not see. An introducer outside the scope is an anonymous external node.
 */
const ROLES = {
  rep1: "sz1.rep1@demo.cn",
  rep2: "sz1.rep2@demo.cn",
  sz2rep: "sz2.rep1@demo.cn",
  shRep: "sh.rep1@demo.cn",
  sz1m: "sz1.manager@demo.cn",
  hnm: "hn.manager@demo.cn",
  shm: "sh.manager@demo.cn",
  gm: "gm@demo.cn",
  agent: "dg.agent1@demo.cn",
} as const;
type Role = keyof typeof ROLES;

let o: OpenedDb;
const v = {} as Record<Role, Viewer>;
let outsider: string, outsiderCo: string, introduced: string, contact: string, dealCustomer: string;

async function add(owner: Viewer, name: string, extra: Partial<typeof customers.$inferInsert> = {}) {
  const [c] = await o.db.insert(customers).values({ name, ownerId: owner.id, orgUnitId: owner.orgUnitId, ...extra }).returning({ id: customers.id });
  return c.id;
}

beforeAll(async () => {
  o = await freshDb();
  for (const [k, e] of Object.entries(ROLES)) v[k as Role] = await viewerFor(o.db, e);
  // 上海's customer introduces a 深圳一部 customer; 深圳二部's company employs a 深圳一部 contact
  outsider = await add(v.shRep, "界外介绍人甲");
  outsiderCo = await add(v.sz2rep, "界外公司丙", { kind: "company" });
  introduced = await add(v.rep1, "圈内被介绍乙", { introducerId: outsider, stage: "closed" });
  contact = await add(v.rep1, "圈内联系人丁", { companyId: outsiderCo, companyName: "界外公司丙" });
  // a deal of rep1's customer names the outsider as its introducer, and one more names an in-scope introducer
  dealCustomer = await add(v.rep1, "圈内成交戊");
  const [p] = await o.db.select({ id: processes.id }).from(processes).limit(1);
  const [s] = await o.db.select({ id: processStages.id }).from(processStages).where(sql`${processStages.processId} = ${p.id}`).limit(1);
  await o.db.insert(deals).values([
    { customerId: dealCustomer, processId: p.id, stageId: s.id, title: "戊的单", status: "won", amount: "1234", closedOn: "2026-01-05", introducerId: outsider, ownerId: v.rep1.id, orgUnitId: v.rep1.orgUnitId },
    { customerId: dealCustomer, processId: p.id, stageId: s.id, title: "戊的第二单", status: "won", amount: "766", closedOn: "2026-02-05", introducerId: introduced, ownerId: v.rep1.id, orgUnitId: v.rep1.orgUnitId },
    // a won deal of the same customer booked by someone outside rep1's scope does not count for rep1
    { customerId: dealCustomer, processId: p.id, stageId: s.id, title: "别人的单", status: "won", amount: "99999", closedOn: "2026-02-06", ownerId: v.shRep.id, orgUnitId: v.shRep.orgUnitId },
  ]);
});
afterAll(async () => o?.close());

/** The ids of live customers a role may see, by the rule of DOMAIN.md written out (not through scope.ts). */
async function scopeIds(viewer: Viewer) {
  const where =
    viewer.dataScope === "all"
      ? sql`true`
      : viewer.dataScope === "self"
        ? sql`owner_id = ${viewer.id}`
        : viewer.unitIds.length
          ? sql`org_unit_id = any(${sql.param(viewer.unitIds)}::uuid[])`
          : sql`false`;
  return new Set((await queryRows<{ id: string }>(o.db, sql`select id from customers where deleted_at is null and ${where}`)).map((r) => r.id));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const named = (d: NetworkData, name: string) => d.nm.indexOf(name);
function edgesOf(d: NetworkData) {
  const out: [number, number, number][] = [];
  for (let i = 0; i < d.e.length; i += 3) out.push([d.e[i], d.e[i + 1], d.e[i + 2]]);
  return out;
}

describe.each(Object.keys(ROLES) as Role[])("the map of %s", (role) => {
  test("holds only customers in scope; the parallel arrays agree; edges point at nodes", async () => {
    const viewer = v[role];
    const [d, inScope, all] = await Promise.all([
      getNetwork(o.db, viewer, {}),
      scopeIds(viewer),
      queryRows<{ id: string; name: string }>(o.db, sql`select id, name from customers`),
    ]);
    const n = d.id.length;
    for (const a of [d.k, d.nm, d.py, d.st, d.rv, d.gr, d.o, d.cx]) expect(a.length).toBe(n);
    expect(d.e.length % 3).toBe(0);
    for (const [s, t] of edgesOf(d)) expect(s < n && t < n && s !== t).toBe(true);
    const customerNodes = d.id.filter((_, i) => d.k[i] === NODE_KIND.person || d.k[i] === NODE_KIND.company);
    expect(customerNodes.every((id) => inScope.has(id))).toBe(true);
    expect(new Set(customerNodes)).toEqual(inScope);
    expect(d.total).toBe(inScope.size);
    // no id or name of an out-of-scope customer anywhere in what is sent (names shared with an in-scope customer aside)
    const json = JSON.stringify(d);
    const inNames = new Set(all.filter((c) => inScope.has(c.id)).map((c) => c.name));
    for (const c of all.filter((c) => !inScope.has(c.id))) {
      expect(json.includes(c.id), c.name).toBe(false);
      if (!inNames.has(c.name) && !d.nm.some((x, i) => d.k[i] === NODE_KIND.text && x === c.name)) expect(json.includes(JSON.stringify(c.name)), c.name).toBe(false);
    }
    // external introducers carry nothing: no name, no stage, no revenue, no owner, an opaque id
    d.k.forEach((k, i) => {
      if (k !== NODE_KIND.external) return;
      expect([d.nm[i], d.py[i], d.st[i], d.rv[i], d.gr[i], d.o[i]]).toEqual(["", "", -1, 0, "", -1]);
      expect(d.id[i]).toMatch(/^x\d+$/);
    });
    for (const id of d.id) expect(UUID.test(id) || /^(x|t)\d+$/.test(id) || /^c[0-9a-f-]{36}$/.test(id)).toBe(true);
  });
});

test("rep1 sees the introduction by a customer of another branch as an anonymous external introducer", async () => {
  const d = await getNetwork(o.db, v.rep1, {});
  const json = JSON.stringify(d);
  for (const x of ["界外介绍人甲", "界外公司丙", outsider, outsiderCo]) expect(json).not.toContain(x);
  const me = d.id.indexOf(introduced);
  const into = edgesOf(d).filter(([, t, k]) => t === me && k === EDGE_KIND.introduced);
  expect(into).toHaveLength(1);
  expect(d.k[into[0][0]]).toBe(NODE_KIND.external);
  // the contact of an out-of-scope company is not linked to anything it cannot see
  const c = d.id.indexOf(contact);
  expect(edgesOf(d).filter(([s, t]) => s === c || t === c)).toEqual([]);
  // the deal introduced by the outsider draws no edge; the one introduced by 乙 does
  const dc = d.id.indexOf(dealCustomer);
  expect(edgesOf(d).filter(([, t, k]) => t === dc && k === EDGE_KIND.deal)).toEqual([[me, dc, EDGE_KIND.deal]]);
  // revenue counts the won deals in scope only
  expect(d.rv[dc]).toBe(2000);
});

test("the GM sees the same introducer by name, its company link, and all the revenue", async () => {
  const d = await getNetwork(o.db, v.gm, {});
  const from = d.id.indexOf(outsider);
  const to = d.id.indexOf(introduced);
  expect(d.nm[from]).toBe("界外介绍人甲");
  expect(edgesOf(d)).toContainEqual([from, to, EDGE_KIND.introduced]);
  expect(edgesOf(d)).toContainEqual([d.id.indexOf(contact), d.id.indexOf(outsiderCo), EDGE_KIND.company]);
  expect(d.rv[d.id.indexOf(dealCustomer)]).toBe(101999);
});

test("filters: stage, owner, circle and introduced in period narrow the core; context stays in scope", async () => {
  const gm = v.gm;
  const byStage = await getNetwork(o.db, gm, { stage: "closed" });
  byStage.k.forEach((k, i) => {
    if (byStage.cx[i] === 0 && (k === NODE_KIND.person || k === NODE_KIND.company)) expect(CUSTOMER_STAGES[byStage.st[i]]).toBe("closed");
  });
  expect(byStage.id).toContain(introduced);

  const byOwner = await getNetwork(o.db, v.sz1m, { owner: v.rep1.id });
  const rep1Ids = await scopeIds(v.rep1);
  byOwner.id.forEach((id, i) => byOwner.cx[i] === 0 && (byOwner.k[i] <= 1) && expect(rep1Ids.has(id)).toBe(true));
  expect(byOwner.total).toBe(rep1Ids.size);
  // a manager filtering another unit's rep gets nothing (the filter never widens the scope)
  expect((await getNetwork(o.db, v.sz1m, { owner: v.shRep.id })).id).toEqual([]);

  const [circle] = await o.db.select({ id: dictionaryItems.id }).from(dictionaryItems).where(sql`${dictionaryItems.kind} = 'circle'`).limit(1);
  await o.db.insert(customerCircles).values({ customerId: introduced, circleId: circle.id });
  const byCircle = await getNetwork(o.db, v.rep1, { circle: circle.id });
  expect(byCircle.id).toContain(introduced);
  const ci = byCircle.id.indexOf(`c${circle.id}`);
  expect(byCircle.k[ci]).toBe(NODE_KIND.circle);
  const members = (await queryRows<{ id: string }>(o.db, sql`select customer_id id from customer_circles cc join customers c on c.id = cc.customer_id where circle_id = ${circle.id} and c.owner_id = ${v.rep1.id} and c.deleted_at is null`)).map((r) => r.id);
  expect(byCircle.total).toBe(members.length);

  const period = await getNetwork(o.db, gm, { from: "2000-01-01", to: "2100-01-01" });
  const withIntroducer = await queryRows<{ n: number }>(o.db, sql`select count(*)::int n from customers where deleted_at is null and (introducer_id is not null or coalesce(introducer_text, '') <> '')`);
  expect(period.total).toBe(withIntroducer[0].n);
});

test("a limit keeps the map bounded and says so", async () => {
  const d = await getNetwork(o.db, v.gm, {}, 10);
  expect(d.total).toBe(10);
  expect(d.truncated).toBe(true);
  expect(d.id.filter((_, i) => d.k[i] <= 1).length).toBeLessThanOrEqual(10);
});

describe("introducers: chains, revenue, cycles, scope", () => {
  let a: string, b: string, c: string, d2: string, hidden: string, after: string, e: string, f: string;
  async function won(customerId: string, owner: Viewer, amount: string) {
    const [p] = await o.db.select({ id: processes.id }).from(processes).limit(1);
    const [s] = await o.db.select({ id: processStages.id }).from(processStages).where(sql`${processStages.processId} = ${p.id}`).limit(1);
    await o.db.insert(deals).values({ customerId, processId: p.id, stageId: s.id, title: "链上成交", status: "won", amount, closedOn: "2026-03-01", ownerId: owner.id, orgUnitId: owner.orgUnitId });
  }
  beforeAll(async () => {
    // 链甲 → 链乙 → 链丙 → 链丁 (rep1), and 链乙 → 链隐 (sh) → 链后 (rep1): the hidden link breaks rep1's chain
    a = await add(v.rep1, "链甲");
    b = await add(v.rep1, "链乙", { introducerId: a });
    c = await add(v.rep1, "链丙", { introducerId: b });
    d2 = await add(v.rep1, "链丁", { introducerId: c });
    hidden = await add(v.shRep, "链隐", { introducerId: b });
    after = await add(v.rep1, "链后", { introducerId: hidden });
    await won(b, v.rep1, "100");
    await won(d2, v.rep1, "1000");
    await won(after, v.rep1, "50");
    await won(hidden, v.shRep, "7");
    // a cycle: 环戊 ↔ 环己
    e = await add(v.rep1, "环戊");
    f = await add(v.rep1, "环己", { introducerId: e });
    await o.db.update(customers).set({ introducerId: f }).where(sql`${customers.id} = ${e}`);
  });

  test("the chain counts down every step in scope, with revenue directly and down the chain", async () => {
    const r = await getIntroducerChain(o.db, v.rep1, a);
    expect(r!.chain.map((x) => [x.name, x.depth])).toEqual([["链乙", 1], ["链丙", 2], ["链丁", 3]]);
    expect([r!.direct, r!.directRevenue, r!.chainRevenue, r!.chainBuyers]).toEqual([1, "100.00", "1100.00", 2]);
    const board = await getIntroducerBoard(o.db, v.rep1);
    const row = board.find((x) => x.id === a)!;
    expect([row.direct, row.chain, row.depth, Number(row.directRevenue), Number(row.chainRevenue)]).toEqual([1, 3, 3, 100, 1100]);
    // 链乙's chain for rep1 stops at the out-of-scope 链隐: neither it nor 链后 counts, nor their revenue
    const rb = board.find((x) => x.id === b)!;
    expect([rb.direct, rb.chain, Number(rb.chainRevenue)]).toEqual([1, 2, 1000]);
    expect(JSON.stringify(board)).not.toContain("链隐");
  });

  test("the GM's chain goes through every customer", async () => {
    const r = await getIntroducerChain(o.db, v.gm, a);
    expect(r!.chain.map((x) => x.name).sort()).toEqual(["链丁", "链丙", "链乙", "链后", "链隐"].sort());
    expect(r!.chainRevenue).toBe("1157.00");
  });

  test("a cycle of introductions ends", async () => {
    const r = await getIntroducerChain(o.db, v.rep1, e);
    expect(r!.chain.map((x) => x.name)).toEqual(["环己"]);
    const board = await getIntroducerBoard(o.db, v.rep1);
    expect(board.find((x) => x.id === e)!.chain).toBe(1);
    expect(board.find((x) => x.id === f)!.chain).toBe(1);
  });

  test("an introducer out of scope is not found; the profile lists only introduced customers in scope", async () => {
    expect(await getIntroducerChain(o.db, v.rep1, hidden)).toBeNull();
    expect(await getIntroducerChain(o.db, v.rep2, a)).toBeNull();
    expect((await getIntroductions(o.db, v.rep1, b)).map((x) => x.name)).toEqual(["链丙"]);
    expect((await getIntroductions(o.db, v.gm, b)).map((x) => x.name).sort()).toEqual(["链丙", "链隐"].sort());
    for (const role of Object.keys(ROLES) as Role[]) {
      const board = await getIntroducerBoard(o.db, v[role]);
      const ids = await scopeIds(v[role]);
      expect(board.every((x) => ids.has(x.id))).toBe(true);
    }
  });
});

describe("a won deal records its introducer and reminds the owner to thank them", () => {
  test("picked, defaulted to the customer's introducer, refused out of scope; a to-do for the owner", async () => {
    const { closeDeal, createDeal, getProcesses } = await import("@/db/queries/deals");
    const { closeDealSchema, dealInputSchema } = await import("@/lib/validation/deal");
    const { todos } = await import("@/db/schema");
    const [def] = await getProcesses(o.db);
    const friend = await add(v.rep1, "谢介绍人");
    const buyer = await add(v.rep1, "谢成交客户", { introducerId: friend });
    const open = async () => (await createDeal(o.db, v.rep1, dealInputSchema.parse({ customerId: buyer, title: "谢单", processId: def.id }))).id;
    const close = (dealId: string, introducerId?: string) =>
      closeDeal(o.db, v.rep1, closeDealSchema.parse({ dealId, outcome: "won", amount: "500", closedOn: "2026-11-01", successReasons: "x", lessonsLearned: "y", introducerId }));

    // an introducer outside the scope is refused like one that does not exist; the customer itself too
    const d0 = await open();
    await expect(close(d0, outsider)).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { introducerId: "介绍人不存在或您无权查看" } });
    await expect(close(d0, buyer)).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { introducerId: "介绍人不能是客户本人" } });
    // left empty: the customer's own introducer
    expect((await close(d0)).introducerId).toBe(friend);
    // picked: another customer in scope
    const d1 = await open();
    expect((await close(d1, introduced)).introducerId).toBe(introduced);
    const list = await o.db.select().from(todos).where(sql`${todos.ownerId} = ${v.rep1.id} and ${todos.title} like '感谢介绍人%'`);
    expect(list.map((x) => [x.customerId, x.title])).toEqual(
      expect.arrayContaining([
        [friend, "感谢介绍人谢介绍人：介绍的谢成交客户已成交（谢单）"],
        [introduced, "感谢介绍人圈内被介绍乙：介绍的谢成交客户已成交（谢单）"],
      ]),
    );
    // the introducers board counts the deal's customer under its customer introducer
    const board = await getIntroducerBoard(o.db, v.rep1);
    expect(Number(board.find((x) => x.id === friend)!.directRevenue)).toBe(1000);
  });
});

describe("circles: members in scope, key people, add and remove", () => {
  test("counts and members are those in scope; key people by connections and revenue", async () => {
    const [circle] = await o.db.insert(dictionaryItems).values({ kind: "circle", label: "测试球友圈" }).returning({ id: dictionaryItems.id });
    const hub = await add(v.rep1, "圈枢纽");
    const m1 = await add(v.rep1, "圈成员一", { introducerId: hub });
    const m2 = await add(v.rep1, "圈成员二", { introducerId: hub });
    const far = await add(v.shRep, "圈外地成员");
    for (const id of [hub, m1, m2, far]) await o.db.insert(customerCircles).values({ customerId: id, circleId: circle.id });
    const [p] = await o.db.select({ id: processes.id }).from(processes).limit(1);
    const [st] = await o.db.select({ id: processStages.id }).from(processStages).where(sql`${processStages.processId} = ${p.id}`).limit(1);
    await o.db.insert(deals).values({ customerId: m2, processId: p.id, stageId: st.id, title: "圈单", status: "won", amount: "300", closedOn: "2026-05-01", ownerId: v.rep1.id, orgUnitId: v.rep1.orgUnitId });

    const mine = (await getCircles(o.db, v.rep1)).find((c) => c.id === circle.id)!;
    expect([mine.members, Number(mine.revenue)]).toEqual([3, 300]);
    expect((await getCircles(o.db, v.gm)).find((c) => c.id === circle.id)!.members).toBe(4);
    const one = (await getCircle(o.db, v.rep1, circle.id))!;
    expect(one.members.map((m) => m.name).sort()).toEqual(["圈成员一", "圈成员二", "圈枢纽"].sort());
    expect(JSON.stringify(one)).not.toContain("圈外地成员");
    expect(one.mostConnected[0].name).toBe("圈枢纽");
    expect(one.mostConnected[0].connections).toBe(2);
    expect(one.mostRevenue.map((m) => m.name)).toEqual(["圈成员二"]);

    // add / remove: only customers in scope, only with customer:edit; audited
    await expect(addCircleMember(o.db, v.rep1, circle.id, far)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeCircleMember(o.db, v.rep1, circle.id, far)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const extra = await add(v.rep1, "圈新成员");
    expect((await addCircleMember(o.db, v.rep1, circle.id, extra)).changed).toBe(true);
    expect((await addCircleMember(o.db, v.rep1, circle.id, extra)).changed).toBe(false);
    expect((await getCircle(o.db, v.rep1, circle.id))!.members.map((m) => m.name)).toContain("圈新成员");
    expect((await removeCircleMember(o.db, v.rep1, circle.id, extra)).changed).toBe(true);
    expect((await getCircle(o.db, v.rep1, circle.id))!.members.map((m) => m.name)).not.toContain("圈新成员");
    const audits = await queryRows<{ n: number }>(o.db, sql`select count(*)::int n from audit_log where entity_id = ${extra} and action = 'update'`);
    expect(audits[0].n).toBe(2);
    const admin = await viewerFor(o.db, "admin@demo.cn");
    await expect(addCircleMember(o.db, admin, circle.id, extra)).rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|NOT_FOUND/) });
    // a circle that does not exist
    expect(await getCircle(o.db, v.rep1, extra)).toBeNull();
  });
});
