import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import { queryRows, type Db } from "@/db/client";
import { customerCircles, customers, deals, dictionaryItems, orgUnits, users } from "@/db/schema";
import { EDGE_KIND, MAP_LIMIT, NODE_KIND, type NetworkData, type NodeKind } from "@/lib/network/format";
import { CUSTOMER_STAGES } from "@/lib/stages";
import type { NetworkQuery } from "@/lib/validation/network";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { andScope, scopeWhere } from "./scope";

const ids = (a: string[]) => sql`${sql.param(a)}::uuid[]`;
const unitTree = (col: AnyPgColumn, unit: string) =>
  sql`${col} in (select u.id from ${orgUnits} u where u.path like (select p.path from ${orgUnits} p where p.id = ${unit}) || '%')`;

/** The map's filters over customers (besides scope and deleted). */
function networkFilters(q: NetworkQuery): SQL[] {
  const f: SQL[] = [];
  if (q.owner) f.push(eq(customers.ownerId, q.owner));
  if (q.unit) f.push(unitTree(customers.orgUnitId, q.unit));
  if (q.stage) f.push(eq(customers.stage, q.stage));
  if (q.grade) f.push(sql`coalesce(${customers.valueGradeOverride}, ${customers.valueGrade}) = ${q.grade}`);
  if (q.circle) f.push(sql`exists (select 1 from ${customerCircles} cc where cc.customer_id = ${customers.id} and cc.circle_id = ${q.circle})`);
  if (q.from || q.to) {
    f.push(sql`(${customers.introducerId} is not null or coalesce(${customers.introducerText}, '') <> '')`);
    const met = sql`coalesce(${customers.metOn}, (${customers.createdAt} at time zone 'Asia/Shanghai')::date)`;
    if (q.from) f.push(sql`${met} >= ${q.from}::date`);
    if (q.to) f.push(sql`${met} <= ${q.to}::date`);
  }
  return f;
}

/** A node's columns. */
const nodeCols = () => ({
  id: customers.id,
  name: customers.name,
  py: customers.namePinyin,
  kind: customers.kind,
  stage: customers.stage,
  grade: sql<string | null>`coalesce(${customers.valueGradeOverride}, ${customers.valueGrade})`,
  ownerId: customers.ownerId,
  companyId: customers.companyId,
  introducerId: customers.introducerId,
  introducerText: customers.introducerText,
});
/** deals as "d" inside the per-node subqueries */
const dl = alias(deals, "d");
type Row = {
  id: string;
  name: string;
  py: string;
  kind: "individual" | "company";
  stage: (typeof CUSTOMER_STAGES)[number];
  grade: string | null;
  ownerId: string | null;
  companyId: string | null;
  introducerId: string | null;
  introducerText: string | null;
};

/**
 * Per customer matching `which` (a predicate over customers): the won revenue of its deals in scope, its
 * circles, and the introducers named on its deals in scope — three set-wise queries over the same predicate
 * (a semi-join each), run beside the query that reads the customers themselves.
 */
async function nodeExtras(db: Db, viewer: Viewer, which: SQL) {
  const sub = sql`(select ${customers.id} from ${customers} where ${which})`;
  const [revenue, circles, dealLinks] = await Promise.all([
    queryRows<{ id: string; rv: string }>(
      db,
      sql`select d.customer_id id, sum(d.amount)::text rv from ${deals} d
           where d.status = 'won' and d.deleted_at is null and ${scopeWhere(viewer, dl)} and d.customer_id in ${sub}
           group by 1`,
    ),
    queryRows<{ customerId: string; circleId: string }>(db, sql`select cc.customer_id "customerId", cc.circle_id "circleId" from ${customerCircles} cc where cc.customer_id in ${sub}`),
    queryRows<{ customerId: string; introducerId: string }>(
      db,
      sql`select distinct d.customer_id "customerId", d.introducer_id "introducerId" from ${deals} d
           where d.introducer_id is not null and d.deleted_at is null and ${scopeWhere(viewer, dl)} and d.customer_id in ${sub}`,
    ),
  ]);
  return { revenue, circles, dealLinks };
}

