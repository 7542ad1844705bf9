import { and, asc, desc, eq, getTableColumns, inArray, is, isNull, sql, SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { customerCircles, customerStageHistory, customers, dictionaryItems, importHeaderMappings, importJobs, importRows, users, type ImportDuplicate, type ImportJob } from "@/db/schema";
import { keyedHash } from "@/lib/crypto";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { autoMapping, DICTIONARY_FIELDS, fieldForHeader, IMPORT_FIELDS, isImportField, normalizeHeader, type ImportDictionaryKind, type ImportField } from "@/lib/import/fields";
import type { ParsedFile } from "@/lib/import/read";
import { buildCustomerRow, type DictionaryResolver, type RowResult } from "@/lib/import/row";
import { namePinyin, buildSearchTokens } from "@/lib/search-tokens";
import { uuidv7 } from "uuidv7";
import type { CustomerInput } from "@/lib/validation/customer";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { columnsFrom, idCardColumns, resolvePlacement } from "./customers";
import { scopeWhere } from "./scope";
import { getViewer } from "./users";

/** Rows per batch when applying: each batch is one transaction (a failure loses only its own rows, and is retried on resume). */
export const IMPORT_BATCH_SIZE = 500;
/** Rows read, checked and written back per step of the dry run. */
const CHECK_CHUNK = 2000;

export type ImportPolicy = "skip" | "update" | "create";
export type DictChoice = { action: "create" | "map" | "ignore"; id?: string };
export const dictChoiceKey = (kind: string, value: string) => `${kind}\u0000${value}`;

// ---------------------------------------------------------------- upload

/** The user's remembered hand mappings: normalised header → field ("" = 不导入). */
async function rememberedMappings(db: Db, userId: string) {
  const rows = await db.select({ header: importHeaderMappings.header, field: importHeaderMappings.field }).from(importHeaderMappings).where(eq(importHeaderMappings.userId, userId));
  return Object.fromEntries(rows.map((r) => [r.header, r.field]));
}

/**
 * Keeps an uploaded file's rows as an import waiting for its dry run, with the columns mapped automatically
 * (the user's remembered choices first). A file none of whose headers is recognised is refused: it has no
 * header row, or not one about customers.
 */
export async function createImport(db: Db, viewer: Viewer, fileName: string, parsed: ParsedFile) {
  if (!can(viewer, "customer:create")) throw forbidden();
  const remembered = await rememberedMappings(db, viewer.id);
  const mapping = autoMapping(parsed.headers, remembered);
  if (!Object.keys(mapping).length)
    throw new AppError("VALIDATION", "没有识别出表头：文件的第一行应是列名，如 姓名、手机、公司名称、职务、生日", { file: "没有识别出表头" });
  const width = parsed.headers.length;
  return db.transaction(async (tx) => {
    const [job] = await tx
      .insert(importJobs)
      .values({ createdBy: viewer.id, fileName, format: parsed.format, encoding: parsed.encoding, headers: parsed.headers, mapping, total: parsed.rows.length, ownerId: viewer.id })
      .returning({ id: importJobs.id });
    for (let i = 0; i < parsed.rows.length; i += 1000) {
      await tx.insert(importRows).values(parsed.rows.slice(i, i + 1000).map((r) => ({ jobId: job.id, rowNo: r.rowNo, cells: r.cells.slice(0, Math.max(width, 1)) })));
    }
    return job;
  });
}

// ---------------------------------------------------------------- reads

/** An import of the viewer's own, or null: someone else's import does not exist for them. */
export async function getImport(db: Db, viewer: Viewer, id: string): Promise<ImportJob | null> {
  const [job] = await db.select().from(importJobs).where(and(eq(importJobs.id, id), eq(importJobs.createdBy, viewer.id))).limit(1);
  return job ?? null;
}

export async function listImports(db: Db, viewer: Viewer, limit = 20) {
  return db
    .select({ id: importJobs.id, fileName: importJobs.fileName, status: importJobs.status, total: importJobs.total, created: importJobs.created, updated: importJobs.updated, createdAt: importJobs.createdAt })
    .from(importJobs)
    .where(eq(importJobs.createdBy, viewer.id))
    .orderBy(desc(importJobs.createdAt))
    .limit(limit);
}

/** The first rows of the file, to show under the mapping. */
export async function getImportSample(db: Db, viewer: Viewer, id: string, limit = 5) {
  if (!(await getImport(db, viewer, id))) return [];
  return db.select({ rowNo: importRows.rowNo, cells: importRows.cells }).from(importRows).where(eq(importRows.jobId, id)).orderBy(asc(importRows.rowNo)).limit(limit);
}

/** Rows the dry run refused or flagged, or that applying skipped or failed, with their reasons. */
export async function getImportIssues(db: Db, viewer: Viewer, id: string, opts: { limit?: number; afterRow?: number } = {}) {
  if (!(await getImport(db, viewer, id))) return [];
  return db
    .select({ rowNo: importRows.rowNo, cells: importRows.cells, status: importRows.status, errors: importRows.errors, dup: importRows.dup, outcome: importRows.outcome, reason: importRows.reason })
    .from(importRows)
    .where(
      and(
        eq(importRows.jobId, id),
        sql`(${importRows.status} in ('invalid', 'duplicate') or ${importRows.outcome} in ('skipped', 'failed'))`,
        opts.afterRow != null ? sql`${importRows.rowNo} > ${opts.afterRow}` : undefined,
      ),
    )
    .orderBy(asc(importRows.rowNo))
    .limit(opts.limit ?? 200);
}

/** Why a row is in the error file, in one sentence per problem. */
export function rowReason(job: Pick<ImportJob, "headers" | "mapping">, r: { errors: Record<string, string> | null; dup: ImportDuplicate[] | null; reason: string | null }) {
  if (r.reason) return r.reason;
  const headerOf = (field: string) => {
    const col = Object.entries(job.mapping).find(([, f]) => f === field)?.[0];
    return col != null ? job.headers[Number(col)] || IMPORT_FIELDS[field as ImportField]?.label : (IMPORT_FIELDS[field as ImportField]?.label ?? field);
  };
  const parts = Object.entries(r.errors ?? {}).map(([f, m]) => `${headerOf(f)}：${m}`);
  for (const d of r.dup ?? []) parts.push(duplicateText(d));
  return parts.join("；");
}

const DUP_FIELD: Record<ImportDuplicate["field"], string> = { mobile: "手机", email: "邮箱", companyName: "单位名称", idCard: "身份证号", importKey: "同一客户" };

/** A duplicate as the form says it: out of scope, only "owned by another rep". */
export function duplicateText(d: ImportDuplicate) {
  if ("row" in d) return `${DUP_FIELD[d.field]}与文件第 ${d.row} 行重复`;
  if (d.mine) return `${DUP_FIELD[d.field]}与已有客户「${d.name}」重复（负责人：${d.ownerName ?? "—"}）`;
  return `${DUP_FIELD[d.field]}与其他业务员（${d.ownerName ?? "—"}）负责的客户重复`;
}

// ---------------------------------------------------------------- dictionaries

const dictNorm = (s: string) => s.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, "");

