import { and, asc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { advantageScores, dictionaryItems, fabEntries, products, users, type Product } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { canEditAnalysis, canEditFab, canWriteSellingTools, groupByCompetitor, orderRows, sameName, swapWithNeighbour } from "@/lib/products";
import type { AdvantageInput, FabInput, ProductInput, ProductListQuery } from "@/lib/validation/product";
import { can, type Viewer } from "@/lib/viewer";
import { writeAudit } from "./audit";

/*
 * 产品信息 with its selling tools (FAB chains, competitor analyses). The catalogue is company-wide, not
 * owner-scoped: every signed-in viewer reads it; writes need product:manage (the catalogue, and any chain
 * or analysis) or product:fab (one's own chains and analyses). Every write is one transaction with its
 * audit row, and locks the product row so that sort numbers and analyses of one product never race.
 */

const VALIDATION = "请修正标出的字段";
const ARCHIVED = "该产品已归档，请先恢复再编辑";
const LIKE_ESCAPE = /[\\%_]/g;

// ---------------------------------------------------------------- catalogue

export async function listProducts(db: Db, _viewer: Viewer, q: ProductListQuery) {
  const where: SQL[] = [isNull(products.deletedAt)];
  if (q.status === "active") where.push(isNull(products.archivedAt));
  if (q.status === "archived") where.push(isNotNull(products.archivedAt));
  if (q.q) {
    const like = `%${q.q.replace(LIKE_ESCAPE, (c) => `\\${c}`)}%`;
    where.push(or(ilike(products.name, like), ilike(products.category, like), ilike(products.description, like))!);
  }
  const fabN = db
    .select({ productId: fabEntries.productId, fabCount: sql<number>`count(*)::int`.as("fab_count") })
    .from(fabEntries)
    .where(isNull(fabEntries.deletedAt))
    .groupBy(fabEntries.productId)
    .as("fab_n");
  const compN = db
    .select({ productId: advantageScores.productId, competitorCount: sql<number>`count(distinct ${advantageScores.competitor})::int`.as("competitor_count") })
    .from(advantageScores)
    .where(isNull(advantageScores.deletedAt))
    .groupBy(advantageScores.productId)
    .as("comp_n");
  return db
    .select({
      id: products.id,
      name: products.name,
      category: products.category,
      price: products.price,
      unit: products.unit,
      archivedAt: products.archivedAt,
      fabCount: sql<number>`coalesce(${fabN.fabCount}, 0)`.mapWith(Number),
      competitorCount: sql<number>`coalesce(${compN.competitorCount}, 0)`.mapWith(Number),
    })
    .from(products)
    .leftJoin(fabN, eq(fabN.productId, products.id))
    .leftJoin(compN, eq(compN.productId, products.id))
    .where(and(...where))
    .orderBy(asc(products.category), asc(products.name))
    .limit(500);
}

/** One product (archived ones too, for their page and to restore them), or null. */
export async function getProductById(db: Db, _viewer: Viewer, id: string): Promise<Product | null> {
  const [row] = await db.select().from(products).where(and(eq(products.id, id), isNull(products.deletedAt))).limit(1);
  return row ?? null;
}

/** The product categories admins keep in the dictionary (产品类别). */
export async function getProductCategories(db: Db) {
  const rows = await db
    .select({ label: dictionaryItems.label })
    .from(dictionaryItems)
    .where(and(eq(dictionaryItems.kind, "product_category"), eq(dictionaryItems.active, true), isNull(dictionaryItems.deletedAt)))
    .orderBy(asc(dictionaryItems.sort), asc(dictionaryItems.label));
  return rows.map((r) => r.label);
}

async function checkProductFields(tx: Db, input: ProductInput, current: Product | null) {
  const errors: Record<string, string> = {};
  // the catalogue is small (hundreds at most): compare names the way people read them, archived ones too
  const all = await tx.select({ id: products.id, name: products.name }).from(products).where(isNull(products.deletedAt));
  if (all.some((o) => o.id !== current?.id && sameName(o.name, input.name))) errors.name = "已有同名产品";
  if (input.category && input.category !== current?.category) {
    const cats = await getProductCategories(tx);
    if (!cats.includes(input.category)) errors.category = "请从产品类别中选择";
  }
  if (Object.keys(errors).length) throw new AppError("VALIDATION", VALIDATION, errors);
}

const productColumns = (input: ProductInput) => ({
  name: input.name,
  category: input.category,
  price: input.price,
  unit: input.unit,
  description: input.description,
});

function snapshot(p: Partial<Product>) {
  return { name: p.name, category: p.category, price: p.price, unit: p.unit, description: p.description, archivedAt: p.archivedAt ?? null };
}

export async function createProduct(db: Db, viewer: Viewer, input: ProductInput, ip?: string | null) {
  if (!can(viewer, "product:manage")) throw forbidden();
  return db.transaction(async (tx) => {
    // one product per name: serialize creations so two people cannot add the same one at once
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('zhike:products'))`);
    await checkProductFields(tx, input, null);
    const [row] = await tx
      .insert(products)
      .values({ ...productColumns(input), createdBy: viewer.id, updatedBy: viewer.id })
      .returning();
    await writeAudit(tx, viewer, { action: "create", entityType: "product", entityId: row.id, after: snapshot(row), ip });
    return row;
  });
}

export async function updateProduct(db: Db, viewer: Viewer, id: string, input: ProductInput, ip?: string | null) {
  if (!can(viewer, "product:manage")) throw forbidden();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('zhike:products'))`);
    const [current] = await tx.select().from(products).where(and(eq(products.id, id), isNull(products.deletedAt))).for("update").limit(1);
    if (!current) throw notFound();
    if (current.archivedAt) throw new AppError("VALIDATION", ARCHIVED);
    if (input.version != null && input.version !== current.version) throw new AppError("CONFLICT", "该产品已被他人修改，请刷新后重新编辑（您的修改尚未保存）");
    await checkProductFields(tx, input, current);
    const [row] = await tx
      .update(products)
      .set({ ...productColumns(input), version: sql`${products.version} + 1`, updatedBy: viewer.id, updatedAt: new Date() })
      .where(eq(products.id, id))
      .returning();
    await writeAudit(tx, viewer, { action: "update", entityType: "product", entityId: id, before: snapshot(current), after: snapshot(row), ip });
    return row;
  });
}