/**
 * The network map of the viewer's scope: the customers matching the filters (the core, by revenue, at
 * most MAP_LIMIT), and as context the in-scope introducers and companies of the core and the contacts
 * of its companies; introducer texts; circles; and, for an introducer outside the scope, an anonymous
 * external node per introduced customer. Nothing outside the scope is named, counted or linked: every
 * customer row read passes scopeWhere, and revenue counts only deals in scope.
 */
export async function getNetwork(db: Db, viewer: Viewer, q: NetworkQuery, limit = MAP_LIMIT): Promise<NetworkData> {
  const empty: NetworkData = { v: 1, id: [], k: [], nm: [], py: [], st: [], rv: [], gr: [], o: [], cx: [], e: [], ow: [], total: 0, truncated: false };
  if (!can(viewer, "customer:view")) return empty;
  const cols = nodeCols();
  const coreWhere = and(scopeWhere(viewer, customers), isNull(customers.deletedAt), ...networkFilters(q))!;
  const [core, coreExtras] = await Promise.all([
    db
      .select(cols)
      .from(customers)
      .where(coreWhere)
      .orderBy(desc(customers.valueRevenue), asc(customers.id))
      .limit(limit + 1) as Promise<Row[]>,
    nodeExtras(db, viewer, coreWhere),
  ]);
  const truncated = core.length > limit;
  if (truncated) core.length = limit;
  const inCore = new Set(core.map((r) => r.id));

  // context: in-scope introducers and companies of the core, and the contacts of the core's companies
  const linked = [...new Set(core.flatMap((r) => [r.introducerId, r.companyId]).filter((x): x is string => !!x && !inCore.has(x)))];
  const companies = core.filter((r) => r.kind === "company").map((r) => r.id);
  const ctxLimit = Math.max(0, limit - core.length);
  const [ctxLinked, ctxContacts] = await Promise.all([
    linked.length && ctxLimit
      ? (db.select(cols).from(customers).where(andScope(viewer, customers, isNull(customers.deletedAt), sql`${customers.id} = any(${ids(linked)})`)).limit(ctxLimit) as Promise<Row[]>)
      : Promise.resolve([] as Row[]),
    companies.length && ctxLimit
      ? (db
          .select(cols)
          .from(customers)
          .where(andScope(viewer, customers, isNull(customers.deletedAt), sql`${customers.companyId} = any(${ids(companies)})`))
          .orderBy(desc(customers.valueRevenue), asc(customers.id))
          .limit(ctxLimit) as Promise<Row[]>)
      : Promise.resolve([] as Row[]),
  ]);
  const ctx: Row[] = [];
  const seen = new Set(inCore);
  for (const r of [...ctxLinked, ...ctxContacts]) if (!seen.has(r.id) && ctx.length < ctxLimit) seen.add(r.id), ctx.push(r);
  const rows = [...core, ...ctx];

  const ctxExtras = ctx.length ? await nodeExtras(db, viewer, sql`${customers.id} = any(${ids(ctx.map((r) => r.id))})`) : { revenue: [], circles: [], dealLinks: [] };
  const onMap = (x: { customerId: string }) => seen.has(x.customerId);
  const memberships = [...coreExtras.circles.filter(onMap), ...ctxExtras.circles];
  const circleIds = [...new Set(memberships.map((c) => c.circleId))];
  const [circleLabels, owners] = await Promise.all([
    circleIds.length
      ? db
          .select({ id: dictionaryItems.id, label: dictionaryItems.label })
          .from(dictionaryItems)
          .where(and(sql`${dictionaryItems.id} = any(${sql.param(circleIds)}::uuid[])`, isNull(dictionaryItems.deletedAt)))
      : [],
    db.select({ id: users.id, name: users.name }).from(users).where(sql`${users.id} = any(${ids([...new Set(rows.map((r) => r.ownerId).filter((x): x is string => !!x))])})`),
  ]);
  const circleLabel = new Map(circleLabels.map((c) => [c.id, c.label]));
  const circles = memberships.filter((c) => circleLabel.has(c.circleId)).map((c) => ({ ...c, label: circleLabel.get(c.circleId)! }));
  const dealLinks = [...coreExtras.dealLinks.filter(onMap), ...ctxExtras.dealLinks];
  const rev = new Map([...coreExtras.revenue, ...ctxExtras.revenue].map((r) => [r.id, Math.round(Number(r.rv))]));

  const d: NetworkData = { ...empty, total: core.length, truncated };
  const index = new Map<string, number>();
  const ownerIndex = new Map(owners.map((u, i) => [u.id, i]));
  d.ow = owners.map((u) => u.name);
  const add = (id: string, k: NodeKind, nm: string, extra: Partial<{ py: string; st: number; rv: number; gr: string; o: number; cx: 0 | 1 }> = {}) => {
    index.set(id, d.id.length);
    d.id.push(id);
    d.k.push(k);
    d.nm.push(nm);
    d.py.push(extra.py ?? "");
    d.st.push(extra.st ?? -1);
    d.rv.push(extra.rv ?? 0);
    d.gr.push(extra.gr ?? "");
    d.o.push(extra.o ?? -1);
    d.cx.push(extra.cx ?? 0);
    return d.id.length - 1;
  };
  rows.forEach((r, i) =>
    add(r.id, r.kind === "company" ? NODE_KIND.company : NODE_KIND.person, r.name, {
      py: r.py,
      st: CUSTOMER_STAGES.indexOf(r.stage),
      rv: rev.get(r.id) ?? 0,
      gr: r.grade ?? "",
      o: r.ownerId ? (ownerIndex.get(r.ownerId) ?? -1) : -1,
      cx: i < core.length ? 0 : 1,
    }),
  );
  const edge = (s: number, t: number, kind: number) => d.e.push(s, t, kind);
  const texts = new Map<string, number>();
  let external = 0;
  for (const r of rows) {
    const me = index.get(r.id)!;
    if (r.companyId && index.has(r.companyId)) edge(me, index.get(r.companyId)!, EDGE_KIND.company);
    if (r.introducerId) {
      const from = index.get(r.introducerId);
      // an introducer the viewer may not see: an anonymous node of its own (no id, no name, no figures)
      edge(from ?? add(`x${external++}`, NODE_KIND.external, ""), me, EDGE_KIND.introduced);
    } else if (r.introducerText?.trim()) {
      const label = r.introducerText.trim();
      let t = texts.get(label);
      if (t === undefined) texts.set(label, (t = add(`t${texts.size}`, NODE_KIND.text, label)));
      edge(t, me, EDGE_KIND.introduced);
    }
  }
  const circleIndex = new Map<string, number>();
  for (const c of circles) {
    let ci = circleIndex.get(c.circleId);
    if (ci === undefined) circleIndex.set(c.circleId, (ci = add(`c${c.circleId}`, NODE_KIND.circle, c.label)));
    edge(index.get(c.customerId)!, ci, EDGE_KIND.circle);
  }
  const introduced = new Set<string>(rows.filter((r) => r.introducerId).map((r) => `${r.introducerId}|${r.id}`));
  for (const l of dealLinks) {
    const from = index.get(l.introducerId);
    // a deal's introducer outside the scope is left out (the customer's own introducer already shows one external node)
    if (from === undefined || introduced.has(`${l.introducerId}|${l.customerId}`)) continue;
    edge(from, index.get(l.customerId)!, EDGE_KIND.deal);
  }
  return d;
}