/** Active items of the import's dictionaries, by kind and normalised label. */
async function loadDictionaries(db: Db) {
  const rows = await db
    .select({ id: dictionaryItems.id, kind: dictionaryItems.kind, label: dictionaryItems.label })
    .from(dictionaryItems)
    .where(and(inArray(dictionaryItems.kind, Object.values(DICTIONARY_FIELDS)), eq(dictionaryItems.active, true), isNull(dictionaryItems.deletedAt)));
  const byKind = new Map<string, Map<string, string>>();
  const ids = new Map<string, string>();
  for (const r of rows) {
    if (!byKind.has(r.kind)) byKind.set(r.kind, new Map());
    byKind.get(r.kind)!.set(dictNorm(r.label), r.id);
    ids.set(r.id, r.kind);
  }
  return { byKind, ids };
}

/**
 * Matches a file's value to a dictionary item: by label, ignoring case, width and spaces; for places also
 * with or without 市/省 (深圳 = 深圳市). A value not found follows the user's choice for it.
 */
function resolverFor(dicts: Awaited<ReturnType<typeof loadDictionaries>>, choices: Record<string, DictChoice>): DictionaryResolver {
  return (kind: ImportDictionaryKind, value: string) => {
    const items = dicts.byKind.get(kind);
    const n = dictNorm(value);
    const found = items?.get(n) ?? (kind === "city" || kind === "region" ? (items?.get(n.replace(/[市省]$/, "")) ?? items?.get(n + "市") ?? items?.get(n + "省")) : undefined);
    if (found) return found;
    const c = choices[dictChoiceKey(kind, value)];
    if (c?.action === "map" && c.id && dicts.ids.get(c.id) === kind) return c.id;
    if (c?.action === "ignore") return null;
    return undefined;
  };
}

