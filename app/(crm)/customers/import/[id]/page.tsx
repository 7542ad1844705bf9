import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ImportApplyPanel } from "@/components/imports/apply-panel";
import { ImportMappingForm } from "@/components/imports/mapping-form";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getCustomerDictionaries } from "@/db/queries/dictionaries";
import { dictChoiceKey, getImport, getImportIssues, getImportSample, importProgress, rowReason } from "@/db/queries/imports";
import { getOwnerOptions } from "@/db/queries/users";
import { IMPORT_FIELD_KEYS } from "@/lib/import/fields";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("imports"))("title") };
}

const ISSUES_SHOWN = 100;

/** One import: the mapping and settings, the dry run's report, then applying with its progress. */
export default async function ImportJobPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("customer:create");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const job = await getImport(db, viewer, id);
  if (!job) notFound();
  const [t, sample, issues, dict, owners] = await Promise.all([
    getTranslations("imports"),
    getImportSample(db, viewer, id),
    job.status === "uploaded" ? Promise.resolve([]) : getImportIssues(db, viewer, id, { limit: ISSUES_SHOWN + 1 }),
    getCustomerDictionaries(db),
    viewer.dataScope === "self" ? Promise.resolve([]) : getOwnerOptions(db, viewer),
  ]);
  const ownerList = owners.length ? owners.map((o) => ({ id: o.id, name: o.name, unit: o.orgUnitName })) : [{ id: viewer.id, name: viewer.name, unit: viewer.orgUnitName }];
  const columns = job.headers.map((header, index) => ({
    index,
    header,
    example: sample.map((r) => r.cells[index]).find((c) => c) ?? "",
    field: job.mapping[String(index)] ?? "",
  }));
  const newValues = job.newValues.map((v) => {
    const key = dictChoiceKey(v.kind, v.value);
    const c = job.dictChoices[key];
    return { key, kind: v.kind, value: v.value, rows: v.rows, choice: c?.action === "map" && c.id ? c.id : (c?.action ?? "create") };
  });
  const editable = job.status === "uploaded" || job.status === "checked";
  return (
    <ClientMessages namespaces={["imports"]}>
      <div className="mx-auto max-w-4xl space-y-4">
        <div>
          <p className="text-sm text-slate-500">
            <Link href="/customers/import" className="hover:underline">
              {t("back")}
            </Link>
          </p>
          <h1 className="mt-1 text-2xl font-semibold break-all">{job.fileName}</h1>
          <p className="text-sm text-slate-600">
            {t(`status.${job.status}`)} · {t("total", { n: job.total })}
            {job.encoding ? ` · ${job.encoding.toUpperCase()}` : ""}
          </p>
        </div>

        <ImportMappingForm
          // a new dry run remounts the form, so its fields show what was saved (React resets an action's form
          // to the defaults it was rendered with)
          key={job.updatedAt.toISOString()}
          id={job.id}
          columns={columns}
          fields={IMPORT_FIELD_KEYS.map((key) => ({ key, label: t(`fields.${key}`) }))}
          policy={job.policy}
          owners={ownerList}
          ownerId={job.ownerId ?? viewer.id}
          newValues={newValues}
          options={{ source: dict.source, industry: dict.industry, region: dict.region, city: dict.city, circle: dict.circle }}
          disabled={!editable}
        />

        {job.status !== "uploaded" && (
          <section className="card space-y-3 p-4" aria-labelledby="report-title">
            <h2 id="report-title" className="text-lg font-semibold">
              {t("report")}
            </h2>
            <dl className="grid grid-cols-3 gap-2 text-center">
              <div className="rounded-md bg-emerald-50 p-2">
                <dt className="text-sm text-emerald-800">{t("valid")}</dt>
                <dd className="text-2xl font-semibold text-emerald-800" data-testid="import-valid">{job.valid}</dd>
              </div>
              <div className="rounded-md bg-red-50 p-2">
                <dt className="text-sm text-red-800">{t("invalid")}</dt>
                <dd className="text-2xl font-semibold text-red-800" data-testid="import-invalid">{job.invalid}</dd>
              </div>
              <div className="rounded-md bg-amber-50 p-2">
                <dt className="text-sm text-amber-800">{t("duplicates")}</dt>
                <dd className="text-2xl font-semibold text-amber-800" data-testid="import-duplicates">{job.duplicates}</dd>
              </div>
            </dl>
            <h3 className="font-medium">{t("issues")}</h3>
            {issues.length === 0 ? (
              <p className="text-sm text-slate-500">{t("noIssues")}</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-sm">
                  <thead>
                    <tr className="text-left text-slate-500">
                      <th className="py-1 pr-2 font-medium">{t("row")}</th>
                      <th className="py-1 pr-2 font-medium">{t("fields.name")}</th>
                      <th className="py-1 font-medium">{t("reason")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {issues.slice(0, ISSUES_SHOWN).map((r) => {
                      const nameCol = Object.entries(job.mapping).find(([, f]) => f === "name")?.[0];
                      return (
                        <tr key={r.rowNo} className="border-t border-slate-100 align-top">
                          <td className="py-1.5 pr-2 tabular-nums">{r.rowNo}</td>
                          <td className="py-1.5 pr-2">{nameCol != null ? r.cells[Number(nameCol)] : ""}</td>
                          <td className="py-1.5">{rowReason(job, r)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
            {issues.length > ISSUES_SHOWN && <p className="text-sm text-slate-500">{t("issuesMore", { n: ISSUES_SHOWN })}</p>}
            {issues.length > 0 && (
              <a href={`/api/customers/import/${job.id}/errors`} className="btn-secondary" download>
                {t("downloadErrors")}
              </a>
            )}
          </section>
        )}

        {job.status !== "uploaded" && (
          <ImportApplyPanel
            id={job.id}
            initial={importProgress(job)}
          />
        )}
        {job.status === "done" && (
          <Link href="/customers?sort=created" className="btn-secondary">
            {t("viewCustomers")}
          </Link>
        )}
      </div>
    </ClientMessages>
  );
}
