import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { communications, deals, processStages } from "@/db/schema";
import type { Viewer } from "@/lib/viewer";
import { andScope } from "./scope";

/** The communications and deals of one customer, newest first, within the viewer's scope. */
export async function getCustomerActivity(db: Db, viewer: Viewer, customerId: string, limit = 50) {
  const [comms, dealRows] = await Promise.all([
    db
      .select({
        id: communications.id,
        method: communications.method,
        topic: communications.topic,
        summary: communications.summary,
        interest: communications.interest,
        contactedAt: communications.contactedAt,
        nextFollowUp: communications.nextFollowUp,
      })
      .from(communications)
      .where(andScope(viewer, communications, eq(communications.customerId, customerId), isNull(communications.deletedAt)))
      .orderBy(desc(communications.contactedAt))
      .limit(limit),
    db
      .select({
        id: deals.id,
        title: deals.title,
        status: deals.status,
        stageName: processStages.name,
        expectedAmount: deals.expectedAmount,
        amount: deals.amount,
        expectedDate: deals.expectedDate,
        closedOn: deals.closedOn,
        updatedAt: deals.updatedAt,
      })
      .from(deals)
      .innerJoin(processStages, eq(processStages.id, deals.stageId))
      .where(and(andScope(viewer, deals, eq(deals.customerId, customerId)), isNull(deals.deletedAt)))
      .orderBy(desc(deals.updatedAt))
      .limit(limit),
  ]);
  return { communications: comms, deals: dealRows };
}
