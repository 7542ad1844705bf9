import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { communications, customers, dealStageHistory, deals, notifications, orgUnits, plans, reviews, users, workSummaries } from "@/db/schema";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { addDays, fromLocal, today as companyToday } from "@/lib/dates";
import { notFound } from "@/lib/errors";
import { PASS_SCORE } from "@/lib/training/quiz";
import type { CommentTarget, FeedKind, TeamFeedQuery } from "@/lib/validation/team";
import { FEED_KINDS } from "@/lib/validation/team";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { scopeCovers, scopeWhere } from "./scope";

export const FEED_PAGE_SIZE = 30;

/** One item of the team feed, whatever its kind. `key` is its time as fixed-width UTC text, the keyset's first half. */
export type FeedItem = {
  kind: FeedKind;
  id: string;
  key: string;
  at: Date;
  ownerId: string | null;
  ownerName: string | null;
  unitName: string | null;
  customerId: string | null;
  customerName: string | null;
  title: string;
  body: string | null;
  /** kind-specific figures: a deal's amount and stage, a stage move's from/to, a communication's method… */
  meta: Record<string, string | number | null>;
  comments: { id: string; comment: string | null; reviewerName: string; createdAt: Date }[];
};

/** Where a comment on a feed item is kept (reviews.target_type): plans and summaries share their review trail. */
export const COMMENT_TYPE: Record<CommentTarget, string> = {
  customer: "customer",
  communication: "communication",
  deal: "deal",
  stage: "deal_stage",
  plan: "plan",
  summary: "work_summary",
};

