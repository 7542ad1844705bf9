"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createTodo, deleteTodo, moveTodo, setTodoDone } from "@/db/queries/todos";
import { action, formAction } from "@/lib/action";
import { entityId, failsAs } from "@/lib/validation/common";
import { TODO_QUADRANTS, type Quadrant } from "@/lib/todos";
import { todoInputSchema } from "@/lib/validation/todos";

/** The badge counts due to-dos, so every change refreshes the whole layout. */
const refreshed = () => {
  revalidatePath("/", "layout");
  return { ok: true };
};

const quadrant = z.custom<Quadrant>((v) => (TODO_QUADRANTS as readonly unknown[]).includes(v), failsAs("NOT_FOUND"));

export const createTodoAction = formAction(todoInputSchema, async (input, { db, viewer }) => {
  await createTodo(db, viewer, input);
  return refreshed();
});

export const moveTodoAction = action(z.tuple([entityId, quadrant]), async ([id, q], { db, viewer }) => {
  await moveTodo(db, viewer, id, q);
  return refreshed();
});

export const setTodoDoneAction = action(z.tuple([entityId, z.boolean({ error: "参数无效" })]), async ([id, done], { db, viewer }) => {
  await setTodoDone(db, viewer, id, done);
  return refreshed();
});

export const deleteTodoAction = action(z.tuple([entityId]), async ([id], { db, viewer }) => {
  await deleteTodo(db, viewer, id);
  return refreshed();
});
