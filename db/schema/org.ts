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
    /** 停用: the unit keeps its people, customers and place in the tree (scopes still cover it), but nobody new is placed in it. */
    active: boolean("active").notNull().default(true),
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
  /** A built-in role (DEFAULT_ROLES): a template that can be copied, never edited or deleted. */
  builtIn: boolean("built_in").notNull().default(false),
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
    /** Set with an initial or reset password: until the user chooses their own, every page leads to /password. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    /** When the user was deactivated and their customers began waiting for a hand-over (cleared once none remain or on reactivation). */
    handoverPendingSince: timestamp("handover_pending_since", { withTimezone: true }),
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

/** 登录记录: every sign-in attempt with its outcome, for the per-user sign-in history (append-only). */
export const loginEvents = pgTable(
  "login_events",
  {
    id: id(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** null when the e-mail matches no account */
    userId: uuid("user_id").references(() => users.id),
    email: text("email").notNull(),
    ip: text("ip"),
    /** ok | bad_password | locked | inactive | unknown */
    result: text("result").notNull(),
  },
  (t) => [index("login_events_user_idx").on(t.userId, t.at, t.id)],
);

export type OrgUnit = typeof orgUnits.$inferSelect;
export type NewOrgUnit = typeof orgUnits.$inferInsert;
export type Role = typeof roles.$inferSelect;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
