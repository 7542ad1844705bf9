import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { auditFilterOptions, auditNames, auditPage } from "@/db/queries/admin";
import { auditDiff, auditIds, showValue } from "@/lib/audit-diff";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { requirePermission } from "@/lib/session";
import { auditFilterSchema } from "@/lib/validation/admin";
import { filterCursor, firstValues } from "@/lib/validation/common";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("audit.title") };
}

const querySchema = auditFilterSchema.extend({ cursor: filterCursor });

/** 审计日志 (audit:view): who changed what and when, with the before/after of each field; filtered, keyset-paged, exported. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePermission("audit:view");
  const q = querySchema.parse(firstValues(await searchParams)) as z.infer<typeof querySchema>;
  const filter = { actorId: q.actor, entityType: q.type, action: q.action, from: q.from, to: q.to };
  const db = await getDb();
  const [t, format, page, options] = await Promise.all([
    getTranslations("admin"),
    getFormatter(),
    auditPage(db, viewer, filter, decodeCursor(q.cursor, "timestamp")),
    auditFilterOptions(db, viewer),
  ]);
  const names = await auditNames(db, viewer, [...auditIds(page.items), ...page.items.flatMap((e) => (e.entityId ? [e.entityId] : []))]);
  const shown = (v: unknown) => (typeof v === "string" && names.has(v) ? names.get(v)! : showValue(v));
  const base = new URLSearchParams(Object.entries({ actor: q.actor, type: q.type, action: q.action, from: q.from, to: q.to }).filter((e): e is [string, string] => !!e[1]));
  const next = page.next ? `?${new URLSearchParams([...base, ["cursor", encodeCursor(page.next)]])}` : null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-3xl">
          <h1 className="text-2xl font-semibold">{t("audit.title")}</h1>
          <p className="text-sm text-slate-500">{t("audit.subtitle")}</p>
          {viewer.dataScope !== "all" && <p className="mt-1 text-xs text-slate-500">{t("audit.salesHidden")}</p>}
        </div>
        <a href={`/api/admin/audit/export?${base}`} className="btn-secondary min-h-11" download>
          <Download aria-hidden className="size-4" />
          {t("audit.export")}
        </a>
      </div>
      <form method="get" className="card grid grid-cols-1 gap-3 p-4 sm:grid-cols-3 lg:grid-cols-6" role="search" aria-label={t("audit.filter")}>
        <div>
          <label htmlFor="a-actor" className="label">
            {t("audit.who")}
          </label>
          <select id="a-actor" name="actor" className="input" defaultValue={q.actor ?? ""}>
            <option value="">{t("audit.anyone")}</option>
            {options.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="a-type" className="label">
            {t("audit.entity")}
          </label>
          <select id="a-type" name="type" className="input" defaultValue={q.type ?? ""}>
            <option value="">{t("audit.anyEntity")}</option>
            {options.entityTypes.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="a-action" className="label">
            {t("audit.action")}
          </label>
          <select id="a-action" name="action" className="input" defaultValue={q.action ?? ""}>
            <option value="">{t("audit.anyAction")}</option>
            {options.actions.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="a-from" className="label">
            {t("audit.from")}
          </label>
          <input id="a-from" name="from" type="date" className="input" defaultValue={q.from ?? ""} />
        </div>
        <div>
          <label htmlFor="a-to" className="label">
            {t("audit.to")}
          </label>
          <input id="a-to" name="to" type="date" className="input" defaultValue={q.to ?? ""} />
        </div>
        <div className="flex items-end">
          <button type="submit" className="btn-secondary min-h-10 w-full">
            {t("audit.filter")}
          </button>
        </div>
      </form>
      {page.items.length === 0 ? (
        <p className="card p-6 text-center text-slate-500">{t("empty")}</p>
      ) : (
        <ol className="space-y-2">
          {page.items.map((e) => {
            const changes = auditDiff(e.before, e.after);
            return (
              <li key={e.id} className="card p-3">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                  <time dateTime={e.at.toISOString()} className="text-slate-500">
                    {format.dateTime(e.at, { dateStyle: "medium", timeStyle: "medium" })}
                  </time>
                  <span className="font-medium">{e.actorName ?? t("audit.system")}</span>
                  <span className="chip bg-brand-50 text-brand-700">{e.action}</span>
                  <span className="font-mono text-xs text-slate-600">
                    {e.entityType}
                    {/* the record by its name when it is a unit, role, person or dictionary value; else the random end of its id */}
                    {e.entityId ? ` ${names.get(e.entityId) ?? e.entityId.slice(-8)}` : ""}
                  </span>
                  {e.ip && <span className="font-mono text-xs text-slate-400">{e.ip}</span>}
                </div>
                {changes.length > 0 ? (
                  <div className="mt-2 overflow-x-auto">
                    <table className="w-full text-xs">
                      <thead className="text-left text-slate-500">
                        <tr>
                          <th scope="col" className="pr-3 font-medium">
                            {t("audit.field")}
                          </th>
                          <th scope="col" className="pr-3 font-medium">
                            {t("audit.before")}
                          </th>
                          <th scope="col" className="font-medium">
                            {t("audit.after")}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {changes.slice(0, 30).map((c) => (
                          <tr key={c.field} className="border-t border-slate-100 align-top">
                            <td className="py-1 pr-3 font-mono">{c.field}</td>
                            <td className="max-w-xs py-1 pr-3 break-all text-red-700">{shown(c.before)}</td>
                            <td className="max-w-xs py-1 break-all text-green-800">{shown(c.after)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ) : (
                  <p className="mt-1 text-xs text-slate-400">{t("audit.noDiff")}</p>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <nav aria-label={t("audit.title")} className="flex items-center justify-between">
        {q.cursor ? (
          <Link href={`?${base}`} className="btn-secondary">
            {t("first")}
          </Link>
        ) : (
          <span />
        )}
        {next && (
          <Link href={next} className="btn-secondary" rel="next">
            {t("next")}
          </Link>
        )}
      </nav>
    </div>
  );
}
