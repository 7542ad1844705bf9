import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { id } from "./common";
import { users } from "./org";

/** Audit trail of every change to sales data and every sensitive read (ID-card reveal). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id").references(() => users.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: uuid("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entityType, t.entityId, t.at),
    index("audit_log_actor_idx").on(t.actorId, t.at),
    // the audit viewer's keyset order (at desc, id desc), alone or filtered by entity type or action
    index("audit_log_at_idx").on(t.at, t.id),
    index("audit_log_type_at_idx").on(t.entityType, t.at, t.id),
    // …and the customers that left a phone's owner since its last pull (db/queries/sync.ts customerExits)
    index("audit_log_action_at_idx").on(t.action, t.at, t.id),
  ],
);

/** Offline sync: each applied client mutation id, so a replay is a no-op. */
export const syncMutations = pgTable("sync_mutations", {
  id: uuid("id").primaryKey(),
  userId: uuid("user_id").notNull().references(() => users.id),
  kind: text("kind").notNull(),
  appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
  result: jsonb("result"),
});
