import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { queryRows, type Db } from "@/db/client";
import {
  customerCircles,
  customerDates,
  customerStageHistory,
  customerStageCounts,
  customers,
  dictionaryItems,
  orgUnits,
  users,
  type Customer,
} from "@/db/schema";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { decrypt, encrypt, keyedHash } from "@/lib/crypto";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { DUPLICATE_CHECK_LIMIT, maskDuplicateQuery, type DuplicateQuery } from "@/lib/duplicates";
import { maskIdCard } from "@/lib/id-card";
import { buildSearchTokens, namePinyin, queryTokens } from "@/lib/search-tokens";
import { CARD_FIELDS, type CardField, type CustomerCard, type CustomerInput, type CustomerListQuery } from "@/lib/validation/customer";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";
import { reassignCustomers, type Placement } from "./customer-assignment";
import { invalidDictionaryRefs } from "./dictionaries";
import { countHit } from "./rate-limit";
import { andScope, scopeCovers, scopeWhere } from "./scope";
import { getUserPlacement } from "./users";

export const PAGE_SIZE = 50;

const visible = (viewer: Viewer) => scopeWhere(viewer, customers);

// ---------------------------------------------------------------- list & search

const SORTS = {
  updated: { col: customers.updatedAt, ts: true },
  created: { col: customers.createdAt, ts: true },
  name: { col: customers.namePinyin, ts: false },
  contact: { col: customers.lastContactAt, ts: true },
} as const;

export type CustomerListRow = Awaited<ReturnType<typeof listCustomers>>["rows"][number];

/**
 * The trash (deleted customers) belongs to those who may delete and restore: without customer:delete a
 * trash query is not found, whatever page or route asked for it.
 */
function assertTrashAllowed(viewer: Viewer, q: Pick<CustomerListQuery, "deleted">) {
  if (q.deleted && !can(viewer, "customer:delete")) throw notFound();
}

/** Filters of the list (besides scope and paging); shared by list, count, export and the marketing audience. */
export function listFilters(viewer: Viewer, q: CustomerListQuery): SQL[] {
  assertTrashAllowed(viewer, q);
  const f: SQL[] = [visible(viewer), q.deleted ? isNotNull(customers.deletedAt) : isNull(customers.deletedAt)];
  if (q.q) {
    const tokens = queryTokens(q.q);
    // a query with nothing searchable (e.g. "1") matches nothing rather than everything
    f.push(tokens.length ? sql`${customers.searchTokens} @> ${sql.param(tokens)}::text[]` : sql`false`);
  }
  if (q.stage) f.push(eq(customers.stage, q.stage));
  if (q.grade) f.push(sql`coalesce(${customers.valueGradeOverride}, ${customers.valueGrade}) = ${q.grade}`);
  if (q.industry) f.push(eq(customers.industryId, q.industry));
  if (q.region) f.push(eq(customers.regionId, q.region));
  if (q.city) f.push(eq(customers.cityId, q.city));
  if (q.source) f.push(eq(customers.sourceId, q.source));
  if (q.owner) f.push(eq(customers.ownerId, q.owner));
  if (q.kind) f.push(eq(customers.kind, q.kind));
  if (q.circle)
    f.push(sql`exists (select 1 from ${customerCircles} cc where cc.customer_id = ${customers.id} and cc.circle_id = ${q.circle})`);
  return f;
}

/**
 * One page of customers in the viewer's scope, keyset-paginated on (sort column, id) so page N costs
 * the same as page 1. Returns the cursor of the next page, or null on the last.
 */
export async function listCustomers(db: Db, viewer: Viewer, q: CustomerListQuery, limit = PAGE_SIZE) {
  const { where, order, keyExpr } = keyset(viewer, q);
  const rows = await db
    .select({
      id: customers.id,
      kind: customers.kind,
      name: customers.name,
      companyName: customers.companyName,
      title: customers.title,
      mobile: customers.mobile,
      stage: customers.stage,
      valueGrade: sql<string | null>`coalesce(${customers.valueGradeOverride}, ${customers.valueGrade})`,
      /** the grade shown is a manual one (手动调整), not the computed */
      valueGradeManual: sql<boolean>`(${customers.valueGradeOverride} is not null)`,
      ownerId: customers.ownerId,
      orgUnitId: customers.orgUnitId,
      ownerName: users.name,
      updatedAt: customers.updatedAt,
      createdAt: customers.createdAt,
      lastContactAt: customers.lastContactAt,
      deletedAt: customers.deletedAt,
      sortKey: sql<string>`(${keyExpr})::text`,
    })
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .where(and(...where))
    .orderBy(...order)
    .limit(limit + 1);
  return pageOf(rows, limit);
}

