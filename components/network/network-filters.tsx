import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { FilterSelect } from "@/components/ui/filter-select";
import { GetForm } from "@/components/ui/get-form";
import { CUSTOMER_STAGES } from "@/lib/stages";
import type { NetworkQuery } from "@/lib/validation/network";

type Opt = { id: string; label: string };

/** The map's GET filter form: rep, unit, circle, stage, value grade, introduced in period (all kept in the URL). */
export async function NetworkFilters({ q, units, owners, circles, grades, view }: { q: NetworkQuery; units: Opt[]; owners: Opt[]; circles: Opt[]; grades: string[]; view?: string }) {
  const [t, ts] = await Promise.all([getTranslations("network.filters"), getTranslations("customer.stages")]);
  const open = !!(q.owner || q.unit || q.circle || q.stage || q.grade || q.from || q.to);
  const sel = (name: keyof NetworkQuery, label: string, options: Opt[]) =>
    options.length > 0 ? <FilterSelect idPrefix="nf" name={name} label={label} value={q[name] as string | undefined} options={options} all={t("all")} /> : null;
  return (
    <GetForm action="/network" role="search" aria-label={t("title")} className="card p-3">
      {view === "list" && <input type="hidden" name="view" value="list" />}
      <details open={open}>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("title")}</summary>
        <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4">
          {sel("unit", t("unit"), units)}
          {sel("owner", t("rep"), owners)}
          {sel("circle", t("circle"), circles)}
          {sel("stage", t("stage"), CUSTOMER_STAGES.map((s) => ({ id: s, label: ts(s) })))}
          {sel("grade", t("grade"), grades.map((g) => ({ id: g, label: g })))}
          <div>
            <label htmlFor="nf-from" className="label">
              {t("from")}
            </label>
            <input id="nf-from" name="from" type="date" className="input" defaultValue={q.from ?? ""} />
          </div>
          <div>
            <label htmlFor="nf-to" className="label">
              {t("to")}
            </label>
            <input id="nf-to" name="to" type="date" className="input" defaultValue={q.to ?? ""} />
          </div>
        </div>
        <p className="mt-2 text-xs text-slate-500">{t("periodHint")}</p>
        <div className="mt-3 flex gap-2">
          <button type="submit" className="btn-primary">
            {t("apply")}
          </button>
          <Link href={view === "list" ? "/network?view=list" : "/network"} className="btn-secondary">
            {t("reset")}
          </Link>
        </div>
      </details>
    </GetForm>
  );
}