// ---------------------------------------------------------------- introducers (介绍人)

const MAX_CHAIN_DEPTH = 10;
/** the walked customer in the recursive CTEs below */
const k = alias(customers, "k");

export type IntroducerRow = {
  id: string;
  name: string;
  stage: (typeof CUSTOMER_STAGES)[number];
  ownerName: string | null;
  direct: number;
  chain: number;
  depth: number;
  directBuyers: number;
  chainBuyers: number;
  directRevenue: string;
  chainRevenue: string;
  lastIntroducedOn: string | null;
};

/**
 * 介绍人排行: every customer in scope who introduced customers in scope, with the customers introduced
 * directly and down the chain (recursive over customers.introducer_id, cycle-safe by the path, at most
 * MAX_CHAIN_DEPTH steps), how many of them bought, and the won revenue they brought directly and down the
 * chain. The chain only walks through customers in scope: a link through someone the viewer may not see
 * is neither followed nor counted. Sorted by chain revenue; at most `limit` rows.
 */
export async function getIntroducerBoard(db: Db, viewer: Viewer, q: { owner?: string; unit?: string } = {}, limit = 100): Promise<IntroducerRow[]> {
  if (!can(viewer, "customer:view")) return [];
  const c = customers;
  const filters = [q.owner ? eq(c.ownerId, q.owner) : undefined, q.unit ? unitTree(c.orgUnitId, q.unit) : undefined].filter((x): x is SQL => !!x);
  const introducersWhere = and(scopeWhere(viewer, c), isNull(c.deletedAt), ...filters)!;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with recursive chain(root, id, depth, path, met) as (
          select k.introducer_id, k.id, 1, array[k.introducer_id, k.id], coalesce(k.met_on, (k.created_at at time zone 'Asia/Shanghai')::date)
            from ${customers} k
           where k.deleted_at is null and ${scopeWhere(viewer, k)}
             and k.introducer_id in (select ${c.id} from ${c} where ${introducersWhere})
          union all
          select ch.root, k.id, ch.depth + 1, ch.path || k.id, coalesce(k.met_on, (k.created_at at time zone 'Asia/Shanghai')::date)
            from chain ch join ${customers} k on k.introducer_id = ch.id
           where ch.depth < ${MAX_CHAIN_DEPTH} and k.deleted_at is null and not k.id = any(ch.path)
             and ${scopeWhere(viewer, k)}
        ),
        rev as (
          select ${deals.customerId} id, sum(${deals.amount}) rv from ${deals}
           where ${deals.customerId} in (select id from chain) and ${deals.status} = 'won' and ${deals.deletedAt} is null and ${scopeWhere(viewer, deals)}
           group by 1
        ),
        agg as (
          select ch.root,
                 count(*) filter (where ch.depth = 1)::int direct,
                 count(*)::int chain,
                 max(ch.depth)::int depth,
                 count(*) filter (where ch.depth = 1 and r.rv > 0)::int direct_buyers,
                 count(*) filter (where r.rv > 0)::int chain_buyers,
                 coalesce(sum(r.rv) filter (where ch.depth = 1), 0)::text direct_revenue,
                 coalesce(sum(r.rv), 0)::text chain_revenue,
                 max(ch.met) filter (where ch.depth = 1)::text last_on
            from chain ch left join rev r on r.id = ch.id
           group by ch.root
        )
        select a.*, i.name, i.stage, u.name owner_name
          from agg a join ${c} i on i.id = a.root left join ${users} u on u.id = i.owner_id
         order by a.chain_revenue::numeric desc, a.chain desc, i.id
         limit ${limit}`,
  );
  return rows.map((r) => ({
    id: String(r.root),
    name: String(r.name),
    stage: r.stage as IntroducerRow["stage"],
    ownerName: (r.owner_name as string | null) ?? null,
    direct: Number(r.direct),
    chain: Number(r.chain),
    depth: Number(r.depth),
    directBuyers: Number(r.direct_buyers),
    chainBuyers: Number(r.chain_buyers),
    directRevenue: String(r.direct_revenue),
    chainRevenue: String(r.chain_revenue),
    lastIntroducedOn: (r.last_on as string | null) ?? null,
  }));
}

export type ChainRow = { id: string; name: string; stage: (typeof CUSTOMER_STAGES)[number]; depth: number; introducerId: string; revenue: string; metOn: string | null };

/**
 * One introducer's chain: the customers introduced directly and down the chain (in scope only, cycle-safe),
 * each with its depth, stage and won revenue; plus the totals. Null when the introducer is not in scope.
 */
export async function getIntroducerChain(db: Db, viewer: Viewer, introducerId: string, limit = 2000) {
  if (!can(viewer, "customer:view")) return null;
  const [me] = await db
    .select({ id: customers.id, name: customers.name, stage: customers.stage })
    .from(customers)
    .where(andScope(viewer, customers, eq(customers.id, introducerId), isNull(customers.deletedAt)));
  if (!me) return null;
  const inScope = scopeWhere(viewer, k);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with recursive chain(id, depth, path, via) as (
          select k.id, 1, array[${introducerId}::uuid, k.id], k.introducer_id from ${customers} k
           where k.introducer_id = ${introducerId} and k.deleted_at is null and ${inScope}
          union all
          select k.id, ch.depth + 1, ch.path || k.id, k.introducer_id from chain ch join ${customers} k on k.introducer_id = ch.id
           where ch.depth < ${MAX_CHAIN_DEPTH} and k.deleted_at is null and not k.id = any(ch.path) and ${inScope}
        ),
        rev as (
          select ${deals.customerId} id, sum(${deals.amount}) rv from ${deals}
           where ${deals.customerId} in (select id from chain) and ${deals.status} = 'won' and ${deals.deletedAt} is null and ${scopeWhere(viewer, deals)}
           group by 1
        )
        select ch.id, ch.depth, ch.via, k.name, k.stage, k.met_on::text met_on, coalesce(r.rv, 0)::text revenue
          from chain ch join ${customers} k on k.id = ch.id left join rev r on r.id = ch.id
         order by ch.depth, r.rv desc nulls last, k.name_pinyin, ch.id
         limit ${limit}`,
  );
  const chain: ChainRow[] = rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    stage: r.stage as ChainRow["stage"],
    depth: Number(r.depth),
    introducerId: String(r.via),
    revenue: String(r.revenue),
    metOn: (r.met_on as string | null) ?? null,
  }));
  const sum = (xs: ChainRow[]) => xs.reduce((a, x) => a + Number(x.revenue), 0);
  const direct = chain.filter((x) => x.depth === 1);
  return {
    introducer: me,
    chain,
    direct: direct.length,
    directBuyers: direct.filter((x) => Number(x.revenue) > 0).length,
    chainBuyers: chain.filter((x) => Number(x.revenue) > 0).length,
    directRevenue: sum(direct).toFixed(2),
    chainRevenue: sum(chain).toFixed(2),
  };
}

