import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dealFiles, users } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { checkDealFile } from "@/lib/validation/deal-file";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { findDealInScope } from "./deals";

/** Keeps a contract file with a deal: checked (kind, size, content), stored and audited in one transaction. */
export async function addDealFile(db: Db, viewer: Viewer, dealId: string, file: { name: string; bytes: Uint8Array }, ip?: string | null) {
  if (!can(viewer, "deal:edit")) throw forbidden();
  const check = checkDealFile(file.name, file.bytes);
  if (!check.ok) throw new AppError("VALIDATION", check.message, { file: check.message });
  return db.transaction(async (tx) => {
    if (!(await findDealInScope(tx, viewer, dealId, "share"))) throw notFound();
    const [row] = await tx
      .insert(dealFiles)
      .values({ dealId, name: check.name, mime: check.mime, size: file.bytes.length, data: file.bytes, createdBy: viewer.id })
      .returning({ id: dealFiles.id, name: dealFiles.name, size: dealFiles.size });
    await writeAudit(tx, viewer, { action: "file_add", entityType: "deal", entityId: dealId, after: { file: row.id, name: row.name, size: row.size }, ip });
    return row;
  });
}

/** A deal's files (without their bytes), newest first; empty when the deal is out of scope. */
export async function listDealFiles(db: Db, viewer: Viewer, dealId: string) {
  if (!(await findDealInScope(db, viewer, dealId))) return [];
  return db
    .select({ id: dealFiles.id, name: dealFiles.name, mime: dealFiles.mime, size: dealFiles.size, createdAt: dealFiles.createdAt, byName: users.name })
    .from(dealFiles)
    .leftJoin(users, eq(users.id, dealFiles.createdBy))
    .where(and(eq(dealFiles.dealId, dealId), isNull(dealFiles.deletedAt)))
    .orderBy(desc(dealFiles.createdAt), desc(dealFiles.id));
}

/** One file with its bytes, or null when it or its deal is out of the viewer's scope. */
export async function getDealFile(db: Db, viewer: Viewer, dealId: string, fileId: string) {
  if (!(await findDealInScope(db, viewer, dealId))) return null;
  const [f] = await db
    .select({ name: dealFiles.name, mime: dealFiles.mime, size: dealFiles.size, data: dealFiles.data })
    .from(dealFiles)
    .where(and(eq(dealFiles.id, fileId), eq(dealFiles.dealId, dealId), isNull(dealFiles.deletedAt)))
    .limit(1);
  return f ?? null;
}

/** Removes a file from the deal (soft delete, audited); not found when out of scope. */
export async function removeDealFile(db: Db, viewer: Viewer, dealId: string, fileId: string, ip?: string | null) {
  if (!can(viewer, "deal:edit")) throw forbidden();
  return db.transaction(async (tx) => {
    if (!(await findDealInScope(tx, viewer, dealId, "share"))) throw notFound();
    const [row] = await tx
      .update(dealFiles)
      .set({ deletedAt: new Date() })
      .where(and(eq(dealFiles.id, fileId), eq(dealFiles.dealId, dealId), isNull(dealFiles.deletedAt)))
      .returning({ id: dealFiles.id, name: dealFiles.name });
    if (!row) throw notFound();
    await writeAudit(tx, viewer, { action: "file_remove", entityType: "deal", entityId: dealId, before: { file: row.id, name: row.name }, ip });
  });
}
