import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { communications, customerOwnerHistory, customers, deals, messageSends, notifications, reminders, todos, users } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudits, type AuditEntry } from "./audit";
import { scopeCovers, scopeWhere, type Owned } from "./scope";
import { getUserPlacement } from "./users";

export type Placement = { ownerId: string; orgUnitId: string };
/** Why a customer changed hands (customer_owner_history.reason). */
export type OwnerChangeReason = (typeof customerOwnerHistory.reason.enumValues)[number];
export type ReassignOptions = {
  ip?: string | null;
  /** Recorded in the owner history; 'edit' when the customer form's owner field changed. */
  reason?: OwnerChangeReason;
  note?: string | null;
  jobId?: string | null;
  /** Tell both reps (default). A bulk job turns it off and sends one summary at its end. */
  notify?: boolean;
};

/** The Chinese refusal naming how many contacts lie outside the actor's scope. */
export const outOfScopeContactsMessage = (n: number, companies: number) =>
  `${companies > 1 ? "所选单位共有" : "该单位有"} ${n} 位联系人不在您的数据权限内，无法一起转移，请联系其负责人或上级处理`;

export type ReassignResult = {
  /** Every customer row now placed with the new owner (roots and their contacts), moved or already there. */
  customerIds: string[];
  /** Those whose owner or unit actually changed (one `assign` audit row each). */
  movedIds: string[];
};

/**
 * Moves customers to a new owner together with everything that belongs to them — the one cascade every
 * reassignment uses (editing a company's owner, bulk assignment, the shared pool).
 *
 * Contract:
 * - `tx` must be a transaction: on any refusal nothing is written (the caller's earlier writes roll back too).
 * - The viewer needs `customer:assign`, and the new owner must be an active user inside the viewer's scope.
 * - Each root in `ids` must be in the viewer's scope (else NOT_FOUND, as for any write). A company takes its
 *   contacts (customers whose company_id is the root, soft-deleted ones included, so a restore does not bring
 *   one back to the old rep); if any contact is outside the viewer's scope the whole change is refused
 *   (FORBIDDEN, naming how many) — a manager may not take another branch's contacts by moving their company.
 * - Every touched customer row is re-checked with `scopeWhere` and locked FOR UPDATE (in id order, so two
 *   overlapping reassignments queue instead of deadlocking).
 *
 * What follows the customer:
 * - rows that mirror the customer's owner for scoping — communications, deals (their contract files and
 *   stage history hang off the deal and follow it; the deal rollups are kept by their triggers), message
 *   sends — all move, whoever they were placed with;
 * - the forgetting-curve schedule and contact counts live on the customer row itself;
 * - to-dos linked to the customer and stored reminder state (done / snoozed) that belonged to the
 *   customer's previous owner move with it: the new rep inherits the open work on the customer (and the
 *   record of what was done), and the old rep no longer sees a to-do about a customer they cannot open.
 *   Someone else's personal to-do or reminder state about the customer (a manager's, say) stays theirs.
 * - every customer whose owner changed gets a row in customer_owner_history (who, when, by whom, why), and
 *   both reps are told in their notifications (opts.notify).
 *   Where the new owner already has state for the same reminder, theirs is kept and the old row stays
 *   (it is inert: reminders are computed under scope). Plans and work summaries are not tied to a
 *   customer and stay with the rep who wrote them.
 */
