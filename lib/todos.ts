/**
 * 待办四象限 (the Eisenhower matrix): the one definition. The database enum (db/schema/time.ts) and the zod
 * schemas derive from it; labels are messages todos.quadrants.<quadrant>.
 */
export const TODO_QUADRANTS = ["important_urgent", "important_not_urgent", "urgent_not_important", "neither"] as const;
export type Quadrant = (typeof TODO_QUADRANTS)[number];
