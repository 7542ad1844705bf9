import { desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alias } from "drizzle-orm/pg-core";
import { communications, customerStageHistory, customers, dealStageHistory, deals, processStages, users } from "@/db/schema";
import type { Viewer } from "@/lib/viewer";
import { andScope } from "./scope";

export type TimelineItem =
  | {
      kind: "communication";
      id: string;
      at: Date;
      method: string;
      topic: string;
      purpose: string | null;
      summary: string | null;
      needsInsight: string | null;
      interest: number | null;
      contactName: string | null;
      nextFollowUp: string | null;
      authorName: string | null;
    }
  | { kind: "deal"; id: string; at: Date; title: string; status: "open" | "won" | "lost"; stageName: string; expectedAmount: string | null; amount: string | null }
  | { kind: "deal_move"; id: string; at: Date; dealId: string; dealTitle: string; fromStage: string | null; toStage: string; byName: string | null }
  | { kind: "stage_change"; id: string; at: Date; fromStage: string | null; toStage: string; byName: string | null; reason: string | null };

/**
 * One customer's timeline: communications, deals opened, deal stage moves and five-level stage changes,
 * newest first. Every part is scoped; a customer outside the scope has an empty timeline.
 */
export async function getCustomerTimeline(db: Db, viewer: Viewer, customerId: string, limit = 50): Promise<TimelineItem[]> {
  const fromStage = alias(processStages, "from_stage");
  const toStage = alias(processStages, "to_stage");
  const [visible] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(andScope(viewer, customers, eq(customers.id, customerId)))
    .limit(1);
  if (!visible) return [];
  const [comms, dealRows, moves, stages] = await Promise.all([
    db
      .select({
        id: communications.id,
        at: communications.contactedAt,
        method: communications.method,
        topic: communications.topic,
        purpose: communications.purpose,
        summary: communications.summary,
        needsInsight: communications.needsInsight,
        interest: communications.interest,
        contactName: communications.contactName,
        nextFollowUp: communications.nextFollowUp,
        authorName: users.name,
      })
      .from(communications)
      .leftJoin(users, eq(users.id, communications.authorId))
      .where(andScope(viewer, communications, eq(communications.customerId, customerId), isNull(communications.deletedAt)))
      .orderBy(desc(communications.contactedAt))
      .limit(limit),
    db
      .select({
        id: deals.id,
        at: deals.createdAt,
        title: deals.title,
        status: deals.status,
        stageName: processStages.name,
        expectedAmount: deals.expectedAmount,
        amount: deals.amount,
      })
      .from(deals)
      .innerJoin(processStages, eq(processStages.id, deals.stageId))
      .where(andScope(viewer, deals, eq(deals.customerId, customerId), isNull(deals.deletedAt)))
      .orderBy(desc(deals.createdAt))
      .limit(limit),
    db
      .select({
        id: dealStageHistory.id,
        at: dealStageHistory.movedAt,
        dealId: deals.id,
        dealTitle: deals.title,
        fromStage: fromStage.name,
        toStage: toStage.name,
        byName: users.name,
      })
      .from(dealStageHistory)
      .innerJoin(deals, eq(deals.id, dealStageHistory.dealId))
      .innerJoin(toStage, eq(toStage.id, dealStageHistory.toStageId))
      .leftJoin(fromStage, eq(fromStage.id, dealStageHistory.fromStageId))
      .leftJoin(users, eq(users.id, dealStageHistory.movedBy))
      .where(andScope(viewer, deals, eq(deals.customerId, customerId), isNull(deals.deletedAt)))
      .orderBy(desc(dealStageHistory.movedAt))
      .limit(limit),
    db
      .select({
        id: customerStageHistory.id,
        at: customerStageHistory.changedAt,
        fromStage: customerStageHistory.fromStage,
        toStage: customerStageHistory.toStage,
        byName: users.name,
        reason: customerStageHistory.reason,
      })
      .from(customerStageHistory)
      .leftJoin(users, eq(users.id, customerStageHistory.changedBy))
      .where(eq(customerStageHistory.customerId, customerId))
      .orderBy(desc(customerStageHistory.changedAt))
      .limit(limit),
  ]);
  const items: TimelineItem[] = [
    ...comms.map((r) => ({ kind: "communication" as const, ...r })),
    ...dealRows.map((r) => ({ kind: "deal" as const, ...r })),
    ...moves.map((r) => ({ kind: "deal_move" as const, ...r })),
    ...stages.map((r) => ({ kind: "stage_change" as const, ...r })),
  ];
  items.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1));
  return items.slice(0, limit);
}
