"use server";

import { revalidatePath } from "next/cache";
import { createTodo, deleteTodo, moveTodo, setTodoDone } from "@/db/queries/todos";
import { runAction, type ActionState } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { fieldErrors, formDataToObject, isUuid } from "@/lib/validation/common";
import { quadrantSchema, todoInputSchema } from "@/lib/validation/todos";

const done = (r: ActionState) => {
  // the badge counts due to-dos, so the whole layout is refreshed
  if (r.ok) revalidatePath("/", "layout");
  return r;
};

export async function createTodoAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const raw = formDataToObject(formData);
  const r = await runAction(async ({ db, viewer }) => {
    const p = todoInputSchema.safeParse(raw);
    if (!p.success) throw new AppError("VALIDATION", "请修正标出的字段", fieldErrors(p.error));
    await createTodo(db, viewer, p.data);
    return { ok: true };
  });
  return done(r.ok ? r : { ...r, data: { values: raw } });
}

export async function moveTodoAction(id: string, quadrant: string): Promise<ActionState> {
  return done(
    await runAction(async ({ db, viewer }) => {
      const q = quadrantSchema.safeParse(quadrant);
      if (!isUuid(id) || !q.success) throw new AppError("NOT_FOUND");
      await moveTodo(db, viewer, id, q.data);
      return { ok: true };
    }),
  );
}

export async function setTodoDoneAction(id: string, isDone: boolean): Promise<ActionState> {
  return done(
    await runAction(async ({ db, viewer }) => {
      if (!isUuid(id)) throw new AppError("NOT_FOUND");
      await setTodoDone(db, viewer, id, isDone === true);
      return { ok: true };
    }),
  );
}

export async function deleteTodoAction(id: string): Promise<ActionState> {
  return done(
    await runAction(async ({ db, viewer }) => {
      if (!isUuid(id)) throw new AppError("NOT_FOUND");
      await deleteTodo(db, viewer, id);
      return { ok: true };
    }),
  );
}