/** "Introduced by" and "introduced" of one customer for its profile: only customers the viewer may see. */
export async function getIntroductions(db: Db, viewer: Viewer, customerId: string) {
  const rows = await db
    .select({ id: customers.id, name: customers.name, stage: customers.stage })
    .from(customers)
    .where(andScope(viewer, customers, eq(customers.introducerId, customerId), isNull(customers.deletedAt)))
    .orderBy(asc(customers.namePinyin), asc(customers.id))
    .limit(200);
  return rows;
}

// ---------------------------------------------------------------- circles (人脉圈)

/** Every 人脉圈 with its members in the viewer's scope, how many have bought, and their won revenue. */
export async function getCircles(db: Db, viewer: Viewer) {
  if (!can(viewer, "customer:view")) return [];
  const rows = await queryRows<{ id: string; label: string; members: number; buyers: number; revenue: string }>(
    db,
    sql`select d.id, d.label,
               count(k.id)::int members,
               count(k.id) filter (where k.stage in ('closed', 'loyal'))::int buyers,
               coalesce(sum(r.rv), 0)::text revenue
          from ${dictionaryItems} d
          left join ${customerCircles} cc on cc.circle_id = d.id
          left join ${customers} k on k.id = cc.customer_id and k.deleted_at is null and ${scopeWhere(viewer, k)}
          left join lateral (
            select sum(${deals.amount}) rv from ${deals}
             where ${deals.customerId} = k.id and ${deals.status} = 'won' and ${deals.deletedAt} is null and ${scopeWhere(viewer, deals)}
          ) r on k.id is not null
         where d.kind = 'circle' and d.deleted_at is null
         group by d.id, d.label, d.sort
         order by d.sort, d.label`,
  );
  return rows.map((r) => ({ ...r, members: Number(r.members), buyers: Number(r.buyers) }));
}

