import { getDb } from "@/db/client";
import { listCustomers } from "@/db/queries/customers";
import { getCustomersForVCard } from "@/db/queries/exports";
import { today } from "@/lib/dates";
import { formatVCard } from "@/lib/import/vcard";
import { formatLunar } from "@/lib/lunar";
import { currentViewer } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { customerListQuerySchema } from "@/lib/validation/customer";
import { can } from "@/lib/viewer";
import { downloadHeaders } from "@/lib/xlsx";

/** The most cards one .vcf holds (a phone's contacts import is not meant for the whole company). */
const VCF_LIMIT = 5000;

/**
 * Customers as a .vcf (vCard 3.0) a phone imports: `id=…` (repeated or comma-separated) for one customer or
 * a selection, or else the list's filters. Only customers in the viewer's scope are written.
 */
export async function GET(req: Request) {
  const viewer = await currentViewer();
  if (!viewer) return new Response("未登录", { status: 401 });
  if (!can(viewer, "customer:export")) return new Response("Not found", { status: 404 });
  const sp = new URL(req.url).searchParams;
  const db = await getDb();
  let ids = sp.getAll("id").flatMap((s) => s.split(",")).filter(isUuid).slice(0, VCF_LIMIT);
  if (!sp.has("id")) {
    const q = customerListQuerySchema.parse(Object.fromEntries(sp));
    if (q.deleted) return new Response("Not found", { status: 404 });
    let cursor: string | undefined;
    do {
      const page = await listCustomers(db, viewer, { ...q, cursor }, 1000);
      ids.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && ids.length < VCF_LIMIT);
    ids = ids.slice(0, VCF_LIMIT);
  }
  const rows = [];
  for (let i = 0; i < ids.length; i += 1000) rows.push(...(await getCustomersForVCard(db, viewer, ids.slice(i, i + 1000))));
  if (sp.has("id") && !rows.length) return new Response("Not found", { status: 404 });
  const body = rows
    .map((c) =>
      formatVCard({
        ...c,
        note: c.lunarBirthMonth && c.lunarBirthDay ? `农历生日：${formatLunar({ year: c.lunarBirthYear, month: c.lunarBirthMonth, day: c.lunarBirthDay, leap: c.lunarBirthLeap })}` : null,
      }),
    )
    .join("");
  const name = rows.length === 1 ? `${rows[0].name}.vcf` : `客户名片-${today()}.vcf`;
  return new Response(body, { headers: downloadHeaders(rows.length === 1 ? "contact.vcf" : "contacts.vcf", name, "text/vcard; charset=utf-8") });
}