// ---------------------------------------------------------------- duplicates

type Existing = { id: string; name: string; mobile: string | null; email: string | null; kind: string; importKey: string | null; idCardHash: string | null; ownerName: string | null; inScope: boolean };

/** Live customers sharing a mobile, e-mail, company name, ID card or import key with any of `inputs` — one query per chunk. */
async function existingFor(db: Db, viewer: Viewer, inputs: { input: CustomerInput; key: string }[]): Promise<Existing[]> {
  const mobiles = [...new Set(inputs.map((r) => r.input.mobile).filter((x): x is string => !!x))];
  const emails = [...new Set(inputs.map((r) => r.input.email?.toLowerCase()).filter((x): x is string => !!x))];
  const companies = [...new Set(inputs.filter((r) => r.input.kind === "company").map((r) => r.input.name))];
  const hashes = [...new Set(inputs.map((r) => r.input.idCard).filter((x): x is string => !!x).map(keyedHash))];
  const keys = [...new Set(inputs.map((r) => r.key))];
  const conds: SQL[] = [];
  // each arm is served by its own partial index (customers_mobile_idx, _email_idx, _name_idx, _id_card_hash_idx, _import_key_idx)
  if (mobiles.length) conds.push(sql`${customers.mobile} = any(${sql.param(mobiles)}::text[])`);
  if (emails.length) conds.push(sql`lower(${customers.email}) = any(${sql.param(emails)}::text[])`);
  if (companies.length) conds.push(sql`(${customers.kind} = 'company' and ${customers.name} = any(${sql.param(companies)}::text[]))`);
  if (hashes.length) conds.push(sql`${customers.idCardHash} = any(${sql.param(hashes)}::text[])`);
  if (keys.length) conds.push(sql`${customers.importKey} = any(${sql.param(keys)}::text[])`);
  if (!conds.length) return [];
  // one query per look-up, each on its own index: ORed together the planner read the whole table instead
  const found = new Map<string, Existing>();
  for (const cond of conds) for (const r of await existingWhere(db, viewer, cond)) found.set(r.id, r);
  return [...found.values()];
}

function existingWhere(db: Db, viewer: Viewer, cond: SQL) {
  return db
    .select({
      id: customers.id,
      name: customers.name,
      mobile: customers.mobile,
      email: sql<string | null>`lower(${customers.email})`,
      kind: customers.kind,
      importKey: customers.importKey,
      idCardHash: customers.idCardHash,
      ownerName: users.name,
      inScope: sql<boolean>`${scopeWhere(viewer, customers)}`,
    })
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .where(and(isNull(customers.deletedAt), cond));
}

/** Identity values of a row, by duplicate field. */
function identity(input: CustomerInput, key: string) {
  const out: [ImportDuplicate["field"], string][] = [];
  if (input.mobile) out.push(["mobile", input.mobile]);
  if (input.email) out.push(["email", input.email.toLowerCase()]);
  if (input.kind === "company") out.push(["companyName", input.name]);
  if (input.idCard) out.push(["idCard", keyedHash(input.idCard)]);
  out.push(["importKey", key]);
  return out;
}

function dbDuplicates(input: CustomerInput, key: string, existing: Existing[]): Extract<ImportDuplicate, { mine: boolean }>[] {
  const out: Extract<ImportDuplicate, { mine: boolean }>[] = [];
  const seen = new Set<string>();
  for (const [field, value] of identity(input, key)) {
    for (const e of existing) {
      const hit =
        (field === "mobile" && e.mobile === value) ||
        (field === "email" && e.email === value) ||
        (field === "companyName" && e.kind === "company" && e.name === value) ||
        (field === "idCard" && e.idCardHash === value) ||
        (field === "importKey" && e.importKey === value);
      if (!hit || seen.has(e.id)) continue;
      seen.add(e.id);
      // out of scope only the owner is named, as the form's 查重 does
      out.push(e.inScope ? { field, id: e.id, name: e.name, ownerName: e.ownerName, mine: true } : { field, id: null, name: null, ownerName: e.ownerName, mine: false });
    }
  }
  return out;
}

// ---------------------------------------------------------------- dry run

