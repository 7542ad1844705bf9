import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Viewer } from "@/lib/viewer";

export type AuditEntry = {
  action: "create" | "update" | "delete" | "restore" | "reveal_id" | "assign" | "stage_change" | "export" | string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
};

/** Writes one audit row; call it with the transaction of the change it records. */
export async function writeAudit(db: Db, viewer: Pick<Viewer, "id"> | null, e: AuditEntry) {
  await writeAudits(db, viewer, [e]);
}

/** Writes many audit rows in one statement (a cascade that moves many records); same transaction rule. */
export async function writeAudits(db: Db, viewer: Pick<Viewer, "id"> | null, entries: AuditEntry[]) {
  if (!entries.length) return;
  await db.insert(auditLog).values(
    entries.map((e) => ({
      actorId: viewer?.id ?? null,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      before: (e.before ?? null) as never,
      after: (e.after ?? null) as never,
      ip: e.ip ?? null,
    })),
  );
}