export type CircleMember = { id: string; name: string; kind: "individual" | "company"; stage: (typeof CUSTOMER_STAGES)[number]; ownerName: string | null; revenue: string; connections: number; circles: number };

/**
 * One circle's members in scope (at most `limit`, by revenue) with their won revenue and connections: the
 * introductions to and from them, their company or contacts, and the other circles they are in — all
 * counted among customers the viewer may see. Null when the circle does not exist.
 */
export async function getCircle(db: Db, viewer: Viewer, circleId: string, limit = 500) {
  const [circle] = await db
    .select({ id: dictionaryItems.id, label: dictionaryItems.label })
    .from(dictionaryItems)
    .where(and(eq(dictionaryItems.id, circleId), eq(dictionaryItems.kind, "circle"), isNull(dictionaryItems.deletedAt)));
  if (!circle || !can(viewer, "customer:view")) return null;
  const seen = scopeWhere(viewer, k);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with m as (
          select ${customers.id} id, ${customers.name} name, ${customers.kind} kind, ${customers.stage} stage, ${customers.ownerId} owner_id,
                 ${customers.introducerId} introducer_id, ${customers.companyId} company_id
            from ${customerCircles} cc join ${customers} on ${customers.id} = cc.customer_id
           where cc.circle_id = ${circleId} and ${customers.deletedAt} is null and ${scopeWhere(viewer, customers)}
        )
        select * from (
        select m.id, m.name, m.kind, m.stage, u.name owner_name,
               (select coalesce(sum(${deals.amount}), 0) from ${deals} where ${deals.customerId} = m.id and ${deals.status} = 'won' and ${deals.deletedAt} is null and ${scopeWhere(viewer, deals)})::text revenue,
               ((select count(*) from ${customers} k where k.introducer_id = m.id and k.deleted_at is null and ${seen})
                + (select count(*) from ${customers} k where k.id = m.introducer_id and k.deleted_at is null and ${seen})
                + (select count(*) from ${customers} k where k.id = m.company_id and k.deleted_at is null and ${seen})
                + (select count(*) from ${customers} k where k.company_id = m.id and k.deleted_at is null and ${seen}))::int links,
               (select count(*) from ${customerCircles} o where o.customer_id = m.id)::int circles
          from m left join ${users} u on u.id = m.owner_id
        ) s
         order by s.revenue::numeric desc, s.id
         limit ${limit}`,
  );
  const members: CircleMember[] = rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    kind: r.kind as CircleMember["kind"],
    stage: r.stage as CircleMember["stage"],
    ownerName: (r.owner_name as string | null) ?? null,
    revenue: String(r.revenue),
    // connections: introductions, company links, and the other circles that tie them to more people
    connections: Number(r.links) + Number(r.circles) - 1,
    circles: Number(r.circles),
  }));
  const top = (by: (m: CircleMember) => number) => [...members].filter((m) => by(m) > 0).sort((a, b) => by(b) - by(a) || a.name.localeCompare(b.name)).slice(0, 5);
  return { circle, members, mostConnected: top((m) => m.connections), mostRevenue: top((m) => Number(m.revenue)) };
}

async function circleAndCustomer(db: Db, viewer: Viewer, circleId: string, customerId: string) {
  if (!can(viewer, "customer:edit")) throw forbidden();
  const [circle] = await db
    .select({ id: dictionaryItems.id, label: dictionaryItems.label })
    .from(dictionaryItems)
    .where(and(eq(dictionaryItems.id, circleId), eq(dictionaryItems.kind, "circle"), isNull(dictionaryItems.deletedAt)));
  if (!circle) throw new AppError("VALIDATION", "请修正标出的字段", { circleId: "人脉圈不存在" });
  const [c] = await db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(andScope(viewer, customers, eq(customers.id, customerId), isNull(customers.deletedAt)))
    .for("update");
  if (!c) throw notFound();
  return { circle, customer: c };
}

/** Puts a customer in scope into a circle (no-op when already a member); audited on the customer. */
export async function addCircleMember(db: Db, viewer: Viewer, circleId: string, customerId: string, ip?: string | null) {
  return db.transaction(async (tx) => {
    const { circle, customer } = await circleAndCustomer(tx, viewer, circleId, customerId);
    const added = await tx.insert(customerCircles).values({ customerId, circleId }).onConflictDoNothing().returning();
    if (added.length) await writeAudit(tx, viewer, { action: "update", entityType: "customer", entityId: customerId, after: { circleAdded: circle.label }, ip });
    return { circle, customer, changed: added.length > 0 };
  });
}

/** Takes a customer in scope out of a circle; audited on the customer. */
export async function removeCircleMember(db: Db, viewer: Viewer, circleId: string, customerId: string, ip?: string | null) {
  return db.transaction(async (tx) => {
    const { circle, customer } = await circleAndCustomer(tx, viewer, circleId, customerId);
    const removed = await tx
      .delete(customerCircles)
      .where(and(eq(customerCircles.circleId, circleId), eq(customerCircles.customerId, customerId)))
      .returning();
    if (removed.length) await writeAudit(tx, viewer, { action: "update", entityType: "customer", entityId: customerId, after: { circleRemoved: circle.label }, ip });
    return { circle, customer, changed: removed.length > 0 };
  });
}