/**
 * Refreshes the planner's statistics of customers when they no longer describe the table: never gathered, or
 * more than a fifth of it changed since (counting the `incoming` rows an apply is about to write). With stale
 * figures PostgreSQL takes a 55,000-row table for a few hundred rows and answers each duplicate look-up by
 * reading every live customer (230–1,900 ms instead of 16 ms per 500 mobiles) — what a first big import meets
 * before autovacuum's analyze catches up (or where it is off). Best effort: without the right to analyze the
 * import goes on as before.
 */
async function analyzeCustomersIfStale(db: Db, incoming: number) {
  const res = await db.execute(sql`
    select c.reltuples::float8 as tuples, coalesce(s.n_mod_since_analyze, 0)::float8 as changed
      from pg_class c left join pg_stat_user_tables s on s.relid = c.oid
     where c.oid = 'customers'::regclass`);
  const [st] = (res as unknown as { rows: { tuples: number; changed: number }[] }).rows;
  if (!st || (st.tuples >= 0 && st.changed + incoming <= st.tuples / 5 + 1000)) return;
  try {
    // a savepoint inside a batch's transaction: a refused analyze must not abort the batch
    await db.transaction(async (sp) => {
      await sp.execute(sql`analyze customers`);
    });
  } catch (e) {
    console.warn("[import] could not analyze customers", e);
  }
}


export type ImportSettings = { mapping: Record<string, string>; policy: ImportPolicy; ownerId: string | null; dictChoices: Record<string, DictChoice> };

/** Keeps the columns the user mapped differently from the built-in names, for their next import. */
async function rememberMapping(db: Db, viewer: Viewer, headers: string[], mapping: Record<string, ImportField>) {
  const rows: { userId: string; header: string; field: string }[] = [];
  headers.forEach((h, i) => {
    const key = normalizeHeader(h);
    if (!key) return;
    const chosen = mapping[i] ?? "";
    if (chosen !== (fieldForHeader(h) ?? "")) rows.push({ userId: viewer.id, header: key, field: chosen });
  });
  if (!rows.length) return;
  await db
    .insert(importHeaderMappings)
    .values([...new Map(rows.map((r) => [r.header, r])).values()])
    .onConflictDoUpdate({ target: [importHeaderMappings.userId, importHeaderMappings.header], set: { field: sql`excluded.field`, updatedAt: new Date() } });
}

/**
 * The dry run: every row through the customer form's schema and the 查重 look-ups (within the file and
 * against the database, inside and outside the viewer's scope), each row's verdict written back, nothing
 * created. Can be run again with another mapping or policy until the import is applied.
 */
export async function checkImport(db: Db, viewer: Viewer, id: string, settings: ImportSettings) {
  if (!can(viewer, "customer:create")) throw forbidden();
  const job = await getImport(db, viewer, id);
  if (!job) throw notFound();
  if (job.status !== "uploaded" && job.status !== "checked") throw new AppError("CONFLICT", "导入已开始，不能再修改设置");
  const mapping: Record<string, ImportField> = {};
  const taken = new Set<string>();
  for (const [col, f] of Object.entries(settings.mapping)) {
    if (!isImportField(f) || Number(col) >= job.headers.length) continue;
    if (taken.has(f)) throw new AppError("VALIDATION", `「${IMPORT_FIELDS[f].label}」被映射到了多列，请只保留一列`, { mapping: "字段重复" });
    taken.add(f);
    mapping[col] = f;
  }
  if (!taken.has("name")) throw new AppError("VALIDATION", "请指定哪一列是客户姓名", { mapping: "缺少客户姓名列" });
  // the owner: self, or a rep in the viewer's scope (the form's rule)
  const placement = await resolvePlacement(db, viewer, settings.ownerId ?? viewer.id);
  await rememberMapping(db, viewer, job.headers, mapping);

  await analyzeCustomersIfStale(db, 0);
  const dicts = await loadDictionaries(db);
  const resolve = resolverFor(dicts, settings.dictChoices);
  const newValues = new Map<string, { kind: string; value: string; rows: number }>();
  const firstRow = new Map<string, number>();
  let valid = 0;
  let invalid = 0;
  let duplicates = 0;
  let after = -1;
  for (;;) {
    const chunk = await db
      .select({ rowNo: importRows.rowNo, cells: importRows.cells })
      .from(importRows)
      .where(and(eq(importRows.jobId, id), sql`${importRows.rowNo} > ${after}`))
      .orderBy(asc(importRows.rowNo))
      .limit(CHECK_CHUNK);
    if (!chunk.length) break;
    after = chunk[chunk.length - 1].rowNo;
    const built = chunk.map((r) => ({ rowNo: r.rowNo, ...buildCustomerRow(r.cells, mapping, resolve) }));
    const ok = built.filter((b): b is typeof b & { input: CustomerInput; key: string } => !!b.input && !!b.key);
    const existing = await existingFor(db, viewer, ok);
    const verdicts = built.map((b) => {
      for (const u of b.unknown) {
        const k = dictChoiceKey(u.kind, u.value);
        const nv = newValues.get(k) ?? { kind: u.kind, value: u.value, rows: 0 };
        nv.rows++;
        newValues.set(k, nv);
      }
      if (!b.input || !b.key) {
        invalid++;
        return { rowNo: b.rowNo, status: "invalid", errors: b.errors, dup: null };
      }
      const dup: ImportDuplicate[] = [];
      for (const [field, value] of identity(b.input, b.key)) {
        const k = `${field}\u0000${value}`;
        const first = firstRow.get(k);
        if (first != null) dup.push({ field, row: first });
        else firstRow.set(k, b.rowNo);
      }
      dup.push(...dbDuplicates(b.input, b.key, existing));
      if (dup.length) duplicates++;
      else valid++;
      return { rowNo: b.rowNo, status: dup.length ? "duplicate" : "valid", errors: null, dup: dup.length ? dedupeFileRefs(dup) : null };
    });
    await writeVerdicts(db, id, verdicts);
  }
  const [row] = await db
    .update(importJobs)
    .set({
      mapping,
      policy: settings.policy,
      ownerId: placement.ownerId,
      dictChoices: settings.dictChoices,
      newValues: [...newValues.values()].sort((a, b) => b.rows - a.rows),
      valid,
      invalid,
      duplicates,
      status: "checked",
      updatedAt: new Date(),
    })
    .where(and(eq(importJobs.id, id), inArray(importJobs.status, ["uploaded", "checked"])))
    .returning();
  if (!row) throw new AppError("CONFLICT", "导入已开始，不能再修改设置");
  return row;
}

