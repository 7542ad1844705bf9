import { createHash } from "node:crypto";
import { uuidv7 } from "uuidv7";
import { and, asc, desc, eq, gt, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { queryRows, type Db } from "@/db/client";
import { auditLog, communications, customers, deals, fabEntries, plans, processStages, products, syncMutations, todos, users } from "@/db/schema";
import { today as companyToday } from "@/lib/dates";
import { AppError, forbidden } from "@/lib/errors";
import { pinyinRuns } from "@/lib/search-tokens";
import { offlineLessons } from "@/lib/training/offline";
import { checkDuplicates, createCustomer, CardConflict, updateCustomerCard } from "./customers";
import { createCommunication } from "./communications";
import { completePlan } from "./plans";
import { readInboxPage } from "./reminder-inbox";
import { andScope } from "./scope";
import { createTodo, moveTodo, setTodoDone } from "./todos";
import type { SyncMutation, SyncCollection } from "@/lib/validation/sync";
import { syncDataSchemas } from "@/lib/validation/sync";
import { localizeMessage } from "@/lib/validation/messages-en";
import { fieldErrors } from "@/lib/validation/common";
import { can, type Viewer } from "@/lib/viewer";
import { DEFAULT_LOCALE, type Locale } from "@/i18n/config";

/**
 * Offline sync (ARCHITECTURE.md "Offline and sync", issue #11): the working set a phone keeps, and the
 * mutations it queued while offline.
 *
 * The working set is what the viewer owns — their own customers (for a rep, the whole scope), those customers'
 * communications of the last 90 days and open deals, their to-dos and plans — plus the products with their FAB
 * chains and a snapshot of the reminder inbox. Owning, not the whole scope: a manager's or the GM's phone would
 * otherwise carry every customer of the company, and a pull's cost must not follow the size of a scope. Every
 * read still ANDs the viewer's scope, so a row outside it is never sent whatever the owner column says.
 */

/** How far a delta pull looks back past the previous pull's start, for transactions still open then. */
export const SYNC_OVERLAP_MS = 60_000;
/** Communications older than this (by 交流时间) are not on the phone. */
export const SYNC_COMMUNICATION_DAYS = 90;
/** Rows per pulled page: a page costs a round trip and a set of headers, and compresses better the bigger it is. */
export const SYNC_PAGE_MAX = 10_000;
/** How much of a communication's text the phone keeps. */
const SUMMARY_CHARS = 80;

type Keyset = { t: string; id: string };
export type PullCursor = { since: string | null; after: Keyset | null };

export type PullPage = {
  collection: SyncCollection;
  /** Rows to insert or replace on the phone. */
  rows: Record<string, unknown>[];
  /** Ids to delete from the phone (deleted, closed, archived, or no longer the viewer's). */
  removed: string[];
  /** `replace`: the rows are the whole collection; anything else on the phone goes. */
  replace?: boolean;
  /** Where the next request continues; `done` means this cycle has everything up to `startedAt`. */
  next: PullCursor;
  done: boolean;
};

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** Rows changed after `since`, keyset-paged by (updated_at, id) — deleted ones too, so the phone drops them. */
function changedSince(t: { updatedAt: AnyPgColumn; id: AnyPgColumn }, c: PullCursor): SQL | undefined {
  const parts: SQL[] = [];
  if (c.since) parts.push(gt(t.updatedAt, new Date(c.since)));
  if (c.after) parts.push(sql`(${t.updatedAt}, ${t.id}) > (${c.after.t}::timestamptz, ${c.after.id}::uuid)`);
  return parts.length ? and(...parts) : undefined;
}

/** updated_at as PostgreSQL prints it, to the microsecond: a keyset from a JS Date (milliseconds) would repeat rows. */
const exactTime = (col: AnyPgColumn) => sql<string>`${col}::text`;

function nextCursor<R extends { at: string; id: string }>(rows: R[], limit: number, c: PullCursor, startedAt: Date): { next: PullCursor; done: boolean } {
  if (rows.length >= limit) {
    const last = rows[rows.length - 1];
    return { next: { since: c.since, after: { t: last.at, id: last.id } }, done: false };
  }
  return { next: { since: iso(new Date(startedAt.getTime() - SYNC_OVERLAP_MS)), after: null }, done: true };
}

/**
 * Customers that left the viewer since `since` (moved to another owner): the phone deletes them with their
 * communications and deals. Read from the assignment audit rows (every reassignment writes one per customer,
 * db/queries/customer-assignment.ts), so only ids the viewer owned before are ever named.
 */
async function customerExits(db: Db, viewer: Viewer, since: string | null) {
  if (!since) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select distinct a.entity_id as id
          from ${auditLog} a
          join ${customers} c on c.id = a.entity_id
         where a.entity_type = 'customer' and a.action = 'assign' and a.at > ${new Date(since)}
           and a.before ->> 'ownerId' = ${viewer.id}
           and c.owner_id is distinct from ${viewer.id}
         limit 5000`,
  );
  return rows.map((r) => r.id);
}

const customerColumns = {
  id: customers.id,
  version: customers.version,
  kind: customers.kind,
  name: customers.name,
  namePinyin: customers.namePinyin,
  companyName: customers.companyName,
  title: customers.title,
  mobile: customers.mobile,
  landline: customers.landline,
  email: customers.email,
  wechat: customers.wechat,
  qq: customers.qq,
  gender: customers.gender,
  address: customers.address,
  stage: customers.stage,
  valueGrade: sql<string | null>`coalesce(${customers.valueGradeOverride}, ${customers.valueGrade})`,
  lastContactAt: customers.lastContactAt,
  followUpOn: customers.followUpOn,
  solarBirthday: customers.solarBirthday,
  lunarBirthMonth: customers.lunarBirthMonth,
  lunarBirthDay: customers.lunarBirthDay,
  lunarBirthLeap: customers.lunarBirthLeap,
  firstImpression: customers.firstImpression,
  personality: customers.personality,
  companyId: customers.companyId,
  deletedAt: customers.deletedAt,
  at: exactTime(customers.updatedAt),
};

/** One page of one collection's changes for the viewer's phone. */
export async function pullChanges(
  db: Db,
  viewer: Viewer,
  collection: SyncCollection,
  cursor: PullCursor,
  limit = SYNC_PAGE_MAX,
  now = new Date(),
  locale: Locale = DEFAULT_LOCALE,
): Promise<PullPage> {
  const lim = Math.max(1, Math.min(limit, SYNC_PAGE_MAX));
  const split = <R extends { id: string; at: string; deletedAt: Date | null }>(rows: R[], gone: (r: R) => boolean) => {
    const keep: Record<string, unknown>[] = [];
    const removed: string[] = [];
    for (const r of rows) {
      if (gone(r)) removed.push(r.id);
      else {
        const { at: _at, deletedAt: _deleted, ...row } = r;
        keep.push(row);
      }
    }
    return { rows: keep, removed, ...nextCursor(rows, lim, cursor, now) };
  };
  switch (collection) {
    case "customers": {
      const rows = await db
        .select(customerColumns)
        .from(customers)
        .where(andScope(viewer, customers, eq(customers.ownerId, viewer.id), changedSince(customers, cursor)))
        .orderBy(asc(customers.updatedAt), asc(customers.id))
        .limit(lim);
      // the phone builds the search tokens itself (lib/search-query.ts tokensFromRuns) from the syllables of
      // the name's and company's Chinese: a tenth of the bytes of the tokens
      const page = split(
        rows.map((r) => ({ ...r, py: pinyinRuns(r) })),
        (r) => r.deletedAt != null,
      );
      // exits once per cycle, on its first page
      if (!cursor.after) page.removed.push(...(await customerExits(db, viewer, cursor.since)));
      return { collection, ...page };
    }
    case "communications": {
      const from = new Date(now.getTime() - SYNC_COMMUNICATION_DAYS * 86_400_000);
      const rows = await db
        .select({
          id: communications.id,
          version: communications.version,
          customerId: communications.customerId,
          method: communications.method,
          topic: communications.topic,
          interest: communications.interest,
          // the first 80 characters: 30,000 whole records would be most of a phone's download; the full text
          // is a tap away online (summaryCut tells the phone there is more)
          summary: sql<string | null>`left(${communications.summary}, ${SUMMARY_CHARS})`,
          summaryCut: sql<boolean>`coalesce(length(${communications.summary}) > ${SUMMARY_CHARS}, false)`,
          contactedAt: communications.contactedAt,
          nextFollowUp: communications.nextFollowUp,
          deletedAt: communications.deletedAt,
          at: exactTime(communications.updatedAt),
        })
        .from(communications)
        .where(andScope(viewer, communications, eq(communications.ownerId, viewer.id), changedSince(communications, cursor)))
        .orderBy(asc(communications.updatedAt), asc(communications.id))
        .limit(lim);
      return { collection, ...split(rows, (r) => r.deletedAt != null || r.contactedAt < from) };
    }
    case "deals": {
      const rows = await db
        .select({
          id: deals.id,
          version: deals.version,
          customerId: deals.customerId,
          title: deals.title,
          status: deals.status,
          stageName: processStages.name,
          expectedAmount: deals.expectedAmount,
          expectedDate: deals.expectedDate,
          probability: deals.probability,
          deletedAt: deals.deletedAt,
          at: exactTime(deals.updatedAt),
        })
        .from(deals)
        .leftJoin(processStages, eq(processStages.id, deals.stageId))
        .where(andScope(viewer, deals, eq(deals.ownerId, viewer.id), changedSince(deals, cursor)))
        .orderBy(asc(deals.updatedAt), asc(deals.id))
        .limit(lim);
      return { collection, ...split(rows, (r) => r.deletedAt != null || r.status !== "open") };
    }
    case "todos": {
      const rows = await db
        .select({
          id: todos.id,
          version: todos.version,
          title: todos.title,
          notes: todos.notes,
          quadrant: todos.quadrant,
          dueOn: todos.dueOn,
          doneAt: todos.doneAt,
          deletedAt: todos.deletedAt,
          at: exactTime(todos.updatedAt),
        })
        .from(todos)
        .where(and(eq(todos.ownerId, viewer.id), changedSince(todos, cursor)))
        .orderBy(asc(todos.updatedAt), asc(todos.id))
        .limit(lim);
      return { collection, ...split(rows, (r) => r.deletedAt != null) };
    }
    case "plans": {
      const rows = await db
        .select({
          id: plans.id,
          version: plans.version,
          subject: plans.subject,
          period: plans.period,
          startDate: plans.startDate,
          endDate: plans.endDate,
          important: plans.important,
          urgent: plans.urgent,
          content: plans.content,
          completedOn: plans.completedOn,
          completion: plans.completion,
          reviewStatus: plans.reviewStatus,
          deletedAt: plans.deletedAt,
          at: exactTime(plans.updatedAt),
        })
        .from(plans)
        .where(andScope(viewer, plans, eq(plans.ownerId, viewer.id), changedSince(plans, cursor)))
        .orderBy(asc(plans.updatedAt), asc(plans.id))
        .limit(lim);
      return { collection, ...split(rows, (r) => r.deletedAt != null) };
    }
    case "products": {
      // a small catalogue: when anything in it changed, the whole of it (products with their FAB chains)
      const since = cursor.since ? new Date(cursor.since) : null;
      const done = { next: { since: iso(new Date(now.getTime() - SYNC_OVERLAP_MS)), after: null }, done: true };
      if (since) {
        const [changed] = await queryRows<{ x: boolean }>(
          db,
          sql`select (exists (select 1 from ${products} where updated_at > ${since}) or exists (select 1 from ${fabEntries} where updated_at > ${since})) as x`,
        );
        if (!changed?.x) return { collection, rows: [], removed: [], ...done };
      }
      const list = await db
        .select({ id: products.id, version: products.version, name: products.name, category: products.category, price: products.price, unit: products.unit, description: products.description })
        .from(products)
        .where(and(isNull(products.deletedAt), isNull(products.archivedAt)))
        .orderBy(asc(products.name))
        .limit(500);
      const fab = list.length
        ? await db
            .select({ id: fabEntries.id, productId: fabEntries.productId, customerType: fabEntries.customerType, feature: fabEntries.feature, advantage: fabEntries.advantage, benefit: fabEntries.benefit })
            .from(fabEntries)
            .where(and(inArray(fabEntries.productId, list.map((p) => p.id)), isNull(fabEntries.deletedAt)))
            .orderBy(asc(fabEntries.productId), asc(fabEntries.sort), asc(fabEntries.id))
            .limit(5000)
        : [];
      return { collection, rows: list.map((p) => ({ ...p, fab: fab.filter((f) => f.productId === p.id) })), removed: [], replace: true, ...done };
    }
    case "reminders": {
      // the inbox is computed per day: its first items of every kind, whole — sent again only when they
      // changed (the cursor carries a digest of what the phone has)
      const page = await readInboxPage(db, viewer, companyToday(now), { limit: 20 });
      const rows = page.reminders.map((r) => ({ id: r.dedupeKey, ...r }));
      return whole(collection, rows, createHash("sha1").update(JSON.stringify(rows)).digest("hex"), cursor, now);
    }
    case "lessons": {
      // the lessons' text in the viewer's language, the same for everyone: sent again only when a lesson
      // (or the language) changed
      const { rows, digest } = await offlineLessons(locale);
      return whole(collection, rows, createHash("sha1").update(`${locale}:${digest}`).digest("hex"), cursor, now);
    }
  }
}

/**
 * A collection sent whole, and only when it changed: the cursor carries a digest of what the phone has, shaped
 * as a uuid.
 */
function whole(collection: SyncCollection, rows: Record<string, unknown>[], digest: string, cursor: PullCursor, now: Date): PullPage {
  const id = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
  const next = { since: iso(new Date(now.getTime() - SYNC_OVERLAP_MS)), after: { t: iso(now), id } };
  if (cursor.after?.id === id) return { collection, rows: [], removed: [], next, done: true };
  return { collection, rows, removed: [], replace: true, next, done: true };
}

// ------------------------------------------------------------------------------------------------ push

export type PushResult =
  | { id: string; status: "applied"; replayed?: boolean; entityId: string; version?: number }
  | { id: string; status: "rejected"; code: string; error: string; fieldErrors?: Record<string, string> }
  | { id: string; status: "conflict"; error: string; server: Record<string, unknown>; serverVersion: number }
  | { id: string; status: "duplicates"; error: string; duplicates: unknown[] };

/**
 * Applies a phone's queued mutations in order, each once: its id goes into sync_mutations in the same
 * transaction as its change, so a batch sent again (a lost answer, a page closed mid-sync) changes nothing and
 * answers as before. Each is checked like the online form — the same zod schema and db/queries function, the
 * viewer's scope — and a refusal is answered for that item alone (its transaction rolled back, nothing
 * recorded, so the rep may fix it and send it again under the same id); it never stops the ones after it.
 */
export async function applyMutations(db: Db, viewer: Viewer, mutations: SyncMutation[], ip: string | null, locale: Locale = DEFAULT_LOCALE): Promise<PushResult[]> {
  const out: PushResult[] = [];
  for (const m of mutations) out.push(await applyOne(db, viewer, m, ip, locale));
  return out;
}

async function applyOne(db: Db, viewer: Viewer, m: SyncMutation, ip: string | null, locale: Locale): Promise<PushResult> {
  const t = (s: string) => localizeMessage(s, locale);
  try {
    return await db.transaction(async (tx) => {
      const [claimed] = await tx
        .insert(syncMutations)
        .values({ id: m.id, userId: viewer.id, kind: m.kind })
        .onConflictDoNothing({ target: syncMutations.id })
        .returning({ id: syncMutations.id });
      if (!claimed) {
        const [seen] = await tx.select().from(syncMutations).where(eq(syncMutations.id, m.id)).limit(1);
        // another person's mutation id is not theirs to learn anything about
        if (!seen || seen.userId !== viewer.id) throw new AppError("VALIDATION", "同步记录编号无效");
        return { ...(seen.result as PushResult), id: m.id, replayed: true } as PushResult;
      }
      const applied = await applyKind(tx, viewer, m, ip);
      if ("status" in applied) throw new Refused(applied);
      const result: PushResult = { id: m.id, status: "applied", ...applied };
      await tx.update(syncMutations).set({ result }).where(eq(syncMutations.id, m.id));
      return result;
    });
  } catch (e) {
    if (e instanceof Refused) return { ...e.result, error: t(e.result.error) } as PushResult;
    if (e instanceof CardConflict) {
      await recordConflict(db, viewer, m, e);
      return { id: m.id, status: "conflict", error: t(e.message), server: e.server, serverVersion: e.serverVersion };
    }
    if (e instanceof AppError) {
      const msg = e.code === "NOT_FOUND" ? "记录不存在或您无权访问" : e.message;
      return {
        id: m.id,
        status: "rejected",
        code: e.code,
        error: t(msg),
        fieldErrors: e.fieldErrors && Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [k, t(v)])),
      };
    }
    console.error("[sync] unexpected error", e);
    return { id: m.id, status: "rejected", code: "INTERNAL", error: t("系统繁忙，保存未完成，请稍后重试") };
  }
}

/**
 * A conflict is kept on the server as well as on the phone, so that the rep's manager sees it (listSyncConflicts):
 * an audit row outside the mutation's rolled-back transaction, once per mutation id however often the phone
 * sends it again before the rep settles it.
 */
async function recordConflict(db: Db, viewer: Viewer, m: SyncMutation, e: CardConflict) {
  const after = { mutationId: m.id, baseVersion: m.baseVersion ?? null, data: m.data };
  const before = { ...e.server, version: e.serverVersion };
  await db.execute(sql`
    insert into ${auditLog} (id, actor_id, action, entity_type, entity_id, before, after)
    select ${uuidv7()}::uuid, ${viewer.id}, ${SYNC_CONFLICT_ACTION}, 'customer', ${m.entityId}, ${JSON.stringify(before)}::jsonb, ${JSON.stringify(after)}::jsonb
     where not exists (select 1 from ${auditLog} where entity_type = 'customer' and entity_id = ${m.entityId}
                          and action = ${SYNC_CONFLICT_ACTION} and after ->> 'mutationId' = ${m.id})`);
}

const SYNC_CONFLICT_ACTION = "sync_conflict";

export type SyncConflictRow = {
  id: string;
  at: Date;
  customerId: string;
  customerName: string;
  repName: string | null;
  /** The fields the rep changed offline: theirs (the phone's) and the server's at the time. */
  fields: { field: string; mine: unknown; server: unknown }[];
  baseVersion: number | null;
  serverVersion: number | null;
  /** The rep sent it again after comparing (keep mine / merge): applied. Otherwise still open on the phone, or kept the server's. */
  settled: boolean;
};

/**
 * 同步冲突: offline card edits that met a newer version on the server, newest first — for a manager (plan:review),
 * on customers in their scope only.
 */
export async function listSyncConflicts(db: Db, viewer: Viewer, limit = 100): Promise<SyncConflictRow[]> {
  if (!can(viewer, "plan:review")) throw forbidden();
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      customerId: customers.id,
      customerName: customers.name,
      repName: users.name,
      before: auditLog.before,
      after: auditLog.after,
      settled: sql<boolean>`exists (select 1 from ${syncMutations} s where s.id = (${auditLog.after} ->> 'mutationId')::uuid)`,
    })
    .from(auditLog)
    .innerJoin(customers, eq(customers.id, auditLog.entityId))
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(andScope(viewer, customers, eq(auditLog.action, SYNC_CONFLICT_ACTION), eq(auditLog.entityType, "customer"), isNull(customers.deletedAt)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(Math.max(1, Math.min(limit, 500)));
  return rows.map((r) => {
    const before = (r.before ?? {}) as Record<string, unknown>;
    const after = (r.after ?? {}) as { baseVersion?: number | null; data?: Record<string, unknown> };
    const data = after.data ?? {};
    return {
      id: r.id,
      at: r.at,
      customerId: r.customerId,
      customerName: r.customerName,
      repName: r.repName,
      fields: Object.keys(data).map((field) => ({ field, mine: data[field], server: before[field] })),
      baseVersion: after.baseVersion ?? null,
      serverVersion: typeof before.version === "number" ? before.version : null,
      settled: r.settled,
    };
  });
}

/** A refusal that is not an error (duplicates to confirm): its transaction rolls back like any other. */
class Refused extends Error {
  constructor(readonly result: Extract<PushResult, { status: "duplicates" }>) {
    super(result.error);
  }
}

function parseData<K extends SyncMutation["kind"]>(kind: K, data: unknown) {
  const r = syncDataSchemas[kind].safeParse(data);
  if (!r.success) throw new AppError("VALIDATION", "请修正标出的字段", fieldErrors(r.error));
  return r.data;
}

async function applyKind(
  tx: Db,
  viewer: Viewer,
  m: SyncMutation,
  ip: string | null,
): Promise<{ entityId: string; version?: number } | Extract<PushResult, { status: "duplicates" }>> {
  switch (m.kind) {
    case "customer.create": {
      const input = parseData(m.kind, m.data) as import("@/lib/validation/customer").CustomerInput;
      if (!input.confirmDuplicate) {
        const dups = await checkDuplicates(tx, viewer, input, m.entityId);
        if (dups.length) return { id: m.id, status: "duplicates", error: "发现可能重复的客户，请确认后再保存", duplicates: dups };
      }
      const row = await createCustomer(tx, viewer, { ...input, ownerId: null }, ip, { id: m.entityId });
      return { entityId: row.id, version: row.version };
    }
    case "customer.update": {
      if (m.baseVersion == null) throw new AppError("VALIDATION", "缺少修改所依据的版本");
      const patch = parseData(m.kind, m.data) as import("@/lib/validation/customer").CustomerCard;
      const row = await updateCustomerCard(tx, viewer, m.entityId, m.baseVersion, patch, ip);
      return { entityId: row.id, version: row.version };
    }
    case "communication.create": {
      const input = parseData(m.kind, m.data) as import("@/lib/validation/communication").CommunicationInput;
      const row = await createCommunication(tx, viewer, input, ip, { id: m.entityId });
      return { entityId: row.id, version: row.version };
    }
    case "todo.create": {
      const input = parseData(m.kind, m.data) as import("@/lib/validation/todos").TodoInput;
      const row = await createTodo(tx, viewer, input, { id: m.entityId });
      return { entityId: row.id, version: row.version };
    }
    case "todo.move": {
      const { quadrant } = parseData(m.kind, m.data) as { quadrant: import("@/lib/todos").Quadrant };
      const row = await moveTodo(tx, viewer, m.entityId, quadrant);
      return { entityId: row.id, version: row.version };
    }
    case "todo.done": {
      const { done } = parseData(m.kind, m.data) as { done: boolean };
      const row = await setTodoDone(tx, viewer, m.entityId, done);
      return { entityId: row.id, version: row.version };
    }
    case "plan.complete": {
      const input = parseData(m.kind, m.data) as import("@/lib/validation/plans").PlanCompletion;
      const row = await completePlan(tx, viewer, m.entityId, input);
      return { entityId: row.id, version: row.version };
    }
  }
}
