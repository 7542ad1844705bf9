import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { todos } from "@/db/schema";
import { AppError, notFound } from "@/lib/errors";
import type { Quadrant } from "@/lib/todos";
import type { TodoInput } from "@/lib/validation/todos";
import type { Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { andScope } from "./scope";

/** To-dos are personal: the owner's only, and still under the data scope like every sales row. */
const mine = (viewer: Viewer, id?: string) => andScope(viewer, todos, eq(todos.ownerId, viewer.id), isNull(todos.deletedAt), id ? eq(todos.id, id) : undefined);

/** Open to-dos first (by due date, undated last), then those done in the last 14 days. */
export async function listTodos(db: Db, viewer: Viewer) {
  return db
    .select({ id: todos.id, title: todos.title, notes: todos.notes, quadrant: todos.quadrant, dueOn: todos.dueOn, doneAt: todos.doneAt })
    .from(todos)
    .where(and(mine(viewer), sql`(${todos.doneAt} is null or ${todos.doneAt} > now() - interval '14 days')`))
    .orderBy(sql`${todos.doneAt} is not null`, asc(sql`coalesce(${todos.dueOn}, '9999-12-31')`), desc(todos.createdAt))
    .limit(500);
}

/** `opts.id`: the final id a phone minted offline (/api/sync). */
export async function createTodo(db: Db, viewer: Viewer, input: TodoInput, opts: { id?: string } = {}) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(todos)
      .values({ ...(opts.id ? { id: opts.id } : {}), ...input, ownerId: viewer.id, orgUnitId: viewer.orgUnitId, createdBy: viewer.id, updatedBy: viewer.id })
      .onConflictDoNothing({ target: todos.id })
      .returning();
    if (!row) throw new AppError("VALIDATION", "记录编号已被使用，请重新创建");
    await writeAudit(tx, viewer, { action: "create", entityType: "todo", entityId: row.id, after: row });
    return row;
  });
}

async function patch(db: Db, viewer: Viewer, id: string, set: Partial<typeof todos.$inferInsert>, action: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(todos)
      .set({ ...set, updatedBy: viewer.id, version: sql`${todos.version} + 1` })
      .where(mine(viewer, id))
      .returning();
    if (!row) throw notFound();
    await writeAudit(tx, viewer, { action, entityType: "todo", entityId: id, after: set });
    return row;
  });
}

export const moveTodo = (db: Db, viewer: Viewer, id: string, quadrant: Quadrant) => patch(db, viewer, id, { quadrant }, "move");
export const setTodoDone = (db: Db, viewer: Viewer, id: string, done: boolean) => patch(db, viewer, id, { doneAt: done ? new Date() : null }, done ? "done" : "reopen");
export const deleteTodo = (db: Db, viewer: Viewer, id: string) => patch(db, viewer, id, { deletedAt: new Date() }, "delete");