/** One "与第 N 行重复" per other row, whatever number of fields matched it. */
function dedupeFileRefs(dup: ImportDuplicate[]) {
  const seen = new Set<number>();
  return dup.filter((d) => !("row" in d) || (!seen.has(d.row) && (seen.add(d.row), true)));
}

async function writeVerdicts(db: Db, jobId: string, v: { rowNo: number; status: string; errors: Record<string, string> | null; dup: ImportDuplicate[] | null }[]) {
  if (!v.length) return;
  // one statement per chunk: the verdicts travel as parallel arrays and are joined back by row number
  await db.execute(sql`
    update import_rows r
       set status = v.status, errors = v.errors::jsonb, dup = v.dup::jsonb, outcome = null, reason = null, customer_id = null
      from unnest(${sql.param(v.map((x) => x.rowNo))}::int[], ${sql.param(v.map((x) => x.status))}::text[],
                  ${sql.param(v.map((x) => (x.errors ? JSON.stringify(x.errors) : null)))}::text[],
                  ${sql.param(v.map((x) => (x.dup ? JSON.stringify(x.dup) : null)))}::text[]) as v(row_no, status, errors, dup)
     where r.job_id = ${jobId} and r.row_no = v.row_no`);
}

// ---------------------------------------------------------------- apply

/**
 * Starts applying a checked import: the accepted new dictionary values are created (or found, if someone
 * added them meanwhile), then the background runner works through the rows (applyImportBatch).
 */
export async function startImport(db: Db, viewer: Viewer, id: string) {
  if (!can(viewer, "customer:create")) throw forbidden();
  return db.transaction(async (tx) => {
    const [job] = await tx.select().from(importJobs).where(and(eq(importJobs.id, id), eq(importJobs.createdBy, viewer.id))).for("update");
    if (!job) throw notFound();
    if (job.status === "applying" || job.status === "done") return job;
    if (job.status === "paused") {
      const [row] = await tx.update(importJobs).set({ status: "applying", error: null, updatedAt: new Date() }).where(eq(importJobs.id, id)).returning();
      return row;
    }
    if (job.status !== "checked") throw new AppError("CONFLICT", "请先试运行（检查数据）再开始导入");
    const toCreate = job.newValues.filter((v) => (job.dictChoices[dictChoiceKey(v.kind, v.value)]?.action ?? "create") === "create");
    if (toCreate.length) {
      await tx
        .insert(dictionaryItems)
        .values(toCreate.map((v) => ({ kind: v.kind as ImportDictionaryKind, label: v.value.slice(0, 50), sort: 1000, createdBy: viewer.id, updatedBy: viewer.id })))
        .onConflictDoNothing();
    }
    const [row] = await tx.update(importJobs).set({ status: "applying", error: null, updatedAt: new Date() }).where(eq(importJobs.id, id)).returning();
    return row;
  });
}

