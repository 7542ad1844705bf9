import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appSettings, communications, customers } from "@/db/schema";
import { forbidden } from "@/lib/errors";
import { forgettingState, type ForgettingState } from "@/lib/reminders";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { getReminderSettings, TOUCH_DAYS_KEY, ADVANCE_DAYS_KEY } from "./reminders";
import { andScope } from "./scope";
import type { AdvanceDays } from "@/lib/reminders";
import { INITIAL_STABILITY, STABILITY_GROWTH } from "@/lib/forgetting-curve";
import { companyTz, dateInCompanyTz } from "./dates";

const chinaDay = dateInCompanyTz;

export type ForgettingRow = { id: string; name: string; companyName: string | null; metOn: string; touches: number; lastTouchOn: string | null } & ForgettingState;

/**
 * Customers in scope on the forgetting curve (渐忘曲线), lowest retention first: "about to forget you".
 * The curve starts at 认识日期 (met_on), or the day the profile was created when that is blank.
 * Ordered and limited in SQL: retention R = exp(−t/S) is lowest where t/S is highest (t days since the
 * last touch, S = INITIAL_STABILITY · STABILITY_GROWTH^touches), so the GM's 100,000 customers never
 * leave the database; the page's rows then get their exact state from lib/reminders.
 */
export async function listForgetting(db: Db, viewer: Viewer, today: string, limit = 100): Promise<ForgettingRow[]> {
  const { touchDays } = await getReminderSettings(db);
  const met = sql`coalesce(${customers.metOn}, (${customers.createdAt} at time zone ${companyTz})::date)`;
  const last = sql`greatest(${met}, coalesce((${customers.lastContactAt} at time zone ${companyTz})::date, ${met}))`;
  const forgotten = sql`greatest(${today}::date - ${last}, 0) / (${INITIAL_STABILITY} * power(${STABILITY_GROWTH}, greatest(${customers.contactCount}, 0)))`;
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      companyName: customers.companyName,
      metOn: sql<string>`(${met})::text`,
      // kept on the customer row by the communications trigger (migration 0003)
      touches: customers.contactCount,
      lastTouchOn: sql<string | null>`${chinaDay(customers.lastContactAt)}`,
    })
    .from(customers)
    .where(andScope(viewer, customers, isNull(customers.deletedAt)))
    .orderBy(sql`${forgotten} desc`, sql`${customers.nextTouchOn} asc nulls last`, customers.id)
    .limit(limit);
  return rows
    .map((r) => ({ ...r, ...forgettingState(r, today, touchDays) }))
    .sort((a, b) => a.retention - b.retention || (a.nextTouchOn < b.nextTouchOn ? -1 : a.nextTouchOn > b.nextTouchOn ? 1 : 0));
}

/** One customer's place on the curve, or null when the customer is not visible. */
export async function getCustomerForgetting(db: Db, viewer: Viewer, customerId: string, today: string) {
  const [c] = await db
    .select({ metOn: sql<string>`coalesce(${customers.metOn}::text, ${chinaDay(customers.createdAt)})` })
    .from(customers)
    .where(andScope(viewer, customers, eq(customers.id, customerId), isNull(customers.deletedAt)));
  if (!c) return null;
  const [t] = await db
    .select({ n: sql<number>`count(*)::int`.mapWith(Number), last: sql<string | null>`${chinaDay(sql`max(${communications.contactedAt})`)}` })
    .from(communications)
    .where(and(eq(communications.customerId, customerId), isNull(communications.deletedAt)));
  const { touchDays } = await getReminderSettings(db);
  return { metOn: c.metOn, touches: t?.n ?? 0, ...forgettingState({ metOn: c.metOn, touches: t?.n ?? 0, lastTouchOn: t?.last ?? null }, today, touchDays) };
}

/** Admin: the touch intervals (渐忘曲线间隔) and the advance notice per reminder kind. */
export async function saveReminderSettings(db: Db, viewer: Viewer, s: { touchDays: number[]; advance: AdvanceDays }) {
  if (!can(viewer, "admin:org")) throw forbidden();
  await db.transaction(async (tx) => {
    for (const [key, value] of [
      [TOUCH_DAYS_KEY, s.touchDays],
      [ADVANCE_DAYS_KEY, s.advance],
    ] as const) {
      await tx.insert(appSettings).values({ key, value }).onConflictDoUpdate({ target: appSettings.key, set: { value } });
    }
    // the next touch of every customer follows the new intervals (customers.next_touch_on, migration 0005)
    await tx.execute(sql`update customers set next_touch_on = zhike_customer_next_touch(met_on, created_at, contact_count, last_contact_at, zhike_touch_days())`);
    await writeAudit(tx, viewer, { action: "update", entityType: "app_settings", entityId: null, after: s });
  });
}
