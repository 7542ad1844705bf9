import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { AssignOneForm } from "@/components/team/assign-one-form";
import { ClaimButton } from "@/components/team/claim-button";
import { TeamTabs } from "@/components/team/team-tabs";
import { getDb } from "@/db/client";
import { claimAllowance, listPool } from "@/db/queries/pool";
import { getOwnerOptions } from "@/db/queries/users";
import { punct } from "@/lib/punct";
import { requirePermission } from "@/lib/session";
import { firstValues } from "@/lib/validation/common";
import { poolQuerySchema } from "@/lib/validation/team";
import { can } from "@/lib/viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("team"))("pool.title") };
}

/** 公海: customers nobody owns in the pools the viewer sees; reps claim (contacts masked), managers assign. */
export default async function PoolPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePermission("customer:view");
  const q = poolQuerySchema.parse(firstValues(await searchParams));
  const db = await getDb();
  const pn = punct(await getLocale());
  const manages = can(viewer, "customer:assign");
  const [t, tc, format, page, allowance, owners] = await Promise.all([
    getTranslations("team"),
    getTranslations("customer"),
    getFormatter(),
    listPool(db, viewer, q),
    claimAllowance(db, viewer),
    manages ? getOwnerOptions(db, viewer) : Promise.resolve([]),
  ]);
  const canClaim = can(viewer, "customer:create");
  const ownerOptions = owners.map((o) => ({ id: o.id, label: pn.paren(o.name, o.orgUnitName) }));
  return (
    <ClientMessages namespaces={["team"]}>
      <div className="space-y-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("pool.title")}</h1>
          <p className="text-sm text-slate-500">{t("pool.subtitle")}</p>
          {canClaim && <p className="mt-1 text-sm text-slate-700">{t("pool.allowance", { claimed: allowance.claimed, limit: allowance.limit })}</p>}
        </div>
        <TeamTabs viewer={viewer} active="pool" />
        {page.rows.length === 0 ? (
          <div className="card p-10 text-center text-slate-600">{q.cursor ? t("pool.emptyMore") : t("pool.empty")}</div>
        ) : (
          <ul className="space-y-2">
            {page.rows.map((r) => (
              <li key={r.id} className="card flex flex-col gap-2 p-3 md:flex-row md:items-center md:justify-between">
                <div className="min-w-0">
                  <p className="font-medium">
                    {manages ? (
                      <Link href={`/customers/${r.id}`} prefetch={false} className="text-brand-700 hover:underline">
                        {r.name}
                      </Link>
                    ) : (
                      r.name
                    )}
                    {r.companyName && <span className="font-normal text-slate-600">{` · ${r.companyName}`}</span>}
                  </p>
                  <p className="text-xs text-slate-500">
                    {[tc(`stages.${r.stage}`), r.unitName, r.mobile, r.email].filter(Boolean).join(" · ")}
                    {r.masked && <span className="sr-only">{t("pool.maskedNote")}</span>}
                  </p>
                  <p className="text-xs text-slate-500">
                    {t("pool.since", { date: r.pooledAt ? format.dateTime(r.pooledAt, { dateStyle: "medium" }) : "" })}
                    {" · "}
                    {r.lastContactAt ? t("pool.lastContact", { date: format.dateTime(r.lastContactAt, { dateStyle: "medium" }) }) : t("pool.neverContacted")}
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  {canClaim && <ClaimButton id={r.id} name={r.name} />}
                  {manages && <AssignOneForm customerId={r.id} owners={ownerOptions} compact />}
                </div>
              </li>
            ))}
          </ul>
        )}
        <nav aria-label={t("pool.pages")} className="flex justify-between">
          {q.cursor ? (
            <Link href="/team/pool" className="btn-secondary">
              {t("feed.first")}
            </Link>
          ) : (
            <span />
          )}
          {page.nextCursor && (
            <Link href={`/team/pool?cursor=${page.nextCursor}`} className="btn-secondary">
              {t("feed.next")}
            </Link>
          )}
        </nav>
      </div>
    </ClientMessages>
  );
}