/** 归档 (soft): the product leaves the pickers and the default list; its deals, chains and analyses stay. */
export async function setProductArchived(db: Db, viewer: Viewer, id: string, archived: boolean, ip?: string | null) {
  if (!can(viewer, "product:manage")) throw forbidden();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(products)
      .set({ archivedAt: archived ? new Date() : null, version: sql`${products.version} + 1`, updatedBy: viewer.id, updatedAt: new Date() })
      .where(and(eq(products.id, id), isNull(products.deletedAt), archived ? isNull(products.archivedAt) : isNotNull(products.archivedAt)))
      .returning();
    if (!row) {
      const exists = await tx.select({ id: products.id }).from(products).where(and(eq(products.id, id), isNull(products.deletedAt))).limit(1);
      if (!exists.length) throw notFound();
      throw new AppError("CONFLICT", archived ? "该产品已经归档" : "该产品未归档");
    }
    await writeAudit(tx, viewer, { action: archived ? "archive" : "unarchive", entityType: "product", entityId: id, after: { archivedAt: row.archivedAt }, ip });
    return row;
  });
}

/** Locks a product for a write to its selling tools; missing → 404, archived → a clear refusal. */
async function lockWritableProduct(tx: Db, productId: string) {
  const [p] = await tx
    .select({ id: products.id, archivedAt: products.archivedAt })
    .from(products)
    .where(and(eq(products.id, productId), isNull(products.deletedAt)))
    .for("update")
    .limit(1);
  if (!p) throw notFound();
  if (p.archivedAt) throw new AppError("VALIDATION", ARCHIVED);
  return p;
}

// ---------------------------------------------------------------- FAB chains

export type FabEntryRow = Awaited<ReturnType<typeof getFabEntries>>[number];

/** A product's FAB chains in presentation order, each saying whether this viewer may change it. */
export async function getFabEntries(db: Db, viewer: Viewer, productId: string) {
  const rows = await db
    .select({
      id: fabEntries.id,
      customerType: fabEntries.customerType,
      feature: fabEntries.feature,
      advantage: fabEntries.advantage,
      benefit: fabEntries.benefit,
      sort: fabEntries.sort,
      version: fabEntries.version,
      authorId: fabEntries.authorId,
      authorName: users.name,
      updatedAt: fabEntries.updatedAt,
    })
    .from(fabEntries)
    .leftJoin(users, eq(users.id, fabEntries.authorId))
    .where(and(eq(fabEntries.productId, productId), isNull(fabEntries.deletedAt)))
    .orderBy(asc(fabEntries.sort), asc(fabEntries.id));
  return rows.map((r) => ({ ...r, canEdit: canEditFab(viewer, r.authorId) }));
}

