import { Download, Plus, Search, Send, Upload, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { StageBadge } from "@/components/customers/stage-badge";
import { getDb } from "@/db/client";
import { getValueGradeRules } from "@/db/queries/value-grades";
import { countCustomers, listCustomers } from "@/db/queries/customers";
import { getCustomerDictionaries } from "@/db/queries/dictionaries";
import { getOwnerOptions } from "@/db/queries/users";
import { requirePermission } from "@/lib/session";
import { STAGE_ORDER } from "@/lib/stages";
import { customerListQuerySchema, type CustomerListQuery } from "@/lib/validation/customer";
import { firstValues } from "@/lib/validation/common";
import { can } from "@/lib/viewer";
import { LessonLinks } from "@/components/training/lesson-links";
import { FilterSelect as SharedFilterSelect, type FilterSelectProps } from "@/components/ui/filter-select";
import { GetForm } from "@/components/ui/get-form";
import { OverflowActions } from "@/components/ui/overflow-actions";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("customers") };
}

type SP = Record<string, string | string[] | undefined>;

function href(q: Partial<CustomerListQuery>, patch: Partial<CustomerListQuery>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...patch })) if (v) p.set(k, String(v));
  const s = p.toString();
  return s ? `/customers?${s}` : "/customers";
}

/** The configured grades (best first), plus a grade asked for in the URL that only manual grades still use. */
function gradeOptions(grades: { code: string; label: string }[], asked: string | undefined) {
  const out = grades.map((g) => ({ id: g.code, label: g.label }));
  if (asked && !out.some((g) => g.id === asked)) out.push({ id: asked, label: asked });
  return out;
}

