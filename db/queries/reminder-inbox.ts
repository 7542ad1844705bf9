import { and, asc, eq, getTableColumns, gt, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orgUnits, plans, reminderItems, reminderOwners, reminders, users } from "@/db/schema";
import { addDays, daysBetween } from "@/lib/dates";
import { AppError, notFound } from "@/lib/errors";
import { computeReminders, groupOf, type Reminder, type ReminderDetail, type ReminderIssue } from "@/lib/reminders";
import type { ReminderKind } from "@/lib/reminders/kinds";
import { ownWork, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { activeUserIds } from "./users";
import { getReminderInputs, getReminderSettings } from "./reminders";

/**
 * The reminder inbox, materialised per person (issue #17).
 *
 * A person's inbox holds their own work: the dates, touches and follow-ups of the customers they own, the
 * deals they own, their plans and to-dos. It is what the engine (lib/reminders/engine.ts) computes from that
 * work for one day, stored in `reminder_items` in the engine's order, so that the navigation badge is one
 * count over the primary key's prefix and the inbox one ordered read, whatever the size of the person's
 * scope. A manager does not get thousands of the team's birthdays: `teamDigest` gives them, per person of
 * their scope, the overdue follow-ups and the plans awaiting review.
 *
 * Kept current: the triggers of migration 0011 mark a person's inbox stale (`stale_seq` + 1) in the same
 * statement as any write that changes their work, whoever writes. A read of a stale inbox, or of one
 * computed for an earlier day, recomputes it first (`ensureFresh`); the daily roll-over (lib/jobs) does
 * the same for everybody after midnight so that the first page of the day does not pay for it.
 */

export { ownWork } from "@/lib/viewer";

/** Rows per INSERT when writing an inbox: 14 parameters each, well under the protocol's 65,535. */
const BATCH = 500;

/**
 * Recomputes one person's inbox for `today` unless it is already fresh. Two servers (or two requests) may
 * try at once: a per-person advisory lock orders them and the second finds it fresh. The stale_seq seen at
 * the start is recorded: a write committed meanwhile has bumped it again, so the inbox stays stale and the
 * next read recomputes it — never a lost update.
 */
export async function refreshInbox(db: Db, ownerId: string, today: string, settings?: Awaited<ReturnType<typeof getReminderSettings>>) {
  const s = settings ?? (await getReminderSettings(db));
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${ownerId}::text, 1717))`);
    await tx.insert(reminderOwners).values({ ownerId }).onConflictDoNothing();
    const [o] = await tx.select().from(reminderOwners).where(eq(reminderOwners.ownerId, ownerId));
    if (o.computedFor === today && o.freshSeq === o.staleSeq) return;
    const seq = o.staleSeq;
    const inputs = await getReminderInputs(tx, ownWork(ownerId), today, s.advance, { touchDays: s.touchDays });
    const { reminders: computed, issues } = computeReminders(inputs, today, s);
    const [review] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(plans)
      .where(and(eq(plans.ownerId, ownerId), eq(plans.reviewStatus, "submitted"), isNull(plans.deletedAt)));
    await tx.delete(reminderItems).where(eq(reminderItems.ownerId, ownerId));
    for (let i = 0; i < computed.length; i += BATCH) {
      await tx.insert(reminderItems).values(
        computed.slice(i, i + BATCH).map((r, j) => ({
          ownerId,
          dedupeKey: r.dedupeKey,
          position: i + j,
          kind: r.kind,
          title: r.title,
          detail: r.detail,
          dueOn: r.dueOn,
          customerId: r.customerId,
          customerName: r.customerName,
          refType: r.refType,
          refId: r.refId,
          href: r.href,
          doneAt: r.status === "done" ? new Date() : null,
          snoozedUntil: r.status === "snoozed" ? r.snoozedUntil : null,
        })),
      );
    }
    await tx
      .update(reminderOwners)
      .set({
        computedFor: today,
        freshSeq: seq,
        issues,
        overdueFollowUps: computed.filter((r) => r.kind === "follow_up" && r.daysUntil < 0 && r.status === "open").length,
        plansToReview: review?.n ?? 0,
        refreshedAt: new Date(),
      })
      .where(eq(reminderOwners.ownerId, ownerId));
  });
}

/** The people among `ownerIds` whose inbox is missing, stale or computed for another day. */
async function staleOwners(db: Db, ownerIds: string[], today: string) {
  if (!ownerIds.length) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .leftJoin(reminderOwners, eq(reminderOwners.ownerId, users.id))
    .where(
      and(
        inArray(users.id, ownerIds),
        sql`(${reminderOwners.ownerId} is null or ${reminderOwners.computedFor} is distinct from ${today}::date or ${reminderOwners.freshSeq} <> ${reminderOwners.staleSeq})`,
      ),
    );
  return rows.map((r) => r.id);
}

/** Recomputes whichever of these inboxes is not fresh for `today`; returns how many it recomputed. */
export async function ensureFresh(db: Db, ownerIds: string[], today: string) {
  const stale = await staleOwners(db, ownerIds, today);
  if (!stale.length) return 0;
  const settings = await getReminderSettings(db);
  for (const id of stale) await refreshInbox(db, id, today, settings);
  return stale.length;
}

/** The daily roll-over: every active person's inbox computed for `today`. */
export async function rollOverInboxes(db: Db, today: string) {
  return ensureFresh(db, await activeUserIds(db), today);
}

const open = (today: string) => sql`${reminderItems.doneAt} is null and (${reminderItems.snoozedUntil} is null or ${reminderItems.snoozedUntil} <= ${today}::date)`;

/** The navigation badge: the viewer's open reminders. One indexed count once the inbox is fresh. */
export async function countOpenInbox(db: Db, viewer: Viewer, today: string) {
  const [r] = await db
    .select({
      fresh: sql<boolean>`${reminderOwners.computedFor} = ${today}::date and ${reminderOwners.freshSeq} = ${reminderOwners.staleSeq}`,
      n: sql<number>`(select count(*)::int from ${reminderItems} where ${reminderItems.ownerId} = ${viewer.id} and ${open(today)})`,
    })
    .from(reminderOwners)
    .where(eq(reminderOwners.ownerId, viewer.id));
  if (r?.fresh) return Number(r.n);
  await refreshInbox(db, viewer.id, today);
  const [c] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(reminderItems)
    .where(and(eq(reminderItems.ownerId, viewer.id), open(today)));
  return Number(c?.n ?? 0);
}

type ItemRow = typeof reminderItems.$inferSelect;

function toReminder(r: ItemRow, today: string): Reminder {
  const status = r.doneAt ? "done" : r.snoozedUntil && r.snoozedUntil > today ? "snoozed" : "open";
  return {
    kind: r.kind,
    group: groupOf(r.kind),
    dedupeKey: r.dedupeKey,
    title: r.title,
    detail: r.detail as ReminderDetail,
    dueOn: r.dueOn,
    daysUntil: daysBetween(today, r.dueOn),
    customerId: r.customerId,
    customerName: r.customerName,
    refType: r.refType as Reminder["refType"],
    refId: r.refId,
    href: r.href,
    status,
    snoozedUntil: status === "snoozed" ? r.snoozedUntil : null,
  };
}

/** The viewer's own inbox for `today` (open, snoozed and done, in the engine's order) and its data problems. */
export async function readInbox(db: Db, viewer: Viewer, today: string): Promise<{ reminders: Reminder[]; issues: ReminderIssue[] }> {
  await ensureFresh(db, [viewer.id], today);
  const [rows, [o]] = await Promise.all([
    db.select().from(reminderItems).where(eq(reminderItems.ownerId, viewer.id)).orderBy(asc(reminderItems.position)),
    db.select({ issues: reminderOwners.issues }).from(reminderOwners).where(eq(reminderOwners.ownerId, viewer.id)),
  ]);
  return { reminders: rows.map((r) => toReminder(r, today)), issues: (o?.issues ?? []) as ReminderIssue[] };
}

export type InboxCounts = Partial<Record<ReminderKind, { open: number; handled: number }>>;

/**
 * What the inbox page shows (the page's cost must not follow the size of the inbox: a rep with 3,000
 * customers has hundreds of touches and follow-ups, and each shown item is a row with its buttons):
 * without `kind`, the first `limit` items of every kind in the engine's order; with `kind`, one page of
 * that kind, `limit` items after position `after` (keyset), and the position to continue from. Open items
 * only unless `handled`. Besides, per kind, how many are open and how many done or snoozed, and the
 * inbox's data problems. `dueBy`: only items due that day or earlier (the dashboard's 今日任务). Three indexed
 * reads over the viewer's own rows.
 */
export async function readInboxPage(
  db: Db,
  viewer: Viewer,
  today: string,
  opts: { kind?: ReminderKind; limit: number; after?: number; handled?: boolean; dueBy?: string },
): Promise<{ reminders: Reminder[]; counts: InboxCounts; issues: ReminderIssue[]; nextAfter: number | null }> {
  await ensureFresh(db, [viewer.id], today);
  const mine = and(eq(reminderItems.ownerId, viewer.id), opts.handled ? undefined : open(today), opts.dueBy ? lte(reminderItems.dueOn, opts.dueBy) : undefined);
  const itemsQuery = async (): Promise<{ rows: ItemRow[]; nextAfter: number | null }> => {
    if (opts.kind) {
      const rows = await db
        .select()
        .from(reminderItems)
        .where(and(mine, eq(reminderItems.kind, opts.kind), opts.after === undefined ? undefined : gt(reminderItems.position, opts.after)))
        .orderBy(asc(reminderItems.position))
        .limit(opts.limit + 1);
      const more = rows.length > opts.limit;
      const page = rows.slice(0, opts.limit);
      return { rows: page, nextAfter: more ? page[page.length - 1]!.position : null };
    }
    const ranked = db
      .select({ ...getTableColumns(reminderItems), rn: sql<number>`row_number() over (partition by ${reminderItems.kind} order by ${reminderItems.position})`.as("rn") })
      .from(reminderItems)
      .where(mine)
      .as("ranked");
    const rows = await db.select().from(ranked).where(lte(ranked.rn, opts.limit)).orderBy(asc(ranked.position));
    return { rows: rows.map(({ rn: _rn, ...r }) => r as ItemRow), nextAfter: null };
  };
  const [items, countRows, [o]] = await Promise.all([
    itemsQuery(),
    db
      .select({
        kind: reminderItems.kind,
        open: sql<number>`(count(*) filter (where ${open(today)}))::int`,
        all: sql<number>`count(*)::int`,
      })
      .from(reminderItems)
      .where(eq(reminderItems.ownerId, viewer.id))
      .groupBy(reminderItems.kind),
    db.select({ issues: reminderOwners.issues }).from(reminderOwners).where(eq(reminderOwners.ownerId, viewer.id)),
  ]);
  const counts: InboxCounts = {};
  for (const c of countRows) counts[c.kind] = { open: Number(c.open), handled: Number(c.all) - Number(c.open) };
  return { reminders: items.rows.map((r) => toReminder(r, today)), counts, issues: (o?.issues ?? []) as ReminderIssue[], nextAfter: items.nextAfter };
}

/** One reminder of the viewer's own inbox, or 404: a key the viewer's inbox does not hold does not exist. */
export async function findInboxItem(db: Db, viewer: Viewer, key: string, today: string) {
  await ensureFresh(db, [viewer.id], today);
  const [row] = await db
    .select()
    .from(reminderItems)
    .where(and(eq(reminderItems.ownerId, viewer.id), eq(reminderItems.dedupeKey, key)));
  if (!row) throw notFound();
  return toReminder(row, today);
}

/** Copies a done / snooze change into the materialised item (the state itself lives in `reminders`). */
export async function setInboxItemState(db: Db, ownerId: string, key: string, state: { doneAt: Date | null; snoozedUntil: string | null }) {
  await db
    .update(reminderItems)
    .set(state)
    .where(and(eq(reminderItems.ownerId, ownerId), eq(reminderItems.dedupeKey, key)));
}

export type TeamDigestRow = { userId: string; name: string; unitName: string; overdueFollowUps: number; plansToReview: number };

/**
 * A manager's team digest: for each other active person in their data scope, the open follow-ups past
 * their day and the plans submitted for review. Its cost follows the number of people in the scope, not
 * the number of customers; inboxes that went stale since they were last read are recomputed first.
 */
export async function teamDigest(db: Db, viewer: Viewer, today: string): Promise<TeamDigestRow[]> {
  if (viewer.dataScope !== "all" && viewer.dataScope !== "unit" && viewer.dataScope !== "unit_tree") return [];
  if (viewer.dataScope !== "all" && !viewer.unitIds.length) return [];
  const team = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        isNull(users.deletedAt),
        ne(users.id, viewer.id),
        viewer.dataScope === "all" ? undefined : inArray(users.orgUnitId, viewer.unitIds),
      ),
    );
  await ensureFresh(
    db,
    team.map((t) => t.id),
    today,
  );
  if (!team.length) return [];
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      unitName: orgUnits.name,
      overdueFollowUps: reminderOwners.overdueFollowUps,
      plansToReview: reminderOwners.plansToReview,
    })
    .from(reminderOwners)
    .innerJoin(users, eq(users.id, reminderOwners.ownerId))
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(
      and(
        inArray(
          reminderOwners.ownerId,
          team.map((t) => t.id),
        ),
        sql`(${reminderOwners.overdueFollowUps} > 0 or ${reminderOwners.plansToReview} > 0)`,
      ),
    )
    .orderBy(sql`${reminderOwners.overdueFollowUps} + ${reminderOwners.plansToReview} desc`, asc(users.name));
  return rows;
}

// ---------------------------------------------------------------- 完成 / 推迟

async function upsertState(db: Db, viewer: Viewer, r: Reminder, set: { doneAt: Date | null; snoozedUntil: string | null }) {
  const [row] = await db
    .insert(reminders)
    .values({
      ownerId: viewer.id,
      kind: r.kind,
      dedupeKey: r.dedupeKey,
      title: r.title,
      dueOn: r.dueOn,
      customerId: r.customerId,
      refType: r.refType,
      refId: r.refId,
      createdBy: viewer.id,
      updatedBy: viewer.id,
      ...set,
    })
    .onConflictDoUpdate({
      target: [reminders.ownerId, reminders.dedupeKey],
      set: { ...set, updatedBy: viewer.id, updatedAt: new Date(), version: sql`${reminders.version} + 1`, deletedAt: null },
    })
    .returning();
  return row;
}

/** 完成: marks one occurrence done for this viewer (or undoes it). */
export async function setReminderDone(db: Db, viewer: Viewer, key: string, today: string, done = true) {
  // the viewer's own inbox is the permission check: a key it does not hold does not exist
  const r = await findInboxItem(db, viewer, key, today);
  return db.transaction(async (tx) => {
    const state = { doneAt: done ? new Date() : null, snoozedUntil: null };
    const row = await upsertState(tx, viewer, r, state);
    await setInboxItemState(tx, viewer.id, key, state);
    await writeAudit(tx, viewer, { action: done ? "reminder_done" : "reminder_reopen", entityType: "reminder", entityId: row.id, after: { key } });
    return row;
  });
}

/** 推迟: hides one occurrence until `until` (a later day than today). */
export async function snoozeReminder(db: Db, viewer: Viewer, key: string, until: string, today: string) {
  if (until <= today) throw new AppError("VALIDATION", "请修正标出的字段", { until: "推迟到的日期必须晚于今天" });
  if (until > addDays(today, 366)) throw new AppError("VALIDATION", "请修正标出的字段", { until: "最多推迟一年" });
  const r = await findInboxItem(db, viewer, key, today);
  return db.transaction(async (tx) => {
    const state = { doneAt: null, snoozedUntil: until };
    const row = await upsertState(tx, viewer, r, state);
    await setInboxItemState(tx, viewer.id, key, state);
    await writeAudit(tx, viewer, { action: "reminder_snooze", entityType: "reminder", entityId: row.id, after: { key, until } });
    return row;
  });
}
