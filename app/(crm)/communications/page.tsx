import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { StageBadge } from "@/components/customers/stage-badge";
import { getDb } from "@/db/client";
import { getUnitOptions, listCommunications } from "@/db/queries/communications";
import { getOwnerOptions } from "@/db/queries/users";
import { requirePermission } from "@/lib/session";
import { STAGE_ORDER } from "@/lib/stages";
import { COMMUNICATION_METHODS } from "@/lib/communications";
import { communicationListQuerySchema, type CommunicationListQuery } from "@/lib/validation/communication";
import { firstValues } from "@/lib/validation/common";
import { can } from "@/lib/viewer";
import { LessonLinks } from "@/components/training/lesson-links";
import { FilterSelect as SharedFilterSelect, type FilterSelectProps } from "@/components/ui/filter-select";
import { GetForm } from "@/components/ui/get-form";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("communications") };
}

type SP = Record<string, string | string[] | undefined>;

function href(q: Partial<CommunicationListQuery>, patch: Partial<CommunicationListQuery>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...patch })) if (v != null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `/communications?${s}` : "/communications";
}

/** 交流记录一览表: every communication in the viewer's scope, filterable, keyset-paginated. */
export default async function CommunicationsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const pn = punct(await getLocale());
  const viewer = await requirePermission("communication:view");
  const sp = await searchParams;
  const q = communicationListQuerySchema.parse(firstValues(sp));
  const db = await getDb();
  const [t, format, page, owners, units] = await Promise.all([
    getTranslations(),
    getFormatter(),
    listCommunications(db, viewer, q),
    viewer.dataScope === "self" ? Promise.resolve([]) : getOwnerOptions(db, viewer),
    getUnitOptions(db, viewer),
  ]);
  const filtered = !!(q.owner || q.unit || q.from || q.to || q.method || q.interest || q.stage || q.customer);
  const base = { ...q, cursor: undefined };
  const all = t("comm.list.all");

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("comm.list.title")}</h1>
          <p className="text-sm text-slate-500">{viewer.dataScope === "self" ? t("comm.list.subtitleOwn") : t("comm.list.subtitle")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <LessonLinks module="/communications" />
          {can(viewer, "customer:export") && (
            <a href={`/api/communications/export?${new URLSearchParams(Object.entries(base).filter(([, v]) => v != null && v !== "").map(([k, v]) => [k, String(v)])).toString()}`} className="btn-secondary" download>
              {t("imports.exportXlsx")}
            </a>
          )}
          {can(viewer, "communication:create") && (
            <Link href="/communications/new" className="btn-primary">
              <Plus aria-hidden className="size-4" />
              {t("comm.list.new")}
            </Link>
          )}
        </div>
      </div>

      <GetForm action="/communications" role="search" aria-label={t("comm.list.filters")} className="card p-3">
        {q.customer && <input type="hidden" name="customer" value={q.customer} />}
        <details open={filtered}>
          <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("comm.list.filters")}</summary>
          <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4">
            {owners.length > 0 && <FilterSelect name="owner" label={t("comm.list.rep")} value={q.owner} all={all} options={owners.map((o) => ({ id: o.id, label: pn.paren(o.name, o.orgUnitName) }))} />}
            {units.length > 0 && <FilterSelect name="unit" label={t("comm.list.unit")} value={q.unit} all={all} options={units.map((u) => ({ id: u.id, label: u.name }))} />}
            <div>
              <label htmlFor="flt-from" className="label">
                {t("comm.list.from")}
              </label>
              <input id="flt-from" name="from" type="date" className="input" defaultValue={q.from ?? ""} />
            </div>
            <div>
              <label htmlFor="flt-to" className="label">
                {t("comm.list.to")}
              </label>
              <input id="flt-to" name="to" type="date" className="input" defaultValue={q.to ?? ""} />
            </div>
            <FilterSelect name="method" label={t("comm.fields.method")} value={q.method} all={all} options={COMMUNICATION_METHODS.map((m) => ({ id: m, label: t(`comm.methods.${m}`) }))} />
            <FilterSelect name="interest" label={t("comm.fields.interest")} value={q.interest?.toString()} all={all} options={[5, 4, 3, 2, 1].map((n) => ({ id: String(n), label: `${n} · ${t(`comm.interestLevels.${n}`)}` }))} />
            <FilterSelect name="stage" label={t("comm.list.customerStage")} value={q.stage} all={all} options={STAGE_ORDER.map((s) => ({ id: s, label: t(`customer.stages.${s}`) }))} />
          </div>
          <div className="mt-3 flex gap-2">
            <button type="submit" className="btn-primary">
              {t("comm.list.apply")}
            </button>
            <Link href="/communications" className="btn-secondary">
              {t("comm.list.reset")}
            </Link>
          </div>
        </details>
      </GetForm>

      {page.rows.length === 0 ? (
        <div className="card p-10 text-center text-slate-600">
          <p className="font-medium">{filtered || q.cursor ? t("comm.list.emptyFiltered") : t("comm.list.empty")}</p>
          {!filtered && can(viewer, "communication:create") && (
            <Link href="/communications/new" className="btn-primary mt-4">
              <Plus aria-hidden className="size-4" />
              {t("comm.list.new")}
            </Link>
          )}
        </div>
      ) : (
        <>
          <ul className="space-y-2 md:hidden">
            {page.rows.map((r) => (
              <li key={r.id} className="card p-3">
                <div className="flex items-center justify-between gap-2 text-xs text-slate-500">
                  <span>
                    {format.dateTime(r.contactedAt, { dateStyle: "medium", timeStyle: "short" })} · {t(`comm.methods.${r.method}`)}
                  </span>
                  {r.interest && <span aria-label={t("comm.interestAria", { n: r.interest })}>{"★".repeat(r.interest)}</span>}
                </div>
                <Link href={`/customers/${r.customerId}`} prefetch={false} className="mt-1 block font-medium text-brand-700">
                  {r.customerName}
                </Link>
                <p className="text-sm font-medium">{r.topic}</p>
                {r.summary && <p className="line-clamp-2 text-sm text-slate-600">{r.summary}</p>}
                <p className="mt-1 text-xs text-slate-500">
                  {r.ownerName}
                  {r.nextFollowUp && ` · ${t("comm.list.followUpOn", { date: r.nextFollowUp })}`}
                </p>
              </li>
            ))}
          </ul>
          <div className="card hidden overflow-x-auto md:block">
            <table className="w-full text-sm">
              <caption className="sr-only">{t("comm.list.title")}</caption>
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">{t("comm.fields.contactedAt")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("comm.fields.customer")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("comm.fields.method")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("comm.fields.topic")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("comm.fields.interest")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("comm.fields.nextFollowUp")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("comm.list.rep")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.rows.map((r) => (
                  <tr key={r.id} className="align-top hover:bg-slate-50">
                    <td className="px-3 py-2 whitespace-nowrap tabular-nums">{format.dateTime(r.contactedAt, { dateStyle: "short", timeStyle: "short" })}</td>
                    <td className="px-3 py-2">
                      <Link href={`/customers/${r.customerId}`} prefetch={false} className="font-medium text-brand-700 hover:underline">
                        {r.customerName}
                      </Link>
                      <div className="mt-0.5">
                        <StageBadge stage={r.customerStage} />
                      </div>
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">{t(`comm.methods.${r.method}`)}</td>
                    <td className="px-3 py-2">
                      <p className="font-medium">{r.topic}</p>
                      {r.summary && <p className="line-clamp-2 max-w-md text-slate-600">{r.summary}</p>}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">{r.interest ? <span aria-label={t("comm.interestAria", { n: r.interest })}>{`${r.interest}/5`}</span> : "—"}</td>
                    <td className="px-3 py-2 whitespace-nowrap tabular-nums">{r.nextFollowUp ?? "—"}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{r.ownerName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav aria-label={t("comm.list.pages")} className="flex justify-between">
            {q.cursor ? (
              <Link href={href(base, {})} className="btn-secondary">
                {t("comm.list.first")}
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor && (
              <Link href={href(base, { cursor: page.nextCursor })} className="btn-secondary">
                {t("comm.list.next")}
              </Link>
            )}
          </nav>
        </>
      )}
    </div>
  );
}

function FilterSelect(props: Omit<FilterSelectProps, "idPrefix" | "wrapperClassName" | "labelClassName" | "selectClassName">) {
  return <SharedFilterSelect idPrefix="flt" {...props} />;
}
