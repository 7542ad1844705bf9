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

const chinaDay = (col: unknown) => sql<string>`((${col}) at time zone 'Asia/Shanghai')::date::text`;

export type ForgettingRow = { id: string; name: string; companyName: string | null; metOn: string; touches: number; lastTouchOn: string | null } & ForgettingState;

/**
 * Customers in scope on the forgetting curve (渐忘曲线), lowest retention first: "about to forget you".
 * The curve starts at 认识日期 (met_on), or the day the profile was created when that is blank.
 */
export async function listForgetting(db: Db, viewer: Viewer, today: string, limit = 100): Promise<ForgettingRow[]> {
  const { touchDays } = await getReminderSettings(db);
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      companyName: customers.companyName,
      metOn: sql<string>`coalesce(${customers.metOn}::text, ${chinaDay(customers.createdAt)})`,
      // kept on the customer row by the communications trigger (migration 0003)
      touches: customers.contactCount,
      lastTouchOn: sql<string | null>`${chinaDay(customers.lastContactAt)}`,
    })
    .from(customers)
    .where(andScope(viewer, customers, isNull(customers.deletedAt)));
  return rows
    .map((r) => ({ ...r, ...forgettingState(r, today, touchDays) }))
    .sort((a, b) => a.retention - b.retention || (a.nextTouchOn < b.nextTouchOn ? -1 : 1))
    .slice(0, limit);
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
    await writeAudit(tx, viewer, { action: "update", entityType: "app_settings", entityId: null, after: s });
  });
}
