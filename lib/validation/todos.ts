import { z } from "zod";
import { TODO_QUADRANTS } from "@/lib/todos";
import { optDate, optText, reqText } from "./common";

export const quadrantSchema = z.enum(TODO_QUADRANTS, { error: "请选择象限" });

/** 待办事宜. */
export const todoInputSchema = z.object({
  title: reqText(200, "待办内容"),
  notes: optText(2000),
  quadrant: quadrantSchema,
  dueOn: optDate,
});
export type TodoInput = z.infer<typeof todoInputSchema>;