// Fixed-width UTC text of a timestamp: sorts as text in the same order as the time, and is read back with ::timestamptz.
const keyOf = (col: SQL | unknown) => sql`to_char((${col}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * How the viewer's scope (and the person / unit filter) is read, so that a page costs the same whatever
 * the scope holds: one rep → the (owner_id, created_at, id) index; a set of units → one keyset read per unit
 * on (org_unit_id, created_at, id), merged (LATERAL); everyone → the (created_at, id) index.
 */
type Reach = { kind: "none" } | { kind: "owner"; ownerId: string } | { kind: "units"; unitIds: string[] } | { kind: "all" };

async function reachOf(db: Db, viewer: Viewer, q: TeamFeedQuery): Promise<Reach> {
  if (!can(viewer, "plan:review")) return { kind: "none" };
  if (q.person) {
    const [u] = await db.select({ id: users.id, orgUnitId: users.orgUnitId }).from(users).where(eq(users.id, q.person)).limit(1);
    return u && scopeCovers(viewer, u.id, u.orgUnitId) ? { kind: "owner", ownerId: u.id } : { kind: "none" };
  }
  if (q.unit) {
    const [u] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, q.unit)).limit(1);
    if (!u) return { kind: "none" };
    const sub = (await db.select({ id: orgUnits.id }).from(orgUnits).where(sql`${orgUnits.path} like ${u.path + "%"}`)).map((r) => r.id);
    const inScope = viewer.dataScope === "all" ? sub : viewer.dataScope === "unit" || viewer.dataScope === "unit_tree" ? sub.filter((id) => viewer.unitIds.includes(id)) : [];
    return inScope.length ? { kind: "units", unitIds: inScope } : { kind: "none" };
  }
  switch (viewer.dataScope) {
    case "all":
      return { kind: "all" };
    case "unit":
    case "unit_tree":
      return viewer.unitIds.length ? { kind: "units", unitIds: viewer.unitIds } : { kind: "none" };
    case "self":
      return { kind: "owner", ownerId: viewer.id };
    default:
      return { kind: "none" };
  }
}

type Bounds = { cursor: [string, string] | null; from: string | null; before: string | null };

/**
 * The newest `n` keys of one owned table (customers, communications, deals, plans, work summaries) within
 * the reach and bounds, newest first, by the time column `ts`: created_at, or for communications contacted_at
 * (交流时间: a visit logged in the evening belongs to the day it happened, and the overview's three
 * (…, contacted_at desc, id desc) indexes serve it — no more indexes to keep on a million rows). Every such
 * table carries owner_id, org_unit_id, id and deleted_at, and has the three (…, ts desc, id desc) indexes.
 */
function ownedKeys(table: SQL, reach: Reach, b: Bounds, n: number, ts = "created_at"): SQL {
  const col = sql.raw(`t.${ts}`);
  const c: SQL[] = [sql`t.deleted_at is null`];
  if (b.cursor) c.push(sql`(${col}, t.id) < (${b.cursor[0]}::timestamptz, ${b.cursor[1]}::uuid)`);
  if (b.from) c.push(sql`${col} >= ${b.from}::timestamptz`);
  if (b.before) c.push(sql`${col} < ${b.before}::timestamptz`);
  const cond = sql.join(c, sql` and `);
  const order = sql.raw(`order by t.${ts} desc, t.id desc limit ${n}`);
  if (reach.kind === "owner") return sql`select t.id, ${col} as at from ${table} t where t.owner_id = ${reach.ownerId} and ${cond} ${order}`;
  if (reach.kind === "all") return sql`select t.id, ${col} as at from ${table} t where ${cond} ${order}`;
  if (reach.kind === "units")
    return sql`select x.id, x.at from unnest(${sql.param(reach.unitIds)}::uuid[]) as u(id)
               cross join lateral (select t.id, ${col} as at from ${table} t where t.org_unit_id = u.id and ${cond} ${order}) x
               order by x.at desc, x.id desc limit ${n}`;
  return sql`select null::uuid as id, null::timestamptz as at where false`;
}

/** Scope of a row joined from an owned table, for the kinds read through a global time index (stage moves, lessons). */
function reachWhere(reach: Reach, owner: SQL, unit: SQL): SQL {
  if (reach.kind === "owner") return sql`${owner} = ${reach.ownerId}`;
  if (reach.kind === "units") return sql`${unit} = any(${sql.param(reach.unitIds)}::uuid[])`;
  if (reach.kind === "all") return sql`true`;
  return sql`false`;
}

type Row = Omit<FeedItem, "kind" | "comments" | "meta"> & { meta: Record<string, string | number | null> | null };

async function readKind(db: Db, kind: FeedKind, reach: Reach, b: Bounds, n: number): Promise<Row[]> {
  const owner = sql`(select name from users where id = t.owner_id) as "ownerName", (select name from org_units where id = t.org_unit_id) as "unitName"`;
  switch (kind) {
    case "customer":
      return queryRows<Row>(
        db,
        sql`select t.id, ${keyOf(sql`t.created_at`)} as key, t.created_at as at, t.owner_id as "ownerId", ${owner},
                   t.id as "customerId", t.name as "customerName", t.name as title, t.company_name as body,
                   jsonb_build_object('stage', t.stage, 'kind', t.kind, 'pooled', t.pooled_at is not null) as meta
              from (${ownedKeys(sql`${customers}`, reach, b, n)}) k join customers t on t.id = k.id order by k.at desc, k.id desc`,
      );
    case "communication":
      return queryRows<Row>(
        db,
        sql`select t.id, ${keyOf(sql`t.contacted_at`)} as key, t.contacted_at as at, t.owner_id as "ownerId", ${owner},
                   t.customer_id as "customerId", c.name as "customerName", t.topic as title, t.summary as body,
                   jsonb_build_object('method', t.method, 'contactedAt', t.contacted_at, 'interest', t.interest, 'nextFollowUp', t.next_follow_up,
                                      'author', (select name from users where id = t.author_id)) as meta
              from (${ownedKeys(sql`${communications}`, reach, b, n, "contacted_at")}) k join communications t on t.id = k.id join customers c on c.id = t.customer_id
             order by k.at desc, k.id desc`,
      );
    case "deal":
      return queryRows<Row>(
        db,
        sql`select t.id, ${keyOf(sql`t.created_at`)} as key, t.created_at as at, t.owner_id as "ownerId", ${owner},
                   t.customer_id as "customerId", c.name as "customerName", t.title as title, null as body,
                   jsonb_build_object('amount', coalesce(t.amount, t.expected_amount)::text, 'status', t.status, 'stage', s.name) as meta
              from (${ownedKeys(sql`${deals}`, reach, b, n)}) k join deals t on t.id = k.id join customers c on c.id = t.customer_id
              join process_stages s on s.id = t.stage_id
             order by k.at desc, k.id desc`,
      );
    case "plan":
      return queryRows<Row>(
        db,
        sql`select t.id, ${keyOf(sql`t.created_at`)} as key, t.created_at as at, t.owner_id as "ownerId", ${owner},
                   null as "customerId", null as "customerName", t.subject as title, t.content as body,
                   jsonb_build_object('period', t.period, 'startDate', t.start_date, 'endDate', t.end_date, 'review', t.review_status) as meta
              from (${ownedKeys(sql`${plans}`, reach, b, n)}) k join plans t on t.id = k.id order by k.at desc, k.id desc`,
      );
    case "summary":
      return queryRows<Row>(
        db,
        sql`select t.id, ${keyOf(sql`t.created_at`)} as key, t.created_at as at, t.owner_id as "ownerId", ${owner},
                   null as "customerId", null as "customerName", t.period::text as title, t.content as body,
                   jsonb_build_object('period', t.period, 'startDate', t.period_start, 'endDate', t.period_end, 'review', t.review_status) as meta
              from (${ownedKeys(sql`${workSummaries}`, reach, b, n)}) k join work_summaries t on t.id = k.id order by k.at desc, k.id desc`,
      );
    case "stage": {
      // Stage moves carry no owner of their own: read newest first through deal_stage_history_moved_idx and
      // keep those whose deal is within reach. For the GM that is exactly one page of the index; a narrower
      // reach walks further (cost ∝ company moves / reach moves × page), bounded by the period when one is set.
      const c: SQL[] = [sql`h.from_stage_id is not null`, sql`d.deleted_at is null`, reachWhere(reach, sql`d.owner_id`, sql`d.org_unit_id`)];
      if (b.cursor) c.push(sql`(h.moved_at, h.id) < (${b.cursor[0]}::timestamptz, ${b.cursor[1]}::uuid)`);
      if (b.from) c.push(sql`h.moved_at >= ${b.from}::timestamptz`);
      if (b.before) c.push(sql`h.moved_at < ${b.before}::timestamptz`);
      return queryRows<Row>(
        db,
        sql`select h.id, ${keyOf(sql`h.moved_at`)} as key, h.moved_at as at, d.owner_id as "ownerId",
                   (select name from users where id = d.owner_id) as "ownerName", (select name from org_units where id = d.org_unit_id) as "unitName",
                   d.customer_id as "customerId", (select name from customers where id = d.customer_id) as "customerName", d.title as title, null as body,
                   jsonb_build_object('dealId', d.id, 'from', (select name from process_stages where id = h.from_stage_id),
                                      'to', (select name from process_stages where id = h.to_stage_id)) as meta
              from ${dealStageHistory} h join deals d on d.id = h.deal_id
             where ${sql.join(c, sql` and `)}
             order by h.moved_at desc, h.id desc limit ${n}`,
      );
    }
    case "lesson": {
      // lesson_progress is one row per person and lesson (people × lessons, a few thousand): read directly
      const c: SQL[] = [sql`p.read_at is not null`, sql`p.exercise_done_at is not null`, sql`coalesce(p.quiz_best_score, 0) >= ${PASS_SCORE}`, sql`u.deleted_at is null`, reachWhere(reach, sql`u.id`, sql`u.org_unit_id`)];
      const lid = sql`md5(p.user_id::text || '/' || p.slug)::uuid`;
      if (b.cursor) c.push(sql`(p.updated_at, ${lid}) < (${b.cursor[0]}::timestamptz, ${b.cursor[1]}::uuid)`);
      if (b.from) c.push(sql`p.updated_at >= ${b.from}::timestamptz`);
      if (b.before) c.push(sql`p.updated_at < ${b.before}::timestamptz`);
      return queryRows<Row>(
        db,
        sql`select ${lid} as id, ${keyOf(sql`p.updated_at`)} as key, p.updated_at as at, u.id as "ownerId", u.name as "ownerName",
                   (select name from org_units where id = u.org_unit_id) as "unitName", null as "customerId", null as "customerName",
                   p.slug as title, null as body, jsonb_build_object('slug', p.slug, 'score', p.quiz_best_score) as meta
              from lesson_progress p join users u on u.id = p.user_id
             where ${sql.join(c, sql` and `)}
             order by p.updated_at desc, ${lid} desc limit ${n}`,
      );
    }
  }
}

/**
 * 工作浏览: one page of the team's work within the viewer's scope, newest first — new customers,
 * communications, new deals, stage moves, plans, work summaries, lessons completed — filtered by person,
 * unit (its subtree), kind and period (company days). Each kind is read by its own keyset over
 * (time, id) through an index (see ownedKeys), at most a page + 1 each, and the reads are merged here, so a
 * page costs the same for a rep as for the GM over a million communications. With each item its comments.
 */
export async function getTeamFeed(db: Db, viewer: Viewer, q: TeamFeedQuery, limit = FEED_PAGE_SIZE) {
  const reach = await reachOf(db, viewer, q);
  if (reach.kind === "none") return { items: [] as FeedItem[], nextCursor: null as string | null };
  const cursor = decodeCursor(q.cursor, "timestamp");
  const from = q.from ? (fromLocal(q.from, "00:00")?.toISOString() ?? null) : null;
  const before = q.to ? (fromLocal(addDays(q.to, 1), "00:00")?.toISOString() ?? null) : null;
  const b: Bounds = { cursor, from, before };
  const kinds = q.kind ? [q.kind] : FEED_KINDS;
  const parts: FeedItem[] = [];
  // one after another: the embedded database has one connection
  for (const kind of kinds) {
    for (const r of await readKind(db, kind, reach, b, limit + 1)) parts.push({ ...r, at: new Date(r.at), kind, meta: r.meta ?? {}, comments: [] });
  }
  parts.sort((x, y) => (x.key === y.key ? (x.id < y.id ? 1 : -1) : x.key < y.key ? 1 : -1));
  const page = parts.slice(0, limit);
  const more = parts.length > limit;
  const last = page[page.length - 1];
  await attachComments(db, page);
  return { items: page, nextCursor: more && last ? encodeCursor([last.key, last.id]) : null };
}

async function attachComments(db: Db, items: FeedItem[]) {
  const targets = items.filter((i) => i.kind !== "lesson");
  if (!targets.length) return;
  const rows = await db
    .select({ id: reviews.id, targetType: reviews.targetType, targetId: reviews.targetId, comment: reviews.comment, createdAt: reviews.createdAt, reviewerName: users.name })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.reviewerId))
    .where(
      and(
        inArray(reviews.targetType, [...new Set(targets.map((i) => COMMENT_TYPE[i.kind as CommentTarget]))]),
        inArray(reviews.targetId, targets.map((i) => i.id)),
        eq(reviews.action, "comment"),
      ),
    )
    .orderBy(reviews.createdAt, reviews.id)
    .limit(500);
  for (const i of targets) i.comments = rows.filter((r) => r.targetId === i.id && r.targetType === COMMENT_TYPE[i.kind as CommentTarget]);
}

/** The owner (and for a communication, its author) of a feed item within the viewer's scope; null = not found. */
async function commentTarget(db: Db, viewer: Viewer, type: CommentTarget, id: string) {
  const one = async (rows: { ownerId: string | null; authorId?: string | null; label: string; href: string }[]) => rows[0] ?? null;
  switch (type) {
    case "customer":
      return one(
        await db
          .select({ ownerId: customers.ownerId, label: customers.name, href: sql<string>`'/customers/' || ${customers.id}` })
          .from(customers)
          .where(and(eq(customers.id, id), isNull(customers.deletedAt), scopeWhere(viewer, customers))),
      );
    case "communication":
      return one(
        await db
          .select({ ownerId: communications.ownerId, authorId: communications.authorId, label: communications.topic, href: sql<string>`'/customers/' || ${communications.customerId}` })
          .from(communications)
          .where(and(eq(communications.id, id), isNull(communications.deletedAt), scopeWhere(viewer, communications))),
      );
    case "deal":
      return one(
        await db
          .select({ ownerId: deals.ownerId, label: deals.title, href: sql<string>`'/deals/' || ${deals.id}` })
          .from(deals)
          .where(and(eq(deals.id, id), isNull(deals.deletedAt), scopeWhere(viewer, deals))),
      );
    case "stage":
      return one(
        await db
          .select({ ownerId: deals.ownerId, label: deals.title, href: sql<string>`'/deals/' || ${deals.id}` })
          .from(dealStageHistory)
          .innerJoin(deals, eq(deals.id, dealStageHistory.dealId))
          .where(and(eq(dealStageHistory.id, id), isNull(deals.deletedAt), scopeWhere(viewer, deals))),
      );
    case "plan":
      return one(
        await db
          .select({ ownerId: plans.ownerId, label: plans.subject, href: sql<string>`'/plans'` })
          .from(plans)
          .where(and(eq(plans.id, id), isNull(plans.deletedAt), scopeWhere(viewer, plans))),
      );
    case "summary":
      return one(
        await db
          .select({ ownerId: workSummaries.ownerId, label: sql<string>`${workSummaries.periodStart}::text`, href: sql<string>`'/plans'` })
          .from(workSummaries)
          .where(and(eq(workSummaries.id, id), isNull(workSummaries.deletedAt), scopeWhere(viewer, workSummaries))),
      );
  }
}

/**
 * A manager's comment (点评) on an item of the feed: the item must be in scope (else not found). Kept in the
 * review trail (reviews, action 'comment'; a plan's or summary's shows with its reviews), audited, and the
 * item's owner — and a communication's author — find it in their notifications.
 */
export async function commentOnItem(db: Db, viewer: Viewer, type: CommentTarget, id: string, comment: string, ip?: string | null) {
  if (!can(viewer, "plan:review")) throw notFound();
  const target = await commentTarget(db, viewer, type, id);
  if (!target) throw notFound();
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(reviews).values({ targetType: COMMENT_TYPE[type], targetId: id, reviewerId: viewer.id, action: "comment", comment }).returning();
    const to = new Set([target.ownerId, target.authorId].filter((u): u is string => !!u && u !== viewer.id));
    if (to.size)
      await tx.insert(notifications).values(
        [...to].map((userId) => ({ userId, kind: "comment", title: `${viewer.name} 点评了：${target.label}`, body: comment, href: target.href, actorId: viewer.id })),
      );
    await writeAudit(tx, viewer, { action: "comment", entityType: COMMENT_TYPE[type], entityId: id, after: { comment }, ip });
    return row;
  });
}

export type PersonSummary = {
  id: string;
  name: string;
  unitName: string;
  customers7: number;
  customers30: number;
  communications7: number;
  communications30: number;
  won7: number;
  won30: number;
  overdueFollowUps: number;
};

/**
 * Per person of the viewer's scope: customers added, communications written and deals won in the last 7
 * and 30 days, and open follow-ups past their day (the materialised inbox figure, reminder_owners). Each
 * count is a range read of that person's (owner_id, created_at / contacted_at / closed_on) index.
 */
export async function getTeamSummary(db: Db, viewer: Viewer, now = new Date()): Promise<PersonSummary[]> {
  if (!can(viewer, "plan:review")) return [];
  const today = companyToday(now);
  const d7 = fromLocal(addDays(today, -6), "00:00")!.toISOString();
  const d30 = fromLocal(addDays(today, -29), "00:00")!.toISOString();
  const inScope = scopeWhere(viewer, { ownerId: users.id, orgUnitId: users.orgUnitId });
  const rows = await queryRows<PersonSummary>(
    db,
    sql`select users.id, users.name, ou.name as "unitName",
          (select count(*) filter (where created_at >= ${d7}::timestamptz) from customers where owner_id = users.id and deleted_at is null and created_at >= ${d30}::timestamptz)::int as customers7,
          (select count(*) from customers where owner_id = users.id and deleted_at is null and created_at >= ${d30}::timestamptz)::int as customers30,
          (select count(*) filter (where contacted_at >= ${d7}::timestamptz) from communications where owner_id = users.id and deleted_at is null and contacted_at >= ${d30}::timestamptz)::int as communications7,
          (select count(*) from communications where owner_id = users.id and deleted_at is null and contacted_at >= ${d30}::timestamptz)::int as communications30,
          (select count(*) filter (where closed_on >= ${addDays(today, -6)}::date) from deals where owner_id = users.id and deleted_at is null and status = 'won' and closed_on >= ${addDays(today, -29)}::date and closed_on <= ${today}::date)::int as won7,
          (select count(*) from deals where owner_id = users.id and deleted_at is null and status = 'won' and closed_on >= ${addDays(today, -29)}::date and closed_on <= ${today}::date)::int as won30,
          coalesce((select overdue_follow_ups from reminder_owners where owner_id = users.id), 0)::int as "overdueFollowUps"
        from ${users} join ${orgUnits} ou on ou.id = users.org_unit_id
        where ${inScope} and users.active and users.deleted_at is null
          and exists (select 1 from roles r where r.id = users.role_id and 'customer:view' = any(r.permissions))
        order by ou.path, users.name limit 500`,
  );
  return rows.map((r) => ({ ...r, customers7: Number(r.customers7), customers30: Number(r.customers30), communications7: Number(r.communications7), communications30: Number(r.communications30), won7: Number(r.won7), won30: Number(r.won30), overdueFollowUps: Number(r.overdueFollowUps) }));
}

/** People and units the feed's filters offer: those of the viewer's scope. */
export async function getTeamFilterOptions(db: Db, viewer: Viewer) {
  if (!can(viewer, "plan:review")) return { people: [], units: [] };
  const people = await db
    .select({ id: users.id, name: users.name, unitName: orgUnits.name })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(and(scopeWhere(viewer, { ownerId: users.id, orgUnitId: users.orgUnitId }), isNull(users.deletedAt)))
    .orderBy(orgUnits.path, users.name)
    .limit(500);
  const units = await db
    .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
    .from(orgUnits)
    .where(and(isNull(orgUnits.deletedAt), viewer.dataScope === "all" ? undefined : viewer.unitIds.length ? inArray(orgUnits.id, viewer.unitIds) : sql`false`))
    .orderBy(orgUnits.path)
    .limit(500);
  return { people, units };
}

// ---------------------------------------------------------------- notifications (消息通知)

/** A person's latest notifications (their own only). */
export async function listNotifications(db: Db, viewer: Viewer, limit = 20) {
  return db
    .select({ id: notifications.id, kind: notifications.kind, title: notifications.title, body: notifications.body, href: notifications.href, createdAt: notifications.createdAt, readAt: notifications.readAt })
    .from(notifications)
    .where(eq(notifications.userId, viewer.id))
    .orderBy(sql`${notifications.createdAt} desc, ${notifications.id} desc`)
    .limit(limit);
}

/** Marks the viewer's notifications read (all, or one). */
export async function markNotificationsRead(db: Db, viewer: Viewer, id?: string | null) {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, viewer.id), isNull(notifications.readAt), id ? eq(notifications.id, id) : undefined));
}