/** Customer types already used in any chain (suggestions for the next one), most used first. */
export async function getCustomerTypeSuggestions(db: Db) {
  const rows = await db
    .select({ t: fabEntries.customerType, n: sql<number>`count(*)`.mapWith(Number) })
    .from(fabEntries)
    .where(isNull(fabEntries.deletedAt))
    .groupBy(fabEntries.customerType)
    .orderBy(sql`count(*) desc`, asc(fabEntries.customerType))
    .limit(30);
  return rows.map((r) => r.t);
}

function fabSnapshot(f: { customerType: string; feature: string; advantage: string; benefit: string }) {
  return { customerType: f.customerType, feature: f.feature, advantage: f.advantage, benefit: f.benefit };
}

export async function createFabEntry(db: Db, viewer: Viewer, input: FabInput, ip?: string | null) {
  if (!canWriteSellingTools(viewer)) throw forbidden();
  return db.transaction(async (tx) => {
    await lockWritableProduct(tx, input.productId);
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${fabEntries.sort}) + 1, 0)`.mapWith(Number) })
      .from(fabEntries)
      .where(eq(fabEntries.productId, input.productId));
    const [row] = await tx
      .insert(fabEntries)
      .values({ productId: input.productId, ...fabSnapshot(input), sort: next, authorId: viewer.id, createdBy: viewer.id, updatedBy: viewer.id })
      .returning();
    await writeAudit(tx, viewer, { action: "create", entityType: "fab_entry", entityId: row.id, after: { productId: row.productId, ...fabSnapshot(row) }, ip });
    return row;
  });
}

/** Loads a chain of `productId` for a change, locking its product; refuses what the viewer may not change. */
async function lockFab(tx: Db, viewer: Viewer, productId: string, id: string) {
  await lockWritableProduct(tx, productId);
  const [f] = await tx
    .select()
    .from(fabEntries)
    .where(and(eq(fabEntries.id, id), eq(fabEntries.productId, productId), isNull(fabEntries.deletedAt)))
    .for("update")
    .limit(1);
  if (!f) throw notFound();
  if (!canEditFab(viewer, f.authorId)) throw forbidden("只能修改自己写的 FAB 链");
  return f;
}

export async function updateFabEntry(db: Db, viewer: Viewer, id: string, input: FabInput, ip?: string | null) {
  if (!canWriteSellingTools(viewer)) throw forbidden();
  return db.transaction(async (tx) => {
    const f = await lockFab(tx, viewer, input.productId, id);
    if (input.version != null && input.version !== f.version) throw new AppError("CONFLICT", "这条 FAB 链已被他人修改，请刷新后重新编辑（您的修改尚未保存）");
    const [row] = await tx
      .update(fabEntries)
      // the writer stays the author (training counts their chains); who changed it is updated_by and the audit
      .set({ ...fabSnapshot(input), version: sql`${fabEntries.version} + 1`, updatedBy: viewer.id, updatedAt: new Date() })
      .where(eq(fabEntries.id, id))
      .returning();
    await writeAudit(tx, viewer, { action: "update", entityType: "fab_entry", entityId: id, before: fabSnapshot(f), after: fabSnapshot(row), ip });
    return row;
  });
}

export async function deleteFabEntry(db: Db, viewer: Viewer, productId: string, id: string, version: number | null, ip?: string | null) {
  if (!canWriteSellingTools(viewer)) throw forbidden();
  return db.transaction(async (tx) => {
    const f = await lockFab(tx, viewer, productId, id);
    if (version != null && version !== f.version) throw new AppError("CONFLICT", "这条 FAB 链已被他人修改，请刷新后再删除");
    await tx
      .update(fabEntries)
      .set({ deletedAt: new Date(), version: sql`${fabEntries.version} + 1`, updatedBy: viewer.id, updatedAt: new Date() })
      .where(eq(fabEntries.id, id));
    await writeAudit(tx, viewer, { action: "delete", entityType: "fab_entry", entityId: id, before: { productId, ...fabSnapshot(f) }, ip });
    return { id };
  });
}

/**
 * Moves a chain one place up or down among the chains of ITS customer type (the order the presentation
 * follows). Changes the order everyone reads, so it is for the catalogue's keepers.
 */
export async function moveFabEntry(db: Db, viewer: Viewer, productId: string, id: string, direction: "up" | "down", ip?: string | null) {
  if (!can(viewer, "product:manage")) throw forbidden();
  return db.transaction(async (tx) => {
    const f = await lockFab(tx, viewer, productId, id);
    const same = await tx
      .select({ id: fabEntries.id, sort: fabEntries.sort })
      .from(fabEntries)
      .where(and(eq(fabEntries.productId, productId), eq(fabEntries.customerType, f.customerType), isNull(fabEntries.deletedAt)));
    const swap = swapWithNeighbour(same, id, direction);
    if (!swap) return { moved: false };
    for (const s of swap)
      await tx.update(fabEntries).set({ sort: s.sort, version: sql`${fabEntries.version} + 1`, updatedBy: viewer.id, updatedAt: new Date() }).where(eq(fabEntries.id, s.id));
    await writeAudit(tx, viewer, { action: "reorder", entityType: "fab_entry", entityId: id, before: { sort: f.sort }, after: { sort: swap[0].sort }, ip });
    return { moved: true };
  });
}

// ---------------------------------------------------------------- advantage analysis

export type AnalysisRow = {
  id: string;
  version: number;
  competitor: string;
  dimension: string;
  weight: number;
  ownScore: number;
  competitorScore: number;
  note: string | null;
  authorId: string | null;
  authorName: string | null;
  updatedAt: Date;
};
export type Analysis = { competitor: string; rows: AnalysisRow[]; canEdit: boolean; updatedAt: Date };

/** A product's competitor analyses (one per competitor), rows in reading order, each with whether the viewer may change it. */
export async function getAnalyses(db: Db, viewer: Viewer, productId: string): Promise<Analysis[]> {
  const rows: AnalysisRow[] = await db
    .select({
      id: advantageScores.id,
      version: advantageScores.version,
      competitor: advantageScores.competitor,
      dimension: advantageScores.dimension,
      weight: advantageScores.weight,
      ownScore: advantageScores.ownScore,
      competitorScore: advantageScores.competitorScore,
      note: advantageScores.note,
      authorId: advantageScores.authorId,
      authorName: users.name,
      updatedAt: advantageScores.updatedAt,
    })
    .from(advantageScores)
    .leftJoin(users, eq(users.id, advantageScores.authorId))
    .where(and(eq(advantageScores.productId, productId), isNull(advantageScores.deletedAt)))
    .orderBy(asc(advantageScores.createdAt), asc(advantageScores.competitor), asc(advantageScores.id));
  return groupByCompetitor(rows).map((g) => ({
    competitor: g.competitor,
    rows: orderRows(g.rows),
    canEdit: canEditAnalysis(viewer, g.rows.map((r) => r.authorId)),
    updatedAt: g.rows.reduce((m, r) => (r.updatedAt > m ? r.updatedAt : m), g.rows[0].updatedAt),
  }));
}

/** Analyses of many products at once (the overview the advantage lesson opens). */
export async function getAnalysisOverview(db: Db, viewer: Viewer) {
  const list = await listProducts(db, viewer, { status: "active" });
  const ids = list.map((p) => p.id);
  if (!ids.length) return [];
  const rows = await db
    .select({
      productId: advantageScores.productId,
      competitor: advantageScores.competitor,
      dimension: advantageScores.dimension,
      weight: advantageScores.weight,
      ownScore: advantageScores.ownScore,
      competitorScore: advantageScores.competitorScore,
    })
    .from(advantageScores)
    .where(and(inArray(advantageScores.productId, ids), isNull(advantageScores.deletedAt)))
    .orderBy(asc(advantageScores.createdAt), asc(advantageScores.competitor));
  return list.map((p) => ({ ...p, analyses: groupByCompetitor(rows.filter((r) => r.productId === p.id)) }));
}

const scoreSnapshot = (r: { competitor: string; dimension: string; weight: number; ownScore: number; competitorScore: number; note: string | null }) => ({
  competitor: r.competitor,
  dimension: r.dimension,
  weight: r.weight,
  ownScore: r.ownScore,
  competitorScore: r.competitorScore,
  note: r.note,
});

/** The active rows of one competitor's analysis, locked; matched by name the way people read names. */
async function lockAnalysis(tx: Db, productId: string, competitor: string) {
  const rows = await tx
    .select()
    .from(advantageScores)
    .where(and(eq(advantageScores.productId, productId), isNull(advantageScores.deletedAt)))
    .for("update");
  return rows.filter((r) => sameName(r.competitor, competitor));
}

function sameBase(rows: { id: string; version: number }[], base: { id: string; version: number }[]) {
  if (rows.length !== base.length) return false;
  const m = new Map(base.map((b) => [b.id, b.version]));
  return rows.every((r) => m.get(r.id) === r.version);
}

const STALE = "这份分析已被他人修改，请刷新后重新编辑（您的修改尚未保存）";

/**
 * Saves one competitor analysis (new, edited or renamed) in one transaction: rows the editor dropped are
 * archived, changed rows take the viewer as their author, new rows are added. Based on `base`: if any row
 * changed since the editor loaded it, nothing is written and the user is told.
 */
export async function saveAnalysis(db: Db, viewer: Viewer, input: AdvantageInput, ip?: string | null) {
  if (!canWriteSellingTools(viewer)) throw forbidden();
  return db.transaction(async (tx) => {
    await lockWritableProduct(tx, input.productId);
    const isNew = input.originalCompetitor == null;
    const current = isNew ? [] : await lockAnalysis(tx, input.productId, input.originalCompetitor!);
    if (!isNew) {
      if (!current.length) throw new AppError("CONFLICT", "这份分析已被他人删除，请刷新");
      if (!sameBase(current, input.base)) throw new AppError("CONFLICT", STALE);
      if (!canEditAnalysis(viewer, current.map((r) => r.authorId))) throw forbidden("只能修改自己做的竞品分析");
    } else if (input.base.length) throw new AppError("VALIDATION", VALIDATION, { rows: "记录无效" });
    if (isNew || !sameName(input.competitor, input.originalCompetitor!)) {
      const clash = await lockAnalysis(tx, input.productId, input.competitor);
      if (clash.length) throw new AppError("VALIDATION", VALIDATION, { competitor: "已有对这个竞品的分析，请在那份分析里修改" });
    }
    const byId = new Map(current.map((r) => [r.id, r]));
    const errors: Record<string, string> = {};
    input.rows.forEach((r, i) => {
      if (r.id && !byId.has(r.id)) errors[`rows.${i}.dimension`] = "这一行不属于这份分析";
    });
    if (Object.keys(errors).length) throw new AppError("VALIDATION", VALIDATION, errors);

    const now = new Date();
    const kept = new Set(input.rows.map((r) => r.id).filter(Boolean));
    for (const r of current)
      if (!kept.has(r.id))
        await tx.update(advantageScores).set({ deletedAt: now, version: sql`${advantageScores.version} + 1`, updatedBy: viewer.id, updatedAt: now }).where(eq(advantageScores.id, r.id));
    for (const r of input.rows) {
      const next = { competitor: input.competitor, dimension: r.dimension, weight: r.weight, ownScore: r.ownScore, competitorScore: r.competitorScore, note: r.note };
      const old = r.id ? byId.get(r.id) : undefined;
      if (!old) {
        await tx.insert(advantageScores).values({ productId: input.productId, ...next, authorId: viewer.id, createdBy: viewer.id, updatedBy: viewer.id });
        continue;
      }
      const scored = old.dimension !== next.dimension || old.weight !== next.weight || old.ownScore !== next.ownScore || old.competitorScore !== next.competitorScore || old.note !== next.note;
      if (!scored && old.competitor === next.competitor) continue;
      await tx
        .update(advantageScores)
        .set({ ...next, ...(scored ? { authorId: viewer.id } : {}), version: sql`${advantageScores.version} + 1`, updatedBy: viewer.id, updatedAt: now })
        .where(eq(advantageScores.id, old.id));
    }
    await writeAudit(tx, viewer, {
      action: isNew ? "create" : "update",
      entityType: "advantage_analysis",
      entityId: input.productId,
      before: isNew ? null : { competitor: input.originalCompetitor, rows: current.map(scoreSnapshot) },
      after: { competitor: input.competitor, rows: input.rows.map((r) => scoreSnapshot({ ...r, competitor: input.competitor })) },
      ip,
    });
    return { competitor: input.competitor };
  });
}

/** Archives a whole competitor analysis (soft), if nobody changed it since `base`. */
export async function deleteAnalysis(db: Db, viewer: Viewer, productId: string, competitor: string, base: { id: string; version: number }[], ip?: string | null) {
  if (!canWriteSellingTools(viewer)) throw forbidden();
  return db.transaction(async (tx) => {
    await lockWritableProduct(tx, productId);
    const current = await lockAnalysis(tx, productId, competitor);
    if (!current.length) throw notFound();
    if (!sameBase(current, base)) throw new AppError("CONFLICT", STALE);
    if (!canEditAnalysis(viewer, current.map((r) => r.authorId))) throw forbidden("只能删除自己做的竞品分析");
    const now = new Date();
    await tx
      .update(advantageScores)
      .set({ deletedAt: now, version: sql`${advantageScores.version} + 1`, updatedBy: viewer.id, updatedAt: now })
      .where(inArray(advantageScores.id, current.map((r) => r.id)));
    await writeAudit(tx, viewer, { action: "delete", entityType: "advantage_analysis", entityId: productId, before: { competitor, rows: current.map(scoreSnapshot) }, ip });
    return { competitor };
  });
}
