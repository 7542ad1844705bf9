import { and, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { AnalyticsQuery } from "@/lib/validation/analytics";
import type { CommunicationListQuery } from "@/lib/validation/communication";
import { can, type Viewer } from "@/lib/viewer";
import { listDeals } from "./analytics";
import { writeAudit } from "./audit";
import { listCommunications } from "./communications";
import { scopeWhere } from "./scope";

/** The most rows an .xlsx export writes: a worksheet holds 1,048,576 rows, the header included. */
export const XLSX_EXPORT_LIMIT = 1_048_575;
const PAGE = 1000;

/**
 * Walks a keyset-paginated list page by page (the list's own query, so its filters and scope are the
 * export's), yielding rows until the last page or `limit`. Memory stays at one page.
 */
async function* walk<R>(fetch: (cursor: string | undefined) => Promise<{ rows: R[]; nextCursor: string | null }>, limit: number) {
  let cursor: string | undefined;
  let n = 0;
  do {
    const page = await fetch(cursor);
    for (const r of page.rows) {
      yield r;
      if (++n >= limit) return;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** 交流记录一览表 as the overview shows it (same filters, same scope), for the .xlsx export; audited once. */
export async function* exportCommunications(db: Db, viewer: Viewer, q: CommunicationListQuery, limit = XLSX_EXPORT_LIMIT) {
  if (!can(viewer, "communication:view") || !can(viewer, "customer:export")) throw notFound();
  await writeAudit(db, viewer, { action: "export", entityType: "communication", after: { filters: { ...q, cursor: undefined } } });
  yield* walk((cursor) => listCommunications(db, viewer, { ...q, cursor }, PAGE), limit);
}

/** 交易信息 as the deals list shows it (same filters, same scope), for the .xlsx export; audited once. */
export async function* exportDeals(db: Db, viewer: Viewer, q: AnalyticsQuery, limit = XLSX_EXPORT_LIMIT) {
  if (!can(viewer, "deal:view") || !can(viewer, "customer:export")) throw notFound();
  await writeAudit(db, viewer, { action: "export", entityType: "deal", after: { filters: { ...q, cursor: undefined } } });
  yield* walk((cursor) => listDeals(db, viewer, { ...q, cursor }, PAGE), limit);
}

/** Customers for a .vcf, by id; ids out of scope are left out (they do not exist for the viewer). Audited. */
export async function getCustomersForVCard(db: Db, viewer: Viewer, ids: string[]) {
  if (!can(viewer, "customer:export")) throw notFound();
  if (!ids.length) return [];
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      companyName: customers.companyName,
      title: customers.title,
      mobile: customers.mobile,
      landline: customers.landline,
      email: customers.email,
      address: customers.address,
      website: customers.website,
      solarBirthday: customers.solarBirthday,
      lunarBirthYear: customers.lunarBirthYear,
      lunarBirthMonth: customers.lunarBirthMonth,
      lunarBirthDay: customers.lunarBirthDay,
      lunarBirthLeap: customers.lunarBirthLeap,
    })
    .from(customers)
    .where(and(inArray(customers.id, ids), isNull(customers.deletedAt), scopeWhere(viewer, customers)));
  if (rows.length) await writeAudit(db, viewer, { action: "export", entityType: "customer", after: { format: "vcf", ids: rows.map((r) => r.id) } });
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}
