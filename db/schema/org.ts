import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { editable, id } from "./common";

export const orgUnitKind = pgEnum("org_unit_kind", ["hq", "branch", "department", "agent"]);
export const dataScope = pgEnum("data_scope", ["none", "self", "unit", "unit_tree", "all"]);

export const orgUnits = pgTable(
  "org_units",
  {
    id: id(),
    parentId: uuid("parent_id").references((): AnyPgColumn => orgUnits.id),
    kind: orgUnitKind("kind").notNull(),
    name: text("name").notNull(),
    /** Materialised path of ancestor ids including self, "/<hq>/<branch>/<self>/": subtree = prefix match. */
    path: text("path").notNull(),
    sort: integer("sort").notNull().default(0),
    ...editable(),
  },
  (t) => [index("org_units_path_idx").on(t.path), index("org_units_parent_idx").on(t.parentId)],
);

export const roles = pgTable("roles", {
  id: id(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  dataScope: dataScope("data_scope").notNull(),
  /** Function permissions, values of PERMISSIONS in lib/permissions.ts. */
  permissions: text("permissions").array().notNull().default(sql`'{}'::text[]`),
  ...editable(),
});

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    roleId: uuid("role_id").notNull().references(() => roles.id),
    orgUnitId: uuid("org_unit_id").notNull().references(() => orgUnits.id),
    mobile: text("mobile"),
    active: boolean("active").notNull().default(true),
    locale: text("locale"),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    /**
     * Session generation: signed into each session token at sign-in and compared on every request, so
     * a token issued before the last bump is dead. Bumped on sign-out (bumpSessionVersion) and by the
     * users_session_version trigger when the password, role, unit, active flag or deletion changes.
     */
    sessionVersion: integer("session_version").notNull().default(0),
    ...editable(),
  },
  (t) => [
    uniqueIndex("users_email_idx").on(sql`lower(${t.email})`),
    index("users_org_unit_idx").on(t.orgUnitId),
  ],
);

/** Fixed-window counters: sign-in throttling ("acct:<email>", "ip:<addr>") and other per-user limits such as 查重 ("dup:<userId>"). */
export const loginAttempts = pgTable("login_attempts", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  failures: integer("failures").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

export type OrgUnit = typeof orgUnits.$inferSelect;
export type NewOrgUnit = typeof orgUnits.$inferInsert;
export type Role = typeof roles.$inferSelect;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