export async function reassignCustomers(
  tx: Db,
  viewer: Viewer,
  ids: string[],
  ownerId: string,
  opts: ReassignOptions = {},
): Promise<ReassignResult> {
  if (!can(viewer, "customer:assign")) throw forbidden("您没有分配客户的权限");
  const rootSet = new Set(ids);
  const roots = [...rootSet];
  if (!roots.length) return { customerIds: [], movedIds: [] };
  const target = await getUserPlacement(tx, ownerId);
  if (!target || !scopeCovers(viewer, target.id, target.orgUnitId))
    throw new AppError("VALIDATION", "负责业务员不在您的管理范围内", { ownerId: "负责业务员不在您的管理范围内" });
  const to: Placement = { ownerId: target.id, orgUnitId: target.orgUnitId };

  const rows = await tx
    .select({
      id: customers.id,
      companyId: customers.companyId,
      ownerId: customers.ownerId,
      orgUnitId: customers.orgUnitId,
      deletedAt: customers.deletedAt,
      name: customers.name,
      inScope: sql<boolean>`(${scopeWhere(viewer, customers)})`.mapWith(Boolean),
    })
    .from(customers)
    .where(or(inArray(customers.id, roots), inArray(customers.companyId, roots)))
    .orderBy(customers.id)
    .for("update");
  const rootRows = rows.filter((r) => rootSet.has(r.id));
  if (rootRows.length !== roots.length || rootRows.some((r) => !r.inScope || r.deletedAt)) throw notFound();
  const outside = rows.filter((r) => !r.inScope).length;
  if (outside) throw new AppError("FORBIDDEN", outOfScopeContactsMessage(outside, rootRows.length));

  const all = rows.map((r) => r.id);
  const { counts, movedIds } = await moveWithCustomers(tx, viewer.id, all, to);
  await recordOwnerChanges(
    tx,
    rows.filter((r) => movedIds.has(r.id)),
    to,
    { reason: opts.reason ?? "assign", note: opts.note, jobId: opts.jobId, byUserId: viewer.id },
  );
  if (opts.notify !== false) await notifyOwnerChanges(tx, viewer, rows.filter((r) => movedIds.has(r.id) && rootSet.has(r.id)), to.ownerId);

  const audits: AuditEntry[] = rows
    .filter((r) => movedIds.has(r.id) || counts.has(r.id))
    .map((r) => ({
      action: "assign",
      entityType: "customer",
      entityId: r.id,
      before: { ownerId: r.ownerId, orgUnitId: r.orgUnitId },
      after: {
        ...to,
        // a contact moved because its company was: which one
        ...(rootSet.has(r.id) ? {} : { withCompany: r.companyId }),
        moved: counts.get(r.id) ?? {},
        reason: opts.reason ?? "assign",
        ...(opts.note ? { note: opts.note } : {}),
      },
      ip: opts.ip,
    }));
  await writeAudits(tx, viewer, audits);
  return { customerIds: all, movedIds: [...movedIds] };
}

/** Where customers go: a rep and unit, or a unit's pool (owner null). */
export type Destination = { ownerId: string | null; orgUnitId: string };

/**
 * The cascade itself, for rows already checked and locked by the caller (reassignCustomers, the pool's claim
 * and its daily rules): moves each customer in `all` and what follows it to `to`. Into the pool (owner null)
 * the personal rows (to-dos, reminder state) stay with whoever had them: nobody inherits them.
 * Returns per customer what moved, and the customers whose own placement changed.
 */
export async function moveWithCustomers(tx: Db, actorId: string | null, all: string[], to: Destination, extra: { claimedAt?: Date | null } = {}) {
  const allParam = sql`${sql.param(all)}::uuid[]`;
  const counts = new Map<string, Record<string, number>>();
  const tally = (kind: string, moved: { customerId: string | null }[]) => {
    for (const { customerId } of moved) {
      if (!customerId) continue;
      const c = counts.get(customerId) ?? {};
      c[kind] = (c[kind] ?? 0) + 1;
      counts.set(customerId, c);
    }
  };
  const toOwner = to.ownerId;
  if (toOwner) {
    // Personal rows first, while customers.owner_id still names the previous owner.
    tally(
      "todos",
      await tx
        .update(todos)
        .set({ ownerId: toOwner, orgUnitId: to.orgUnitId })
        .from(customers)
        .where(and(eq(customers.id, todos.customerId), sql`${customers.id} = any(${allParam})`, eq(todos.ownerId, customers.ownerId), sql`${todos.ownerId} <> ${toOwner}`))
        .returning({ customerId: todos.customerId }),
    );
    tally(
      "reminders",
      await tx
        .update(reminders)
        .set({ ownerId: toOwner })
        .from(customers)
        .where(
          and(
            eq(customers.id, reminders.customerId),
            sql`${customers.id} = any(${allParam})`,
            eq(reminders.ownerId, customers.ownerId),
            sql`${reminders.ownerId} <> ${toOwner}`,
            // (owner_id, dedupe_key) is unique: the new owner's own state for the same reminder wins
            sql`not exists (select 1 from reminders mine where mine.owner_id = ${toOwner} and mine.dedupe_key = ${reminders.dedupeKey})`,
          ),
        )
        .returning({ customerId: reminders.customerId }),
    );
  }

  // Rows that mirror the customer's placement, whoever they were left with.
  const misplaced = (t: Owned) => sql`(${t.ownerId} is distinct from ${toOwner} or ${t.orgUnitId} is distinct from ${to.orgUnitId})`;
  const place = { ownerId: toOwner, orgUnitId: to.orgUnitId };
  tally(
    "communications",
    await tx
      .update(communications)
      .set(place)
      .where(and(sql`${communications.customerId} = any(${allParam})`, misplaced(communications)))
      .returning({ customerId: communications.customerId }),
  );
  tally(
    "deals",
    await tx
      .update(deals)
      .set(place)
      .where(and(sql`${deals.customerId} = any(${allParam})`, misplaced(deals)))
      .returning({ customerId: deals.customerId }),
  );
  tally(
    "messageSends",
    await tx
      .update(messageSends)
      .set(place)
      .where(and(sql`${messageSends.customerId} = any(${allParam})`, misplaced(messageSends)))
      .returning({ customerId: messageSends.customerId }),
  );

  const moved = await tx
    .update(customers)
    .set({
      ...place,
      // into the pool: stamped now; out of it (to anyone): no longer pooled
      pooledAt: toOwner ? null : new Date(),
      ...(extra.claimedAt !== undefined ? { claimedAt: extra.claimedAt } : toOwner ? { claimedAt: null } : {}),
      version: sql`${customers.version} + 1`,
      updatedBy: actorId,
      updatedAt: new Date(),
    })
    .where(and(sql`${customers.id} = any(${allParam})`, misplaced(customers)))
    .returning({ id: customers.id });
  return { counts, movedIds: new Set(moved.map((m) => m.id)) };
}