/** Stops a failing import where it is; it resumes from the first row not yet applied. */
export async function pauseImport(db: Db, jobId: string, error: string) {
  await db.update(importJobs).set({ status: "paused", error, updatedAt: new Date() }).where(and(eq(importJobs.id, jobId), eq(importJobs.status, "applying")));
}

/** Ids of imports left applying (a server stopped mid-way): the runner picks them up at start-up. */
export async function applyingImportIds(db: Db) {
  const rows = await db.select({ id: importJobs.id }).from(importJobs).where(eq(importJobs.status, "applying"));
  return rows.map((r) => r.id);
}

/** Which columns of the customer an import field writes, for "update mine" (only what the file has). */
const FIELD_COLUMNS: Partial<Record<ImportField, (keyof ReturnType<typeof columnsFrom>)[]>> = {
  name: ["name", "namePinyin"],
  kind: ["kind"],
  companyName: ["companyName"],
  birthday: ["solarBirthday", "lunarBirthYear", "lunarBirthMonth", "lunarBirthDay", "lunarBirthLeap"],
  lunarBirthday: ["lunarBirthYear", "lunarBirthMonth", "lunarBirthDay", "lunarBirthLeap"],
  introducer: ["introducerText"],
  source: ["sourceId"],
  industry: ["industryId"],
  region: ["regionId"],
  city: ["cityId"],
  circles: [],
  idCard: [],
};

type Outcome = { rowNo: number; outcome: "created" | "updated" | "skipped" | "failed"; reason: string | null; customerId: string | null };

/**
 * Applies the next batch of an import in one transaction: creates, updates or skips each row by the
 * policy, re-checking duplicates and (for updates) the importer's scope row by row at this moment. The job
 * row is locked for the batch, so two servers never apply the same rows; a batch that fails rolls back
 * whole and is done again on resume. Returns done = true once no row is left (and writes the import's one
 * audit entry).
 */
