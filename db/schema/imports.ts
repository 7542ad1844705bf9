import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { id } from "./common";
import { users } from "./org";

export const importStatus = pgEnum("import_status", ["uploaded", "checked", "applying", "paused", "done"]);

/**
 * One import of customers from a file (.xlsx / .csv / .vcf): the parsed rows wait in import_rows, the
 * dry run writes each row's verdict there, and applying works through them in batches (lib/jobs/imports.ts).
 * The counters are the progress bar; they are updated in the same transaction as each batch.
 */
export const importJobs = pgTable(
  "import_jobs",
  {
    id: id(),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    fileName: text("file_name").notNull(),
    format: text("format").notNull(),
    /** How the text file was decoded (utf-8, gb18030 …); null for .xlsx. */
    encoding: text("encoding"),
    status: importStatus("status").notNull().default("uploaded"),
    headers: jsonb("headers").$type<string[]>().notNull(),
    /** Column index (as a string) → import field (lib/import/fields.ts). */
    mapping: jsonb("mapping").$type<Record<string, string>>().notNull(),
    /** "kind\u0000value" → { action: create | map | ignore, id? }: what to do with dictionary values not found. */
    dictChoices: jsonb("dict_choices").$type<Record<string, { action: "create" | "map" | "ignore"; id?: string }>>().notNull().default({}),
    /** The dictionary values of the file that the dictionaries do not have, with how many rows name them. */
    newValues: jsonb("new_values").$type<{ kind: string; value: string; rows: number }[]>().notNull().default([]),
    /** skip | update | create: what applying does with a duplicate. */
    policy: text("policy").notNull().default("skip"),
    ownerId: uuid("owner_id").references(() => users.id),
    total: integer("total").notNull().default(0),
    valid: integer("valid").notNull().default(0),
    invalid: integer("invalid").notNull().default(0),
    duplicates: integer("duplicates").notNull().default(0),
    processed: integer("processed").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /** Why the last batch failed (shown; the import is paused and can resume). */
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    // serves "my recent imports" on /customers/import
    index("import_jobs_creator_idx").on(t.createdBy, t.createdAt.desc().nullsFirst()),
    // serves the start-up resume of imports left applying
    index("import_jobs_applying_idx").on(t.status).where(sql`status = 'applying'`),
  ],
);

/** One data row of an import: its cells as read, the dry run's verdict, and what applying did. */
export const importRows = pgTable(
  "import_rows",
  {
    jobId: uuid("job_id").notNull().references(() => importJobs.id, { onDelete: "cascade" }),
    /** The row's number in the file (the header is row 1 in a spreadsheet), as the user sees it. */
    rowNo: integer("row_no").notNull(),
    cells: jsonb("cells").$type<string[]>().notNull(),
    /** pending (not checked) | valid | invalid | duplicate */
    status: text("status").notNull().default("pending"),
    /** Import field → Chinese message. */
    errors: jsonb("errors").$type<Record<string, string>>(),
    /** What it duplicates: another row of the file or an existing customer. */
    dup: jsonb("dup").$type<ImportDuplicate[]>(),
    /** created | updated | skipped | failed, once applied; null = still to do. */
    outcome: text("outcome"),
    reason: text("reason"),
    customerId: uuid("customer_id"),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.rowNo] }),
    // serves applying's next batch: WHERE job_id = $1 AND outcome IS NULL AND status IN (…) ORDER BY row_no LIMIT 500
    // (through the primary key each batch walked past every row already applied: quadratic over 100k rows)
    index("import_rows_todo_idx").on(t.jobId, t.rowNo).where(sql`outcome is null and status in ('valid', 'duplicate')`),
  ],
);

export type ImportDuplicate =
  | { field: "mobile" | "email" | "companyName" | "idCard" | "importKey"; row: number }
  | { field: "mobile" | "email" | "companyName" | "idCard" | "importKey"; id: string | null; name: string | null; ownerName: string | null; mine: boolean };

/** A user's hand re-mapping, remembered per normalised header (应用于下次导入). */
export const importHeaderMappings = pgTable(
  "import_header_mappings",
  {
    userId: uuid("user_id").notNull().references(() => users.id),
    header: text("header").notNull(),
    field: text("field").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.header] })],
);

export type ImportJob = typeof importJobs.$inferSelect;
