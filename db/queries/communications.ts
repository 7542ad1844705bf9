import { and, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { communications, customers, orgUnits, users } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import type { CommunicationInput, CommunicationListQuery } from "@/lib/validation/communication";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { andScope, scopeWhere } from "./scope";
import { companyTz } from "./dates";

export const COMM_PAGE_SIZE = 50;

/**
 * Writes one communication record (交流记录) for a customer in the viewer's scope. The record's
 * owner/unit mirror the customer's owner (so the overview is scoped like customers); author is the
 * writer. The customer's last contact moves forward in the same transaction.
 */
export async function createCommunication(db: Db, viewer: Viewer, input: CommunicationInput, ip?: string | null, opts: { id?: string } = {}) {
  if (!can(viewer, "communication:create")) throw forbidden();
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select({ id: customers.id, name: customers.name, kind: customers.kind, companyName: customers.companyName, ownerId: customers.ownerId, orgUnitId: customers.orgUnitId })
      .from(customers)
      .where(andScope(viewer, customers, eq(customers.id, input.customerId), isNull(customers.deletedAt)))
      .for("update")
      .limit(1);
    if (!c) throw notFound();
    const [row] = await tx
      .insert(communications)
      .values({
        ...(opts.id ? { id: opts.id } : {}),
        customerId: c.id,
        contactName: input.contactName ?? (c.kind === "individual" ? c.name : null),
        companyName: input.companyName ?? (c.kind === "company" ? c.name : c.companyName),
        method: input.method,
        topic: input.topic,
        purpose: input.purpose,
        interest: input.interest,
        summary: input.summary,
        needsInsight: input.needsInsight,
        contactedAt: input.contactedAt,
        nextFollowUp: input.nextFollowUp,
        authorId: viewer.id,
        ownerId: c.ownerId,
        orgUnitId: c.orgUnitId,
        createdBy: viewer.id,
        updatedBy: viewer.id,
      })
      .onConflictDoNothing({ target: communications.id })
      .returning();
    if (!row) throw new AppError("VALIDATION", "记录编号已被使用，请重新创建");
    await tx
      .update(customers)
      .set({ lastContactAt: sql`greatest(${customers.lastContactAt}, ${input.contactedAt.toISOString()}::timestamptz)` })
      .where(eq(customers.id, c.id));
    await writeAudit(tx, viewer, {
      action: "create",
      entityType: "communication",
      entityId: row.id,
      after: { customerId: c.id, method: row.method, topic: row.topic, contactedAt: row.contactedAt, nextFollowUp: row.nextFollowUp },
      ip,
    });
    return row;
  });
}

/** Overview filters besides scope and paging. */
function overviewFilters(viewer: Viewer, q: CommunicationListQuery): SQL[] {
  const f: SQL[] = [scopeWhere(viewer, communications), isNull(communications.deletedAt)];
  if (q.owner) f.push(eq(communications.ownerId, q.owner));
  if (q.unit)
    f.push(
      sql`${communications.orgUnitId} in (select u.id from ${orgUnits} u where u.path like (select p.path from ${orgUnits} p where p.id = ${q.unit}) || '%')`,
    );
  if (q.customer) f.push(eq(communications.customerId, q.customer));
  if (q.from) f.push(sql`${communications.contactedAt} >= ${q.from}::date::timestamp at time zone ${companyTz}`);
  if (q.to) f.push(sql`${communications.contactedAt} < (${q.to}::date + 1)::timestamp at time zone ${companyTz}`);
  if (q.method) f.push(eq(communications.method, q.method));
  if (q.interest) f.push(eq(communications.interest, q.interest));
  // customer conditions as (anti-)semi-joins so the page is read straight off the (contacted_at, id) index
  f.push(
    q.stage
      ? sql`exists (select 1 from ${customers} c where c.id = ${communications.customerId} and c.stage = ${q.stage} and c.deleted_at is null)`
      : sql`not exists (select 1 from ${customers} c where c.id = ${communications.customerId} and c.deleted_at is not null)`,
  );
  return f;
}

export type CommunicationRow = Awaited<ReturnType<typeof listCommunications>>["rows"][number];

/**
 * 交流记录一览表: one page of communications across the viewer's scope, newest first, keyset-paginated
 * on (contacted_at, id) so any page costs the same as the first.
 */
export async function listCommunications(db: Db, viewer: Viewer, q: CommunicationListQuery, limit = COMM_PAGE_SIZE) {
  const where = overviewFilters(viewer, q);
  const cursor = decodeCursor(q.cursor, "timestamp");
  if (cursor?.[0]) where.push(sql`(${communications.contactedAt}, ${communications.id}) < (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)`);
  // 1) the page of ids off the index, 2) its details for just those rows
  const keys = await db
    .select({ id: communications.id, sortKey: sql<string>`${communications.contactedAt}::text` })
    .from(communications)
    .where(and(...where))
    // plain DESC (= NULLS FIRST) is the order of the communications_*_idx indexes (migration 0001); any
    // other NULLS order makes the planner sort the whole scope instead of reading the index
    .orderBy(sql`${communications.contactedAt} desc`, sql`${communications.id} desc`)
    .limit(limit + 1);
  const details = keys.length
    ? await db
        .select({
          id: communications.id,
          customerId: communications.customerId,
          customerName: customers.name,
          customerStage: customers.stage,
          contactName: communications.contactName,
          companyName: communications.companyName,
          method: communications.method,
          topic: communications.topic,
          purpose: communications.purpose,
          interest: communications.interest,
          summary: communications.summary,
          needsInsight: communications.needsInsight,
          contactedAt: communications.contactedAt,
          nextFollowUp: communications.nextFollowUp,
          ownerId: communications.ownerId,
          ownerName: users.name,
        })
        .from(communications)
        .innerJoin(customers, eq(customers.id, communications.customerId))
        .leftJoin(users, eq(users.id, communications.ownerId))
        .where(inArray(communications.id, keys.map((k) => k.id)))
    : [];
  const byId = new Map(details.map((d) => [d.id, d]));
  const rows = keys.flatMap((k) => (byId.has(k.id) ? [{ ...byId.get(k.id)!, sortKey: k.sortKey }] : []));
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page.map(({ sortKey: _s, ...r }) => r), nextCursor: more && last ? encodeCursor([last.sortKey, last.id]) : null };
}

/** The org units the viewer may filter the overview by (the units of its scope; none for a rep). */
export async function getUnitOptions(db: Db, viewer: Viewer) {
  if (viewer.dataScope === "self" || viewer.dataScope === "none") return [];
  return db
    .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
    .from(orgUnits)
    .where(and(isNull(orgUnits.deletedAt), viewer.dataScope === "all" ? undefined : inArray(orgUnits.id, viewer.unitIds.length ? viewer.unitIds : ["00000000-0000-0000-0000-000000000000"])))
    .orderBy(orgUnits.path);
}