export default async function CustomersPage({ searchParams }: { searchParams: Promise<SP> }) {
  const pn = punct(await getLocale());
  const viewer = await requirePermission("customer:view");
  const sp = await searchParams;
  const q = customerListQuerySchema.parse(firstValues(sp));
  // the data layer refuses the trash without customer:delete too; the page answers 404 before asking
  if (q.deleted && !can(viewer, "customer:delete")) notFound();
  const db = await getDb();
  const [t, format, page, total, dict, owners, gradeRules] = await Promise.all([
    getTranslations(),
    getFormatter(),
    listCustomers(db, viewer, q),
    countCustomers(db, viewer, q),
    getCustomerDictionaries(db),
    viewer.dataScope === "self" ? Promise.resolve([]) : getOwnerOptions(db, viewer),
    getValueGradeRules(db),
  ]);
  const base: Partial<CustomerListQuery> = { ...q, cursor: undefined };
  const filtered = !!(q.q || q.stage || q.grade || q.industry || q.region || q.city || q.circle || q.source || q.owner || q.kind);
  const exportQs = new URLSearchParams(Object.entries(base).filter(([, v]) => v) as [string, string][]).toString();

  // the secondary actions: inline from md up, behind one 更多操作 menu on a phone
  const more = [
    can(viewer, "customer:export") && (
      <a key="csv" href={`/api/customers/export?${exportQs}`} className="btn-secondary" download>
        <Download aria-hidden className="size-4" />
        {t("customer.list.export")}
      </a>
    ),
    can(viewer, "customer:export") && !q.deleted && (
      <a key="xlsx" href={`/api/customers/export?${exportQs ? exportQs + "&" : ""}format=xlsx`} className="btn-secondary" download>
        <Download aria-hidden className="size-4" />
        {t("imports.exportXlsx")}
      </a>
    ),
    can(viewer, "customer:export") && !q.deleted && (
      <a key="vcf" href={`/api/customers/vcf${exportQs ? "?" + exportQs : ""}`} className="btn-secondary" download>
        <Download aria-hidden className="size-4" />
        {t("imports.exportVcf")}
      </a>
    ),
    can(viewer, "customer:assign") && !q.deleted && (
      <Link key="assign" href={`/team/assign${exportQs ? "?" + exportQs : ""}`} className="btn-secondary">
        <Users aria-hidden className="size-4" />
        {t("team.assign.fromList")}
      </Link>
    ),
    can(viewer, "marketing:send") && !q.deleted && (
      // 群发 to this list: the composer reads the same filter parameters (服务营销)
      <Link key="send" href={`/marketing/sms${exportQs ? "?" + exportQs : ""}`} className="btn-secondary">
        <Send aria-hidden className="size-4" />
        {t("marketing.sendToList")}
      </Link>
    ),
    can(viewer, "customer:create") && (
      <Link key="import" href="/customers/import" className="btn-secondary">
        <Upload aria-hidden className="size-4" />
        {t("imports.importLink")}
      </Link>
    ),
  ].filter(Boolean);

  return (
    <div className="space-y-4">
      {/* a phone: the title with 新建客户 beside it, the other actions on the row below; md up: one row */}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-semibold">{q.deleted ? t("customer.trash") : t("modules.customers")}</h1>
          <p className="text-sm text-slate-500" aria-live="polite">
            {t("customer.list.count", { count: total > 10000 ? "10000+" : total })}
          </p>
        </div>
        {can(viewer, "customer:create") && (
          <Link href="/customers/new" className="btn-primary md:order-last">
            <Plus aria-hidden className="size-4" />
            {t("customer.list.new")}
          </Link>
        )}
        <div className="flex w-full flex-wrap items-center gap-2 md:w-auto">
          <LessonLinks module="/customers" />
          {more.length > 0 && <div className="hidden flex-wrap gap-2 md:flex">{more}</div>}
          {more.length > 0 && <OverflowActions label={t("customer.list.moreActions")}>{more}</OverflowActions>}
        </div>
      </div>

      <GetForm action="/customers" role="search" className="card space-y-3 p-3">
        {q.deleted && <input type="hidden" name="deleted" value="1" />}
        <div className="flex gap-2">
          <label htmlFor="q" className="sr-only">
            {t("customer.list.search")}
          </label>
          <div className="relative flex-1">
            <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" />
            <input id="q" name="q" type="search" defaultValue={q.q ?? ""} maxLength={50} placeholder={t("customer.list.searchPlaceholder")} className="input pl-9" />
          </div>
          <button type="submit" className="btn-primary">
            {t("customer.list.searchButton")}
          </button>
        </div>
        <details open={filtered && !q.q}>
          <summary className="cursor-pointer text-sm text-brand-700">{t("customer.list.filters")}</summary>
          <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4">
            <FilterSelect name="stage" label={t("customer.fields.stage")} value={q.stage} options={STAGE_ORDER.map((s) => ({ id: s, label: t(`customer.stages.${s}`) }))} all={t("customer.list.all")} />
            <FilterSelect name="grade" label={t("customer.fields.valueGrade")} value={q.grade} options={gradeOptions(gradeRules.grades, q.grade)} all={t("customer.list.all")} />
            <FilterSelect name="industry" label={t("customer.fields.industry")} value={q.industry} options={dict.industry} all={t("customer.list.all")} />
            <FilterSelect name="region" label={t("customer.fields.region")} value={q.region} options={dict.region} all={t("customer.list.all")} />
            <FilterSelect name="city" label={t("customer.fields.city")} value={q.city} options={dict.city} all={t("customer.list.all")} />
            <div>
              <FilterSelect name="circle" label={t("customer.fields.circles")} value={q.circle} options={dict.circle} all={t("customer.list.all")} />
              <Link href={q.circle ? `/network/circles?circle=${q.circle}` : "/network/circles"} className="mt-1 inline-block text-xs text-brand-700 hover:underline">
                {t(q.circle ? "circles.openOne" : "circles.openAll")}
              </Link>
            </div>
            <FilterSelect name="source" label={t("customer.fields.source")} value={q.source} options={dict.source} all={t("customer.list.all")} />
            {owners.length > 0 && (
              <FilterSelect name="owner" label={t("customer.fields.owner")} value={q.owner} options={owners.map((o) => ({ id: o.id, label: pn.paren(o.name, o.orgUnitName) }))} all={t("customer.list.all")} />
            )}
            <FilterSelect
              name="kind"
              label={t("customer.fields.kind")}
              value={q.kind}
              options={(["individual", "company"] as const).map((k) => ({ id: k, label: t(`customer.kinds.${k}`) }))}
              all={t("customer.list.all")}
            />
            <FilterSelect
              name="sort"
              label={t("customer.list.sort")}
              value={q.sort}
              options={(["updated", "created", "name", "contact"] as const).map((k) => ({ id: k, label: t(`customer.list.sorts.${k}`) }))}
            />
            <FilterSelect
              name="dir"
              label={t("customer.list.direction")}
              value={q.dir}
              options={(["desc", "asc"] as const).map((k) => ({ id: k, label: t(`customer.list.dirs.${k}`) }))}
            />
          </div>
          <div className="mt-3 flex gap-2">
            <button type="submit" className="btn-primary">
              {t("customer.list.apply")}
            </button>
            <Link href={q.deleted ? "/customers?deleted=1" : "/customers"} className="btn-secondary">
              {t("customer.list.reset")}
            </Link>
          </div>
        </details>
      </GetForm>

      {page.rows.length === 0 ? (
        <div className="card p-10 text-center text-slate-600">
          <p className="font-medium">{filtered ? t("customer.list.emptyFiltered") : t("customer.list.empty")}</p>
          {!filtered && can(viewer, "customer:create") && !q.deleted && (
            <Link href="/customers/new" className="btn-primary mt-4">
              <Plus aria-hidden className="size-4" />
              {t("customer.list.new")}
            </Link>
          )}
        </div>
      ) : (
        <>
          {/* phone: cards */}
          <ul className="space-y-2 md:hidden">
            {page.rows.map((r) => (
              <li key={r.id}>
                <Link href={`/customers/${r.id}`} prefetch={false} className="card block p-3 active:bg-slate-50">
                  <div className="flex items-center justify-between gap-2">
                    <span className="truncate font-medium">{r.name}</span>
                    <StageBadge stage={r.stage} />
                  </div>
                  <p className="mt-0.5 flex min-w-0 gap-1 text-sm text-slate-500">
                    <span className="truncate">{[r.kind === "individual" ? r.companyName : null, r.title].filter(Boolean).join(" · ") || (r.mobile ? "" : "—")}</span>
                    {r.mobile && (
                      <span className="value-nowrap shrink-0 tabular-nums">
                        {r.kind === "individual" && (r.companyName || r.title) ? "· " : ""}
                        {r.mobile}
                      </span>
                    )}
                  </p>
                  <p className="mt-1 text-xs text-slate-400">
                    {r.ownerName} · {format.relativeTime(r.updatedAt)}
                  </p>
                </Link>
              </li>
            ))}
          </ul>
          {/* desktop: table */}
          <div className="card hidden overflow-x-auto md:block">
            <table className="w-full text-sm">
              <caption className="sr-only">{t("modules.customers")}</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-left text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">{t("customer.fields.name")}</th>
                  <th scope="col" className="px-4 py-2 font-medium">{t("customer.fields.companyName")}</th>
                  <th scope="col" className="px-4 py-2 font-medium">{t("customer.fields.mobile")}</th>
                  <th scope="col" className="px-4 py-2 font-medium">{t("customer.fields.stage")}</th>
                  <th scope="col" className="px-4 py-2 font-medium">{t("customer.fields.valueGrade")}</th>
                  <th scope="col" className="px-4 py-2 font-medium">{t("customer.fields.owner")}</th>
                  <th scope="col" className="px-4 py-2 font-medium">{t(`customer.list.sorts.${q.sort}`)}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.rows.map((r) => {
                  const when = q.sort === "created" ? r.createdAt : q.sort === "contact" ? r.lastContactAt : r.updatedAt;
                  return (
                    <tr key={r.id} className="hover:bg-slate-50">
                      <td className="px-4 py-2">
                        <Link href={`/customers/${r.id}`} prefetch={false} className="font-medium text-brand-700 hover:underline">
                          {r.name}
                        </Link>
                        {r.kind === "company" && <span className="chip ml-2 bg-slate-100 text-slate-600">{t("customer.kinds.company")}</span>}
                      </td>
                      <td className="px-4 py-2 text-slate-600">{r.kind === "individual" ? (r.companyName ?? "—") : "—"}</td>
                      <td className="px-4 py-2 text-slate-600 tabular-nums">{r.mobile ?? "—"}</td>
                      <td className="px-4 py-2">
                        <StageBadge stage={r.stage} />
                      </td>
                      <td className="px-4 py-2">
                        {r.valueGrade ?? "—"}
                        {r.valueGradeManual && <span className="ml-1 text-xs text-slate-500">{t("customer.manualGrade")}</span>}
                      </td>
                      <td className="px-4 py-2 text-slate-600">{r.ownerName ?? "—"}</td>
                      <td className="px-4 py-2 text-slate-500">{when ? format.dateTime(when, { dateStyle: "medium" }) : "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}

      <nav aria-label={t("customer.list.pagination")} className="flex items-center justify-between">
        {q.cursor ? (
          <Link href={href(base, {})} className="btn-secondary">
            {t("customer.list.first")}
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor && (
          <Link href={href(base, { cursor: page.nextCursor })} className="btn-secondary" rel="next">
            {t("customer.list.next")}
          </Link>
        )}
      </nav>
      {can(viewer, "customer:delete") && (
        <p className="text-center text-sm">
          <Link href={q.deleted ? "/customers" : "/customers?deleted=1"} className="text-slate-500 underline">
            {q.deleted ? t("customer.list.backToList") : t("customer.trash")}
          </Link>
        </p>
      )}
    </div>
  );
}

function FilterSelect(props: Omit<FilterSelectProps, "idPrefix" | "wrapperClassName" | "labelClassName" | "selectClassName">) {
  return <SharedFilterSelect idPrefix="filter" labelClassName="label text-xs" {...props} />;
}