/** Writes one owner-history row per customer that changed hands (from its row as read before the move). */
export async function recordOwnerChanges(
  tx: Db,
  rows: { id: string; ownerId: string | null; orgUnitId: string | null }[],
  to: Destination,
  how: { reason: OwnerChangeReason; note?: string | null; jobId?: string | null; byUserId: string | null },
) {
  if (!rows.length) return;
  await tx.insert(customerOwnerHistory).values(
    rows.map((r) => ({
      customerId: r.id,
      fromOwnerId: r.ownerId,
      toOwnerId: to.ownerId,
      fromUnitId: r.orgUnitId,
      toUnitId: to.orgUnitId,
      reason: how.reason,
      note: how.note ?? null,
      jobId: how.jobId ?? null,
      byUserId: how.byUserId,
    })),
  );
}

/**
 * Tells the new owner what they were given and each previous owner what left them (one notification per
 * person per call), unless the actor is that person.
 */
export async function notifyOwnerChanges(
  tx: Db,
  actor: Pick<Viewer, "id" | "name">,
  rows: { id: string; name: string; ownerId: string | null }[],
  toOwnerId: string | null,
) {
  if (!rows.length) return;
  const names = (rs: typeof rows) => (rs.length === 1 ? rs[0].name : `${rs[0].name} 等 ${rs.length} 位客户`);
  const href = (rs: typeof rows) => (rs.length === 1 ? `/customers/${rs[0].id}` : "/customers");
  const out: (typeof notifications.$inferInsert)[] = [];
  let toName = "公海";
  if (toOwnerId) {
    const [u] = await tx.select({ name: users.name }).from(users).where(eq(users.id, toOwnerId)).limit(1);
    toName = u?.name ?? "";
    if (toOwnerId !== actor.id) out.push({ userId: toOwnerId, kind: "assigned_in", title: `${actor.name} 把客户 ${names(rows)} 分配给了您`, href: href(rows), actorId: actor.id });
  }
  const byOwner = new Map<string, typeof rows>();
  for (const r of rows) if (r.ownerId && r.ownerId !== toOwnerId) byOwner.set(r.ownerId, [...(byOwner.get(r.ownerId) ?? []), r]);
  for (const [ownerId, rs] of byOwner) {
    if (ownerId === actor.id) continue;
    out.push({ userId: ownerId, kind: toOwnerId ? "assigned_out" : "pooled", title: `客户 ${names(rs)} 已由 ${actor.name} 转给 ${toName}`, actorId: actor.id });
  }
  if (out.length) await tx.insert(notifications).values(out);
}
