import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { BulkAssignForm, HandoverForm } from "@/components/team/bulk-assign-form";
import { TeamTabs } from "@/components/team/team-tabs";
import { getDb } from "@/db/client";
import { ASSIGN_MAX, getHandoverPeople, listAssignmentJobs } from "@/db/queries/assignments";
import { countCustomers, listCustomers } from "@/db/queries/customers";
import { getOwnerOptions } from "@/db/queries/users";
import { punct } from "@/lib/punct";
import { requirePermission } from "@/lib/session";
import { firstValues } from "@/lib/validation/common";
import { customerListQuerySchema } from "@/lib/validation/customer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("team"))("assign.title") };
}

type SP = Record<string, string | string[] | undefined>;

/**
 * 客户分配: the customer list's filters arrive in the query string (the list's 批量分配 link); tick customers
 * of the first page or take every match (up to 10,000), and a leaver's hand-over below.
 */
export default async function AssignPage({ searchParams }: { searchParams: Promise<SP> }) {
  const viewer = await requirePermission("customer:assign");
  const raw = firstValues(await searchParams);
  const q = customerListQuerySchema.parse({ ...raw, deleted: undefined });
  const db = await getDb();
  const pn = punct(await getLocale());
  const [t, format, page, total, owners, jobs, leavers] = await Promise.all([
    getTranslations("team"),
    getFormatter(),
    listCustomers(db, viewer, q),
    countCustomers(db, viewer, q, ASSIGN_MAX),
    getOwnerOptions(db, viewer),
    listAssignmentJobs(db, viewer),
    getHandoverPeople(db, viewer),
  ]);
  const filters = new URLSearchParams(Object.entries(q).filter(([k, v]) => v != null && v !== "" && k !== "cursor" && k !== "sort" && k !== "dir").map(([k, v]) => [k, String(v)])).toString();
  const ownerOptions = owners.map((o) => ({ id: o.id, label: pn.paren(o.name, o.orgUnitName) }));
  return (
    <ClientMessages namespaces={["team"]}>
      <div className="space-y-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("assign.title")}</h1>
          <p className="text-sm text-slate-500">{t("assign.subtitle")}</p>
        </div>
        <TeamTabs viewer={viewer} active="assign" />
        <section aria-labelledby="bulk-title" className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="bulk-title" className="text-base font-semibold">
              {filters ? t("assign.matching", { n: total > ASSIGN_MAX ? `${ASSIGN_MAX}+` : total }) : t("assign.allInScope", { n: total > ASSIGN_MAX ? `${ASSIGN_MAX}+` : total })}
            </h2>
            <Link href={`/customers${filters ? `?${filters}` : ""}`} className="btn-secondary min-h-9 px-3 text-sm">
              {t("assign.changeFilters")}
            </Link>
          </div>
          <BulkAssignForm rows={page.rows.map((r) => ({ id: r.id, name: r.name, companyName: r.companyName, ownerName: r.ownerName }))} owners={ownerOptions} filters={filters} total={total} capped={total > ASSIGN_MAX} />
        </section>
        <HandoverForm
          people={leavers.map((p) => ({ id: p.id, label: `${pn.paren(p.name, p.orgUnitName)}${p.active ? "" : ` · ${t("assign.inactive")}`} · ${t("assign.owns", { n: p.customers })}` }))}
          owners={ownerOptions}
        />
        {jobs.length > 0 && (
          <section className="card p-3" aria-labelledby="jobs-title">
            <h2 id="jobs-title" className="mb-2 text-base font-semibold">
              {t("assign.recent")}
            </h2>
            <ul className="divide-y divide-slate-100 text-sm">
              {jobs.map((j) => (
                <li key={j.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <Link href={`/team/assign/${j.id}`} className="font-medium text-brand-700 hover:underline">
                    {t(`job.reasons.${j.reason}`)} · {format.dateTime(j.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                  </Link>
                  <span className="text-slate-600">{t("job.line", { status: t(`job.status.${j.status}`), processed: j.processed, total: j.total, moved: j.moved })}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </ClientMessages>
  );
}