/** The list's WHERE (filters, scope, the cursor's keyset condition) and ORDER BY on (sort key, id). */
function keyset(viewer: Viewer, q: CustomerListQuery) {
  const sort = SORTS[q.sort];
  const dir = q.dir === "asc" ? "asc" : "desc";
  const where = listFilters(viewer, q);
  const cursor = decodeCursor(q.cursor, sort.ts ? "timestamp" : "text");
  // last_contact_at may be NULL (never contacted): they count as contacted longest ago — last when
  // newest first, first when oldest first — which is the coalesced key customers_contact_idx serves.
  const keyExpr = q.sort === "contact" ? sql`coalesce(${sort.col}, '-infinity'::timestamptz)` : sql`${sort.col}`;
  if (cursor) {
    const cv = sort.ts ? sql`${cursor[0]}::timestamptz` : sql`${cursor[0]}`;
    where.push(dir === "desc" ? sql`(${keyExpr}, ${customers.id}) < (${cv}, ${cursor[1]})` : sql`(${keyExpr}, ${customers.id}) > (${cv}, ${cursor[1]})`);
  }
  const order = dir === "desc" ? [desc(keyExpr), desc(customers.id)] : [asc(keyExpr), asc(customers.id)];
  return { where, order, keyExpr };
}

/** A page of `limit` rows out of limit + 1 fetched, and the cursor of the next page (null on the last). */
function pageOf<R extends { id: string; sortKey: string }>(rows: R[], limit: number) {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  // the key travels as Postgres text: a JS Date would drop the microseconds and break the keyset
  const nextCursor = more && last ? encodeCursor([last.sortKey, last.id]) : null;
  return { rows: page.map(({ sortKey: _s, ...r }) => r), nextCursor };
}

