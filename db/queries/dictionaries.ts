import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dictionaryItems, type DictionaryKind } from "@/db/schema";

export type DictionaryOptions = Record<"source" | "industry" | "region" | "city" | "circle" | "credit_grade", { id: string; label: string; parentId: string | null }[]>;

export async function getCustomerDictionaries(db: Db): Promise<DictionaryOptions> {
  const rows = await db
    .select({ id: dictionaryItems.id, kind: dictionaryItems.kind, label: dictionaryItems.label, parentId: dictionaryItems.parentId })
    .from(dictionaryItems)
    .where(
      and(
        inArray(dictionaryItems.kind, ["source", "industry", "region", "city", "circle", "credit_grade"]),
        eq(dictionaryItems.active, true),
        isNull(dictionaryItems.deletedAt),
      ),
    )
    .orderBy(asc(dictionaryItems.sort), asc(dictionaryItems.label));
  const out: DictionaryOptions = { source: [], industry: [], region: [], city: [], circle: [], credit_grade: [] };
  for (const r of rows) out[r.kind as keyof DictionaryOptions].push({ id: r.id, label: r.label, parentId: r.parentId });
  return out;
}

/** Returns the ids among `refs` that are not active items of their expected kind. */
export async function invalidDictionaryRefs(db: Db, refs: { field: string; id: string | null | undefined; kind: DictionaryKind }[]) {
  const wanted = refs.filter((r) => r.id);
  if (!wanted.length) return [];
  const found = await db
    .select({ id: dictionaryItems.id, kind: dictionaryItems.kind })
    .from(dictionaryItems)
    .where(and(inArray(dictionaryItems.id, wanted.map((r) => r.id!)), eq(dictionaryItems.active, true), isNull(dictionaryItems.deletedAt)));
  return wanted.filter((r) => !found.some((f) => f.id === r.id && f.kind === r.kind)).map((r) => r.field);
}
