import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { TeamTabs } from "@/components/team/team-tabs";
import { getDb } from "@/db/client";
import { listSyncConflicts } from "@/db/queries/sync";
import { requirePermission } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("team"))("conflicts.title") };
}

const shown = (v: unknown) => (v == null || v === "" ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

/**
 * 同步冲突 (issue #11): offline card edits of the team that met a newer version on the server — the rep's
 * version and the server's side by side, and whether the rep has settled it — on customers in the viewer's scope.
 */
export default async function TeamConflictsPage() {
  const viewer = await requirePermission("plan:review");
  const [t, tc, format, rows] = await Promise.all([getTranslations("team"), getTranslations("customer"), getFormatter(), listSyncConflicts(await getDb(), viewer)]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">{t("conflicts.title")}</h1>
        <p className="text-sm text-slate-500">{t("conflicts.subtitle")}</p>
      </div>
      <TeamTabs viewer={viewer} active="conflicts" />
      {rows.length === 0 ? (
        <div className="card p-10 text-center text-slate-600">{t("conflicts.empty")}</div>
      ) : (
        <ul className="space-y-3">
          {rows.map((r) => (
            <li key={r.id} className="card p-4 text-sm">
              <p className="flex flex-wrap items-center justify-between gap-2">
                <span>
                  <Link href={`/customers/${r.customerId}`} className="font-medium text-brand-700 hover:underline">
                    {r.customerName}
                  </Link>
                  <span className="ml-2 text-slate-500">{t("conflicts.by", { name: r.repName ?? "—" })}</span>
                </span>
                <span className={`chip text-xs ${r.settled ? "bg-emerald-50 text-emerald-800" : "bg-amber-50 text-amber-800"}`}>{r.settled ? t("conflicts.settled") : t("conflicts.open")}</span>
              </p>
              <p className="text-xs text-slate-500">
                <time dateTime={r.at.toISOString()}>{format.dateTime(r.at, { dateStyle: "medium", timeStyle: "short" })}</time>
                {" · "}
                {t("conflicts.versions", { base: r.baseVersion ?? "—", server: r.serverVersion ?? "—" })}
              </p>
              <div className="mt-2 overflow-x-auto">
                <table className="w-full text-left text-xs">
                  <caption className="sr-only">{t("conflicts.fieldsCaption", { name: r.customerName })}</caption>
                  <thead className="text-slate-500">
                    <tr>
                      <th scope="col" className="py-1 pr-2 font-medium">
                        {t("conflicts.field")}
                      </th>
                      <th scope="col" className="py-1 pr-2 font-medium">
                        {t("conflicts.mine")}
                      </th>
                      <th scope="col" className="py-1 font-medium">
                        {t("conflicts.server")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.fields.map((f) => (
                      <tr key={f.field} className="border-t border-slate-100 align-top">
                        <th scope="row" className="py-1 pr-2 font-medium">
                          {tc.has(`fields.${f.field}`) ? tc(`fields.${f.field}`) : f.field}
                        </th>
                        <td className="py-1 pr-2">{shown(f.mine)}</td>
                        <td className="py-1">{shown(f.server)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