/** Count of the list's matches (capped) for the header; scoped like the list. */
export async function countCustomers(db: Db, viewer: Viewer, q: CustomerListQuery, cap = 10000) {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from ${customers} where ${and(...listFilters(viewer, q))} limit ${cap + 1}) s`,
  );
  return Number(r?.n ?? 0);
}

/** Quick-search suggestions (at most `limit`) for pickers and the search box. */
export async function searchCustomers(db: Db, viewer: Viewer, text: string, limit = 10, opts: { kind?: "individual" | "company" } = {}) {
  const tokens = queryTokens(text);
  if (!tokens.length) return [];
  return db
    .select({ id: customers.id, name: customers.name, companyName: customers.companyName, mobile: customers.mobile, kind: customers.kind, stage: customers.stage })
    .from(customers)
    .where(
      andScope(
        viewer,
        customers,
        isNull(customers.deletedAt),
        sql`${customers.searchTokens} @> ${sql.param(tokens)}::text[]`,
        opts.kind ? eq(customers.kind, opts.kind) : undefined,
      ),
    )
    .orderBy(desc(customers.updatedAt), desc(customers.id))
    .limit(limit);
}

// ---------------------------------------------------------------- detail

const source = alias(dictionaryItems, "source");
const industry = alias(dictionaryItems, "industry");
const city = alias(dictionaryItems, "city");
const owner = alias(users, "owner");

/**
 * A customer's whole profile, or null when it does not exist for this viewer (out of scope = not found).
 * `includeDeleted` opens a customer in the trash, which only those with customer:delete may see.
 */
export async function getCustomerById(db: Db, viewer: Viewer, id: string, opts: { includeDeleted?: boolean } = {}) {
  const withDeleted = opts.includeDeleted && can(viewer, "customer:delete");
  // A narrow join (planning a 9-table join cost more than running it); labels and links come in one
  // small query each below.
  const [row] = await db
    .select({ c: customers, ownerName: owner.name, orgUnitName: orgUnits.name })
    .from(customers)
    .leftJoin(owner, eq(owner.id, customers.ownerId))
    .leftJoin(orgUnits, eq(orgUnits.id, customers.orgUnitId))
    .where(andScope(viewer, customers, eq(customers.id, id), withDeleted ? undefined : isNull(customers.deletedAt)))
    .limit(1);
  if (!row) return null;
  const c0 = row.c;
  const dictIds = [c0.sourceId, c0.industryId, c0.regionId, c0.cityId].filter((x): x is string => !!x);
  const linkIds = [c0.introducerId, c0.companyId].filter((x): x is string => !!x);
  const labels = dictIds.length
    ? await db.select({ id: dictionaryItems.id, label: dictionaryItems.label }).from(dictionaryItems).where(inArray(dictionaryItems.id, dictIds))
    : [];
  // linked customers are named only when the viewer may see them too
  const links = linkIds.length
    ? await db
        .select({ id: customers.id, name: customers.name })
        .from(customers)
        .where(andScope(viewer, customers, inArray(customers.id, linkIds), isNull(customers.deletedAt)))
    : [];
  const label = (x: string | null) => (x ? (labels.find((l) => l.id === x)?.label ?? null) : null);
  const linkName = (x: string | null) => (x ? (links.find((l) => l.id === x)?.name ?? null) : null);
  const extra = {
    sourceLabel: label(c0.sourceId),
    industryLabel: label(c0.industryId),
    regionLabel: label(c0.regionId),
    cityLabel: label(c0.cityId),
    introducerName: linkName(c0.introducerId),
    companyLinkName: linkName(c0.companyId),
  };
  const [circles, dates, stageHistory, contacts] = await Promise.all([
    db
      .select({ id: dictionaryItems.id, label: dictionaryItems.label })
      .from(customerCircles)
      .innerJoin(dictionaryItems, eq(dictionaryItems.id, customerCircles.circleId))
      .where(eq(customerCircles.customerId, id))
      .orderBy(asc(dictionaryItems.sort)),
    db
      .select({ id: customerDates.id, label: customerDates.label, date: customerDates.date, notes: customerDates.notes })
      .from(customerDates)
      .where(and(eq(customerDates.customerId, id), isNull(customerDates.deletedAt)))
      .orderBy(asc(customerDates.date)),
    db
      .select({
        id: customerStageHistory.id,
        fromStage: customerStageHistory.fromStage,
        toStage: customerStageHistory.toStage,
        changedAt: customerStageHistory.changedAt,
        changedByName: users.name,
        reason: customerStageHistory.reason,
      })
      .from(customerStageHistory)
      .leftJoin(users, eq(users.id, customerStageHistory.changedBy))
      .where(eq(customerStageHistory.customerId, id))
      .orderBy(desc(customerStageHistory.changedAt))
      .limit(100),
    row.c.kind === "company"
      ? db
          .select({ id: customers.id, name: customers.name, title: customers.title, mobile: customers.mobile, email: customers.email })
          .from(customers)
          .where(andScope(viewer, customers, eq(customers.companyId, id), isNull(customers.deletedAt)))
          .orderBy(asc(customers.namePinyin))
          .limit(200)
      : Promise.resolve([]),
  ]);
  const { idCardCipher: _cipher, idCardHash: _hash, searchTokens: _tokens, ...c } = row.c;
  return {
    ...c,
    valueGradeEffective: c.valueGradeOverride ?? c.valueGrade,
    ...extra,
    ownerName: row.ownerName,
    orgUnitName: row.orgUnitName,
    circles,
    customDates: dates,
    stageHistory,
    contacts,
  };
}
export type CustomerDetail = NonNullable<Awaited<ReturnType<typeof getCustomerById>>>;

/** Decrypts the ID-card number for a viewer with customer:reveal_id; audited in the same transaction. */
export async function revealIdCard(db: Db, viewer: Viewer, id: string, ip?: string | null) {
  if (!can(viewer, "customer:reveal_id")) throw notFound();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ cipher: customers.idCardCipher })
      .from(customers)
      .where(andScope(viewer, customers, eq(customers.id, id), isNull(customers.deletedAt)))
      .limit(1);
    if (!row) throw notFound();
    if (!row.cipher) return null;
    await writeAudit(tx, viewer, { action: "reveal_id", entityType: "customer", entityId: id, ip });
    return decrypt(row.cipher);
  });
}

// ---------------------------------------------------------------- duplicates (查重)

export type Duplicate = {
  field: "mobile" | "email" | "companyName" | "idCard";
  /** Present only when the viewer may open the duplicate. */
  id: string | null;
  name: string | null;
  ownerName: string | null;
};

/** The look-ups a 查重 input asks for: one per field given. */
function duplicateConds(input: DuplicateQuery) {
  const conds: { field: Duplicate["field"]; cond: SQL }[] = [];
  if (input.mobile) conds.push({ field: "mobile", cond: eq(customers.mobile, input.mobile) });
  if (input.email) conds.push({ field: "email", cond: sql`lower(${customers.email}) = ${input.email.toLowerCase()}` });
  const companyName = input.kind === "company" ? input.name : input.companyName;
  if (companyName && input.kind === "company")
    conds.push({ field: "companyName", cond: and(eq(customers.kind, "company"), eq(customers.name, companyName))! });
  if (input.idCard) conds.push({ field: "idCard", cond: eq(customers.idCardHash, keyedHash(input.idCard)) });
  return conds;
}

/**
 * Existing customers sharing a mobile, e-mail, company name or ID card. For a duplicate outside the
 * viewer's scope only its owner's name is said: nothing of the other rep's data. Unthrottled and
 * unaudited: what users trigger goes through checkDuplicates.
 */
export async function findDuplicates(db: Db, viewer: Viewer, input: DuplicateQuery, excludeId?: string | null): Promise<Duplicate[]> {
  const out: Duplicate[] = [];
  for (const { field, cond } of duplicateConds(input)) {
    const rows = await db
      .select({ id: customers.id, name: customers.name, ownerName: users.name, inScope: sql<boolean>`${visible(viewer)}` })
      .from(customers)
      .leftJoin(users, eq(users.id, customers.ownerId))
      .where(and(cond, isNull(customers.deletedAt), excludeId ? ne(customers.id, excludeId) : undefined))
      .limit(5);
    for (const r of rows)
      out.push(r.inScope ? { field, id: r.id, name: r.name, ownerName: r.ownerName } : { field, id: null, name: null, ownerName: r.ownerName });
  }
  return out;
}

/**
 * 查重 as users trigger it (while typing and on save). It names the owner of any customer with a given
 * phone or e-mail, scope or not, so it is limited per user (DUPLICATE_CHECK_LIMIT, counted in the database
 * so every process shares the count: over it → RATE_LIMITED) and each look-up is audited with what was
 * asked, masked, and how many customers it found. Only users who may enter customers may ask.
 */
export async function checkDuplicates(db: Db, viewer: Viewer, input: DuplicateQuery, excludeId?: string | null, now = new Date()): Promise<Duplicate[]> {
  if (!can(viewer, "customer:create") && !can(viewer, "customer:edit")) throw forbidden();
  if (!duplicateConds(input).length) return [];
  const hits = await countHit(db, `dup:${viewer.id}`, DUPLICATE_CHECK_LIMIT.windowMs, now);
  if (hits > DUPLICATE_CHECK_LIMIT.max) {
    // the first refusal of a window is worth a row (someone may be probing); the rest would flood the log
    if (hits === DUPLICATE_CHECK_LIMIT.max + 1)
      await writeAudit(db, viewer, { action: "duplicate_check_limited", entityType: "customer", after: { asked: maskDuplicateQuery(input) } });
    throw new AppError("RATE_LIMITED", "查重过于频繁，请稍后再试");
  }
  const found = await findDuplicates(db, viewer, input, excludeId);
  await writeAudit(db, viewer, {
    action: "duplicate_check",
    entityType: "customer",
    after: { asked: maskDuplicateQuery(input), hits: found.length, fields: [...new Set(found.map((d) => d.field))] },
  });
  return found;
}

// ---------------------------------------------------------------- writes

export async function resolvePlacement(db: Db, viewer: Viewer, requestedOwner: string | null | undefined, current?: Placement): Promise<Placement> {
  const ownerId = requestedOwner ?? current?.ownerId ?? viewer.id;
  if (current && ownerId === current.ownerId) return current;
  const u = await getUserPlacement(db, ownerId);
  if (!u || !scopeCovers(viewer, u.id, u.orgUnitId))
    throw new AppError("VALIDATION", "负责业务员不在您的管理范围内", { ownerId: "负责业务员不在您的管理范围内" });
  if (current && ownerId !== current.ownerId && !can(viewer, "customer:assign"))
    throw new AppError("VALIDATION", "您没有分配客户的权限", { ownerId: "您没有分配客户的权限" });
  return { ownerId: u.id, orgUnitId: u.orgUnitId };
}

async function checkRefs(db: Db, viewer: Viewer, input: CustomerInput, selfId?: string) {
  const errors: Record<string, string> = {};
  const bad = await invalidDictionaryRefs(db, [
    { field: "sourceId", id: input.sourceId, kind: "source" },
    { field: "industryId", id: input.industryId, kind: "industry" },
    { field: "regionId", id: input.regionId, kind: "region" },
    { field: "cityId", id: input.cityId, kind: "city" },
    ...input.circleIds.map((id) => ({ field: "circleIds", id, kind: "circle" as const })),
  ]);
  for (const f of bad) errors[f] = "选项不存在或已停用";
  for (const [field, id, kind] of [
    ["introducerId", input.introducerId, undefined],
    ["companyId", input.companyId, "company"],
  ] as const) {
    if (!id) continue;
    if (id === selfId) {
      errors[field] = "不能关联客户自己";
      continue;
    }
    const [r] = await db
      .select({ id: customers.id })
      .from(customers)
      .where(andScope(viewer, customers, eq(customers.id, id), isNull(customers.deletedAt), kind ? eq(customers.kind, kind) : undefined))
      .limit(1);
    if (!r) errors[field] = "关联的客户不存在";
  }
  if (Object.keys(errors).length) throw new AppError("VALIDATION", "请修正标出的字段", errors);
}

export function columnsFrom(input: CustomerInput) {
  const cols = {
    kind: input.kind,
    name: input.name,
    namePinyin: namePinyin(input.name),
    companyId: input.kind === "individual" ? input.companyId : null,
    companyName: input.kind === "company" ? input.name : input.companyName,
    title: input.title,
    salutation: input.kind === "individual" ? (input.salutation ?? null) : null,
    mobile: input.mobile,
    email: input.email,
    qq: input.qq,
    wechat: input.wechat,
    landline: input.landline,
    gender: input.gender,
    address: input.address,
    website: input.website,
    companySize: input.kind === "company" ? input.companySize : null,
    introducerId: input.introducerId,
    introducerText: input.introducerId ? null : input.introducerText,
    sourceId: input.sourceId,
    firstImpression: input.firstImpression,
    metOn: input.metOn,
    solarBirthday: input.solarBirthday,
    lunarBirthYear: input.lunarBirthMonth ? input.lunarBirthYear : null,
    lunarBirthMonth: input.lunarBirthMonth,
    lunarBirthDay: input.lunarBirthMonth ? input.lunarBirthDay : null,
    lunarBirthLeap: input.lunarBirthMonth ? input.lunarBirthLeap : false,
    weddingAnniversary: input.weddingAnniversary,
    importantDateNotes: input.importantDateNotes,
    nativePlace: input.nativePlace,
    maritalStatus: input.maritalStatus,
    homeAddress: input.homeAddress,
    industryId: input.industryId,
    regionId: input.regionId,
    cityId: input.cityId,
    stage: input.stage,
    otherCategory: input.otherCategory,
    valueGradeOverride: input.valueGradeOverride,
    creditGrade: input.creditGrade,
    otherGrade: input.otherGrade,
    personality: input.personality,
  };
  return {
    ...cols,
    searchTokens: buildSearchTokens({ name: cols.name, companyName: cols.companyName, mobile: cols.mobile, landline: cols.landline, email: cols.email, wechat: cols.wechat }),
  };
}

export function idCardColumns(input: CustomerInput) {
  if (input.idCard) return { idCardCipher: encrypt(input.idCard), idCardHash: keyedHash(input.idCard), idCardMasked: maskIdCard(input.idCard) };
  if (input.idCardClear) return { idCardCipher: null, idCardHash: null, idCardMasked: null };
  return {};
}

/** Audit snapshot without secrets or derived columns. */
function snapshot(c: Partial<Customer>) {
  const { idCardCipher: _c, idCardHash: _h, searchTokens: _t, ...rest } = c;
  return rest;
}

async function replaceChildren(tx: Db, viewer: Viewer, customerId: string, input: CustomerInput, placement: Placement) {
  await tx.delete(customerCircles).where(eq(customerCircles.customerId, customerId));
  if (input.circleIds.length)
    await tx.insert(customerCircles).values([...new Set(input.circleIds)].map((circleId) => ({ customerId, circleId })));
  await tx
    .update(customerDates)
    .set({ deletedAt: new Date(), updatedBy: viewer.id })
    .where(and(eq(customerDates.customerId, customerId), isNull(customerDates.deletedAt)));
  if (input.customDates.length)
    await tx.insert(customerDates).values(
      input.customDates.map((d) => ({ customerId, label: d.label, date: d.date!, notes: d.notes, createdBy: viewer.id, updatedBy: viewer.id })),
    );
  if (input.kind === "company" && input.contacts.length) {
    await tx.insert(customers).values(
      input.contacts.map((p) => ({
        kind: "individual" as const,
        name: p.name,
        namePinyin: namePinyin(p.name),
        title: p.title,
        mobile: p.mobile,
        email: p.email,
        companyId: customerId,
        companyName: input.name,
        ownerId: placement.ownerId,
        orgUnitId: placement.orgUnitId,
        stage: input.stage,
        searchTokens: buildSearchTokens({ name: p.name, companyName: input.name, mobile: p.mobile, email: p.email }),
        createdBy: viewer.id,
        updatedBy: viewer.id,
      })),
    );
  }
}

/** `opts.id`: the final id a phone minted offline (UUIDv7, /api/sync); refused if a row already has it. */
export async function createCustomer(db: Db, viewer: Viewer, input: CustomerInput, ip?: string | null, opts: { id?: string } = {}) {
  if (!can(viewer, "customer:create")) throw forbidden();
  await checkRefs(db, viewer, input);
  const placement = await resolvePlacement(db, viewer, input.ownerId);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(customers)
      .values({ ...(opts.id ? { id: opts.id } : {}), ...columnsFrom(input), ...idCardColumns(input), ...placement, createdBy: viewer.id, updatedBy: viewer.id })
      .onConflictDoNothing({ target: customers.id })
      .returning();
    if (!row) throw new AppError("VALIDATION", "记录编号已被使用，请重新创建");
    await replaceChildren(tx, viewer, row.id, input, placement);
    await tx.insert(customerStageHistory).values({ customerId: row.id, fromStage: null, toStage: row.stage, changedBy: viewer.id, reason: "新建客户" });
    await writeAudit(tx, viewer, { action: "create", entityType: "customer", entityId: row.id, after: snapshot(row), ip });
    return row;
  });
}

export async function updateCustomer(db: Db, viewer: Viewer, id: string, input: CustomerInput, ip?: string | null) {
  if (!can(viewer, "customer:edit")) throw forbidden();
  const [current] = await db
    .select()
    .from(customers)
    .where(andScope(viewer, customers, eq(customers.id, id), isNull(customers.deletedAt)))
    .limit(1);
  if (!current) throw notFound();
  if (input.version != null && input.version !== current.version)
    throw new AppError("CONFLICT", "该客户已被他人修改，请刷新后重新编辑（您的修改尚未保存）");
  await checkRefs(db, viewer, input, id);
  const placement = await resolvePlacement(db, viewer, input.ownerId, { ownerId: current.ownerId!, orgUnitId: current.orgUnitId! });
  const reassigning = placement.ownerId !== current.ownerId || placement.orgUnitId !== current.orgUnitId;
  return db.transaction(async (tx) => {
    let [row] = await tx
      .update(customers)
      .set({ ...columnsFrom(input), ...idCardColumns(input), version: sql`${customers.version} + 1`, updatedBy: viewer.id, updatedAt: new Date() })
      .where(and(eq(customers.id, id), eq(customers.version, current.version), isNull(customers.deletedAt)))
      .returning();
    if (!row) throw new AppError("CONFLICT", "该客户已被他人修改，请刷新后重新编辑（您的修改尚未保存）");
    if (reassigning) {
      // the customer, its contacts and all their history move together, or nothing is saved
      await reassignCustomers(tx, viewer, [id], placement.ownerId, { ip, reason: "edit" });
      [row] = await tx.select().from(customers).where(eq(customers.id, id));
    }
    await replaceChildren(tx, viewer, id, input, placement);
    if (row.stage !== current.stage)
      await tx.insert(customerStageHistory).values({ customerId: id, fromStage: current.stage, toStage: row.stage, changedBy: viewer.id });
    await writeAudit(tx, viewer, { action: "update", entityType: "customer", entityId: id, before: snapshot(current), after: snapshot(row), ip });
    return row;
  });
}

/**
 * Changes only the card fields sent (the offline edit, /api/sync), on the version the edit was based on: a
 * customer changed since is a CONFLICT carrying the server's card, so the rep chooses, and nothing is
 * overwritten. Name, mobile or e-mail changes rebuild the search tokens; a stage change is recorded.
 */
export async function updateCustomerCard(db: Db, viewer: Viewer, id: string, baseVersion: number, patch: CustomerCard, ip?: string | null) {
  if (!can(viewer, "customer:edit")) throw forbidden();
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(customers)
      .where(andScope(viewer, customers, eq(customers.id, id), isNull(customers.deletedAt)))
      .for("update")
      .limit(1);
    if (!current) throw notFound();
    if (current.version !== baseVersion) throw new CardConflict(cardOf(current), current.version);
    const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as typeof current;
    if (next.kind === "company") next.companyName = next.name;
    const set = {
      ...Object.fromEntries(CARD_FIELDS.map((f) => [f, next[f]])),
      companyName: next.companyName,
      namePinyin: namePinyin(next.name),
      searchTokens: buildSearchTokens({ name: next.name, companyName: next.companyName, mobile: next.mobile, landline: next.landline, email: next.email, wechat: next.wechat }),
      version: sql`${customers.version} + 1`,
      updatedBy: viewer.id,
      updatedAt: new Date(),
    };
    const [row] = await tx.update(customers).set(set).where(eq(customers.id, id)).returning();
    if (row.stage !== current.stage)
      await tx.insert(customerStageHistory).values({ customerId: id, fromStage: current.stage, toStage: row.stage, changedBy: viewer.id, reason: "离线修改" });
    await writeAudit(tx, viewer, { action: "update", entityType: "customer", entityId: id, before: snapshot(current), after: snapshot(row), ip });
    return row;
  });
}

/** The card fields of a customer row, as the offline edit and its conflict view show them. */
export function cardOf(row: Pick<typeof customers.$inferSelect, CardField>): Record<CardField, unknown> {
  return Object.fromEntries(CARD_FIELDS.map((f) => [f, row[f]])) as Record<CardField, unknown>;
}

/** An offline card edit based on an older version: the server's card and version go back to the phone. */
export class CardConflict extends AppError {
  constructor(
    readonly server: Record<CardField, unknown>,
    readonly serverVersion: number,
  ) {
    super("CONFLICT", "该客户已被他人修改，请对照两个版本后选择保留哪一个");
  }
}

export async function deleteCustomer(db: Db, viewer: Viewer, id: string, ip?: string | null) {
  if (!can(viewer, "customer:delete")) throw forbidden();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(customers)
      .set({ deletedAt: new Date(), updatedBy: viewer.id, version: sql`${customers.version} + 1` })
      .where(andScope(viewer, customers, eq(customers.id, id), isNull(customers.deletedAt)))
      .returning({ id: customers.id, name: customers.name });
    if (!row) throw notFound();
    await writeAudit(tx, viewer, { action: "delete", entityType: "customer", entityId: id, before: row, ip });
    return row;
  });
}

export async function restoreCustomer(db: Db, viewer: Viewer, id: string, ip?: string | null) {
  if (!can(viewer, "customer:delete")) throw forbidden();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(customers)
      .set({ deletedAt: null, updatedBy: viewer.id, updatedAt: new Date(), version: sql`${customers.version} + 1` })
      .where(andScope(viewer, customers, eq(customers.id, id), isNotNull(customers.deletedAt)))
      .returning({ id: customers.id, name: customers.name });
    if (!row) throw notFound();
    await writeAudit(tx, viewer, { action: "restore", entityType: "customer", entityId: id, after: row, ip });
    return row;
  });
}

// ---------------------------------------------------------------- export

export const EXPORT_LIMIT = 100_000;
/** Rows per query of an export: the list's keyset page, with the columns of the file. */
const EXPORT_PAGE = 2000;

/**
 * Rows for an export of the list (same filters, same scope, same order), in keyset pages of the list's own
 * WHERE and ORDER BY with the file's columns joined in — one query per 2,000 rows (no transaction or cursor
 * is held open while a slow client downloads). The next page is read while the current one is written out,
 * so the database and the file writer work at the same time; memory stays at two pages. Audited once.
 */
export async function* exportCustomers(db: Db, viewer: Viewer, q: CustomerListQuery) {
  if (!can(viewer, "customer:export")) throw notFound();
  assertTrashAllowed(viewer, q);
  await writeAudit(db, viewer, { action: "export", entityType: "customer", after: { filters: { ...q, cursor: undefined } } });
  const page = async (cursor: string | undefined, limit: number) => {
    const { where, order, keyExpr } = keyset(viewer, { ...q, cursor });
    const rows = await db
      .select({
        id: customers.id,
        kind: customers.kind,
        name: customers.name,
        companyName: customers.companyName,
        title: customers.title,
        mobile: customers.mobile,
        email: customers.email,
        wechat: customers.wechat,
        address: customers.address,
        stage: customers.stage,
        valueGrade: sql<string | null>`coalesce(${customers.valueGradeOverride}, ${customers.valueGrade})`,
        source: source.label,
        industry: industry.label,
        city: city.label,
        metOn: customers.metOn,
        ownerName: users.name,
        createdAt: customers.createdAt,
        sortKey: sql<string>`(${keyExpr})::text`,
      })
      .from(customers)
      .leftJoin(users, eq(users.id, customers.ownerId))
      .leftJoin(source, eq(source.id, customers.sourceId))
      .leftJoin(industry, eq(industry.id, customers.industryId))
      .leftJoin(city, eq(city.id, customers.cityId))
      .where(and(...where))
      .orderBy(...order)
      .limit(limit + 1);
    return pageOf(rows, limit);
  };
  let left = EXPORT_LIMIT;
  let next: ReturnType<typeof page> | null = page(undefined, Math.min(EXPORT_PAGE, left));
  while (next) {
    const current: Awaited<ReturnType<typeof page>> = await next;
    left -= current.rows.length;
    next = current.nextCursor && left > 0 ? page(current.nextCursor, Math.min(EXPORT_PAGE, left)) : null;
    // an abandoned download stops the generator mid-page: the read already under way must not go unhandled
    next?.catch(() => {});
    yield* current.rows;
  }
}

/** Customers per five-level stage inside the viewer's scope (dashboard). */
export async function countCustomersByStage(db: Db, viewer: Viewer) {
  // from the per-(unit, owner, stage) counts rollup (migration 0006, kept by trigger), under the same
  // scope predicate as customers: a few hundred rows for the GM instead of counting 100,000 customers
  const t = customerStageCounts;
  const rows = await db
    .select({ stage: t.stage, n: sql<number>`sum(${t.n})::int`.mapWith(Number) })
    .from(t)
    .where(scopeWhere(viewer, t))
    .groupBy(t.stage);
  return Object.fromEntries(rows.filter((r) => r.n > 0).map((r) => [r.stage, r.n])) as Partial<Record<Customer["stage"], number>>;
}
