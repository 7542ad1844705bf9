import { z } from "zod";
import { optDate, optText, reqText } from "./common";

export const QUADRANTS = ["important_urgent", "important_not_urgent", "urgent_not_important", "neither"] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export const quadrantSchema = z.enum(QUADRANTS, { error: "请选择象限" });

/** 待办事宜. */
export const todoInputSchema = z.object({
  title: reqText(200, "待办内容"),
  notes: optText(2000),
  quadrant: quadrantSchema,
  dueOn: optDate,
});
export type TodoInput = z.infer<typeof todoInputSchema>;
