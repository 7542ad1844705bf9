import { integer, timestamp, uuid } from "drizzle-orm/pg-core";
import { uuidv7 } from "uuidv7";

/** UUIDv7 primary key: time-ordered, and a phone can mint final ids offline. */
export const id = () => uuid("id").primaryKey().$defaultFn(() => uuidv7());

export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** Columns every editable row carries: optimistic-lock version, who/when, soft delete. */
export const editable = () => ({
  version: integer("version").notNull().default(1),
  createdAt: createdAt(),
  createdBy: uuid("created_by"),
  updatedAt: updatedAt(),
  updatedBy: uuid("updated_by"),
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
});