export async function applyImportBatch(db: Db, jobId: string, size = IMPORT_BATCH_SIZE): Promise<{ done: boolean; applied: number }> {
  return db.transaction(async (tx) => {
    const [job] = await tx.select().from(importJobs).where(eq(importJobs.id, jobId)).for("update");
    if (!job || job.status !== "applying") return { done: true, applied: 0 };
    const viewer = await getViewer(tx, job.createdBy);
    if (!viewer || !can(viewer, "customer:create")) throw new AppError("FORBIDDEN", "导入人已无新建客户的权限");
    const rows = await tx
      .select({ rowNo: importRows.rowNo, cells: importRows.cells, dup: importRows.dup })
      .from(importRows)
      .where(and(eq(importRows.jobId, jobId), isNull(importRows.outcome), inArray(importRows.status, ["valid", "duplicate"])))
      .orderBy(asc(importRows.rowNo))
      .limit(size);
    if (!rows.length) {
      const [done] = await tx.update(importJobs).set({ status: "done", finishedAt: new Date(), updatedAt: new Date() }).where(eq(importJobs.id, jobId)).returning();
      await writeAudit(tx, viewer, {
        action: "import",
        entityType: "customer",
        after: { importId: jobId, file: job.fileName, format: job.format, policy: job.policy, ownerId: job.ownerId, rows: job.total, created: done.created, updated: done.updated, skipped: done.skipped, failed: done.failed + job.invalid },
      });
      return { done: true, applied: 0 };
    }
    // the first batch: the look-ups below need statistics that count what this import is about to add
    if (job.processed === 0) await analyzeCustomersIfStale(tx, job.valid + job.duplicates);
    const placement = await resolvePlacement(tx, viewer, job.ownerId ?? viewer.id);
    const resolve = resolverFor(await loadDictionaries(tx), job.dictChoices);
    const built = rows.map((r) => ({ rowNo: r.rowNo, fileDup: (r.dup ?? []).find((d) => "row" in d) as Extract<ImportDuplicate, { row: number }> | undefined, ...buildCustomerRow(r.cells, job.mapping as Record<string, ImportField>, (k, v) => resolve(k, v) ?? null) }));
    const ok = built.filter((b): b is typeof b & RowResult & { input: CustomerInput; key: string } => !!b.input && !!b.key);
    const existing = await existingFor(tx, viewer, ok);
    const outcomes: Outcome[] = [];
    const creates: typeof ok = [];
    for (const b of built) {
      if (!b.input || !b.key) {
        outcomes.push({ rowNo: b.rowNo, outcome: "failed", reason: Object.values(b.errors ?? {}).join("；") || "数据无效", customerId: null });
        continue;
      }
      if (job.policy === "create") {
        creates.push(b as (typeof ok)[number]);
        continue;
      }
      if (b.fileDup) {
        outcomes.push({ rowNo: b.rowNo, outcome: "skipped", reason: `与文件第 ${b.fileDup.row} 行重复，已跳过`, customerId: null });
        continue;
      }
      const dups = dbDuplicates(b.input, b.key, existing);
      if (!dups.length) {
        creates.push(b as (typeof ok)[number]);
        continue;
      }
      const mine = dups.find((d) => d.mine && d.id);
      if (job.policy === "update" && mine?.id) {
        const id = await updateFromImport(tx, viewer, mine.id, b.input, job.mapping as Record<string, ImportField>);
        outcomes.push(id ? { rowNo: b.rowNo, outcome: "updated", reason: null, customerId: id } : { rowNo: b.rowNo, outcome: "skipped", reason: "客户已不在您的管理范围内，已跳过", customerId: null });
        continue;
      }
      outcomes.push({ rowNo: b.rowNo, outcome: "skipped", reason: `${duplicateText(dups[0])}，已跳过`, customerId: null });
    }
    if (creates.length) {
      // the ids are minted here (as customers.id's own default does), so circles, history and outcomes need no RETURNING order
      const values = creates.map((b) => ({ id: uuidv7(), ...columnsFrom(b.input), ...idCardColumns(b.input), ...placement, importKey: b.key, createdBy: viewer.id, updatedBy: viewer.id }));
      const inserted = await insertAsJson(tx, customers, values, sql`returning id, stage`);
      const stageOf = new Map(inserted.map((r) => [String(r.id), String(r.stage)]));
      const circles = creates.flatMap((b, i) => [...new Set(b.input.circleIds)].map((circleId) => ({ customerId: values[i].id, circleId })));
      if (circles.length) await insertAsJson(tx, customerCircles, circles, sql`on conflict do nothing`);
      // the customer's history says where it came from
      await insertAsJson(
        tx,
        customerStageHistory,
        values.map((c) => ({ customerId: c.id, fromStage: null, toStage: stageOf.get(c.id), changedBy: viewer.id, reason: `导入：${job.fileName}` })),
      );
      creates.forEach((b, i) => outcomes.push({ rowNo: b.rowNo, outcome: "created", reason: null, customerId: values[i].id }));
    }
    await tx.execute(sql`
      update import_rows r set outcome = v.outcome, reason = v.reason, customer_id = v.customer_id::uuid
        from unnest(${sql.param(outcomes.map((o) => o.rowNo))}::int[], ${sql.param(outcomes.map((o) => o.outcome))}::text[],
                    ${sql.param(outcomes.map((o) => o.reason))}::text[], ${sql.param(outcomes.map((o) => o.customerId))}::text[]) as v(row_no, outcome, reason, customer_id)
       where r.job_id = ${jobId} and r.row_no = v.row_no`);
    const count = (k: Outcome["outcome"]) => outcomes.filter((o) => o.outcome === k).length;
    await tx
      .update(importJobs)
      .set({
        processed: sql`${importJobs.processed} + ${outcomes.length}`,
        created: sql`${importJobs.created} + ${count("created")}`,
        updated: sql`${importJobs.updated} + ${count("updated")}`,
        skipped: sql`${importJobs.skipped} + ${count("skipped")}`,
        failed: sql`${importJobs.failed} + ${count("failed")}`,
        updatedAt: new Date(),
      })
      .where(eq(importJobs.id, jobId));
    return { done: false, applied: outcomes.length };
  });
}

/**
 * Inserts rows of one table in one statement whose rows travel as a single jsonb parameter
 * (`insert … select … from jsonb_array_elements($1)`) instead of drizzle's VALUES list, which binds every
 * column of every row (~60 parameters per customer). Same meaning as drizzle's insert: a value left undefined
 * takes the column's $defaultFn, else its $onUpdate, else its SQL default; values go through the column's own
 * mapToDriverValue and are cast to its SQL type. `tail` follows the statement (returning …, on conflict …).
 */
async function insertAsJson(tx: Db, table: PgTable, rows: Record<string, unknown>[], tail?: SQL): Promise<Record<string, unknown>[]> {
  if (!rows.length) return [];
  const docs = rows.map(() => ({}) as Record<string, unknown>);
  const names: SQL[] = [];
  const exprs: SQL[] = [];
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    if (col.generated || col.generatedIdentity) continue;
    let given = false;
    let defaulted = false;
    rows.forEach((r, i) => {
      let v = r[key];
      if (v === undefined) v = col.defaultFn ? col.defaultFn() : !col.default && col.onUpdateFn ? col.onUpdateFn() : undefined;
      if (v === undefined) return void (defaulted = true);
      if (is(v, SQL)) throw new Error(`insertAsJson: ${col.name} is an SQL expression`);
      given = true;
      docs[i][col.name] = v === null ? null : col.mapToDriverValue(v);
    });
    if (!given) continue; // no row has it: the column's SQL default (or null) for all, as drizzle's `default`
    const name = col.name.replace(/'/g, "''");
    const value = sql.raw(`(e->>'${name}')::${col.getSQLType()}`);
    names.push(sql`${sql.identifier(col.name)}`);
    if (!defaulted) exprs.push(value);
    else {
      // some rows leave it out: those take the column's default
      const fallback = col.default === undefined ? sql`null` : is(col.default, SQL) ? col.default : sql`${col.mapToDriverValue(col.default)}`;
      exprs.push(sql`case when e ? ${sql.raw(`'${name}'`)} then ${value} else (${fallback})::${sql.raw(col.getSQLType())} end`);
    }
  }
  const result = await tx.execute(
    sql`insert into ${table} (${sql.join(names, sql`, `)}) select ${sql.join(exprs, sql`, `)} from jsonb_array_elements(${JSON.stringify(docs)}::jsonb) as e ${tail ?? sql``}`,
  );
  return (result as unknown as { rows: Record<string, unknown>[] }).rows;
}

/**
 * "Update mine": writes the fields the file has (non-empty) onto an existing customer — only when that
 * customer is in the importer's scope at this moment (the WHERE carries the scope). Null when it is not.
 */
async function updateFromImport(tx: Db, viewer: Viewer, id: string, input: CustomerInput, mapping: Record<string, ImportField>) {
  const [current] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.id, id), isNull(customers.deletedAt), scopeWhere(viewer, customers)))
    .for("update");
  if (!current) return null;
  const cols = columnsFrom(input) as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const f of new Set(Object.values(mapping))) {
    const keys = (FIELD_COLUMNS[f] ?? [f]) as string[];
    for (const k of keys) {
      const v = cols[k];
      if (v != null && v !== "" && !(k === "lunarBirthLeap" && !cols.lunarBirthMonth)) patch[k] = v;
    }
  }
  if (mapping && Object.values(mapping).includes("idCard") && input.idCard) Object.assign(patch, idCardColumns(input));
  delete patch.searchTokens;
  const merged = { ...current, ...patch } as typeof current;
  if (patch.name) patch.namePinyin = namePinyin(merged.name);
  patch.searchTokens = buildSearchTokens({ name: merged.name, companyName: merged.companyName, mobile: merged.mobile, landline: merged.landline, email: merged.email, wechat: merged.wechat });
  const [row] = await tx
    .update(customers)
    .set({ ...patch, version: sql`${customers.version} + 1`, updatedBy: viewer.id, updatedAt: new Date() })
    .where(and(eq(customers.id, id), isNull(customers.deletedAt), scopeWhere(viewer, customers)))
    .returning({ id: customers.id });
  if (row && input.circleIds.length) await tx.insert(customerCircles).values(input.circleIds.map((circleId) => ({ customerId: id, circleId }))).onConflictDoNothing();
  return row?.id ?? null;
}

/** Progress of an import for its page's progress bar. */
export async function getImportProgress(db: Db, viewer: Viewer, id: string) {
  const job = await getImport(db, viewer, id);
  if (!job) return null;
  return importProgress(job);
}

/** The progress bar's figures: rows refused by the dry run count as failed, since they are not imported. */
export function importProgress(job: ImportJob) {
  return { status: job.status, total: job.valid + job.duplicates, processed: job.processed, created: job.created, updated: job.updated, skipped: job.skipped, failed: job.failed + job.invalid, error: job.error };
}
