import { Crosshair, Medal } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { TABLE_CLASS } from "@/components/network/table-class";
import { FilterSelect } from "@/components/ui/filter-select";
import { GetForm } from "@/components/ui/get-form";
import { LessonLinks } from "@/components/training/lesson-links";
import { getDb } from "@/db/client";
import { getUnitOptions } from "@/db/queries/communications";
import { getIntroducerBoard, getIntroducerChain } from "@/db/queries/network";
import { getOwnerOptions } from "@/db/queries/users";
import { formatMoney } from "@/lib/money";
import { pct } from "@/lib/percent";
import { punct } from "@/lib/punct";
import { requirePermission } from "@/lib/session";
import { STAGE_STYLE } from "@/lib/stages";
import { filterUuid, firstValues } from "@/lib/validation/common";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("introducers"))("title") };
}

type SP = Record<string, string | string[] | undefined>;

/** 介绍人: who introduced whom, directly and down the chain, the revenue it brought, and a leaderboard. */
export default async function IntroducersPage({ searchParams }: { searchParams: Promise<SP> }) {
  const viewer = await requirePermission("customer:view");
  const sp = firstValues(await searchParams);
  const q = { unit: filterUuid.parse(sp.unit), owner: filterUuid.parse(sp.owner), id: filterUuid.parse(sp.id) };
  const db = await getDb();
  const [t, ts, locale, board, chain, units, owners] = await Promise.all([
    getTranslations("introducers"),
    getTranslations("customer.stages"),
    getLocale(),
    getIntroducerBoard(db, viewer, { unit: q.unit, owner: q.owner }),
    q.id ? getIntroducerChain(db, viewer, q.id) : Promise.resolve(null),
    getUnitOptions(db, viewer),
    viewer.dataScope === "self" ? Promise.resolve([]) : getOwnerOptions(db, viewer),
  ]);
  if (q.id && !chain) notFound();
  const p = punct(locale);
  const link = (id: string) => {
    const s = new URLSearchParams();
    if (q.unit) s.set("unit", q.unit);
    if (q.owner) s.set("owner", q.owner);
    s.set("id", id);
    return `/network/introducers?${s}#chain`;
  };
  const nameById = new Map(chain?.chain.map((c) => [c.id, c.name]) ?? []);
  if (chain) nameById.set(chain.introducer.id, chain.introducer.name);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link href="/network" className="btn-secondary">
            {t("map")}
          </Link>
          <LessonLinks module="/network/introducers" />
        </div>
      </div>
      {(units.length > 0 || owners.length > 0) && (
        <GetForm action="/network/introducers" role="search" aria-label={t("filters")} className="card flex flex-wrap items-end gap-3 p-3">
          {units.length > 0 && <FilterSelect idPrefix="if" name="unit" label={t("unit")} value={q.unit} options={units.map((u) => ({ id: u.id, label: u.name }))} all={t("all")} />}
          {owners.length > 0 && (
            <FilterSelect idPrefix="if" name="owner" label={t("rep")} value={q.owner} options={owners.map((o) => ({ id: o.id, label: p.paren(o.name, o.orgUnitName) }))} all={t("all")} />
          )}
          <button type="submit" className="btn-primary">
            {t("apply")}
          </button>
        </GetForm>
      )}

      {chain && (
        <section id="chain" className="card space-y-3 p-4" aria-labelledby="chain-title">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="chain-title" className="text-lg font-semibold">
              {t("chainTitle", { name: chain.introducer.name })}
            </h2>
            <div className="flex gap-2">
              <Link href={`/customers/${chain.introducer.id}`} className="btn-secondary">
                {t("openProfile")}
              </Link>
              <Link href={`/network?focus=${chain.introducer.id}`} className="btn-secondary inline-flex items-center gap-1">
                <Crosshair aria-hidden className="size-4" />
                {t("focusOnMap")}
              </Link>
            </div>
          </div>
          <dl className="grid grid-cols-2 gap-3 text-sm md:grid-cols-4">
            <div>
              <dt className="text-slate-500">{t("cols.direct")}</dt>
              <dd className="text-xl font-semibold tabular-nums">{chain.direct}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("cols.chain")}</dt>
              <dd className="text-xl font-semibold tabular-nums">{chain.chain.length}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("cols.directRevenue")}</dt>
              <dd className="text-xl font-semibold tabular-nums">{formatMoney(chain.directRevenue)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("cols.chainRevenue")}</dt>
              <dd className="text-xl font-semibold tabular-nums">{formatMoney(chain.chainRevenue)}</dd>
            </div>
          </dl>
          {chain.chain.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noChain")}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className={TABLE_CLASS}>
                <caption className="sr-only">{t("chainCaption", { name: chain.introducer.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("cols.customer")}</th>
                    <th scope="col">{t("cols.step")}</th>
                    <th scope="col">{t("cols.via")}</th>
                    <th scope="col">{t("cols.stage")}</th>
                    <th scope="col" className="text-right">
                      {t("cols.revenue")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {chain.chain.map((c) => (
                    <tr key={c.id}>
                      <td style={{ paddingLeft: `${0.75 + (c.depth - 1) * 1.25}rem` }}>
                        <Link href={`/customers/${c.id}`} className="text-brand-700 hover:underline">
                          {c.name}
                        </Link>
                      </td>
                      <td className="tabular-nums">{t("step", { n: c.depth })}</td>
                      <td>{nameById.get(c.introducerId) ?? "—"}</td>
                      <td>
                        <span className={`badge ${STAGE_STYLE[c.stage]}`}>{ts(c.stage)}</span>
                      </td>
                      <td className="text-right tabular-nums">{formatMoney(c.revenue)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}

      <section className="card p-4" aria-labelledby="board-title">
        <h2 id="board-title" className="mb-1 flex items-center gap-2 text-lg font-semibold">
          <Medal aria-hidden className="size-5 text-amber-500" />
          {t("board")}
        </h2>
        <p className="mb-3 text-xs text-slate-500">{t("boardHint")}</p>
        {board.length === 0 ? (
          <p className="text-sm text-slate-500">{t("empty")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className={TABLE_CLASS} data-testid="introducer-board">
              <caption className="sr-only">{t("board")}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t("cols.introducer")}</th>
                  <th scope="col" className="text-right">
                    {t("cols.direct")}
                  </th>
                  <th scope="col" className="text-right">
                    {t("cols.chain")}
                  </th>
                  <th scope="col" className="text-right">
                    {t("cols.conversion")}
                  </th>
                  <th scope="col" className="text-right">
                    {t("cols.directRevenue")}
                  </th>
                  <th scope="col" className="text-right">
                    {t("cols.chainRevenue")}
                  </th>
                  <th scope="col">{t("cols.last")}</th>
                </tr>
              </thead>
              <tbody>
                {board.map((r, i) => (
                  <tr key={r.id} aria-current={r.id === q.id ? "true" : undefined} className={r.id === q.id ? "bg-brand-50" : undefined}>
                    <td className="tabular-nums">{i + 1}</td>
                    <td>
                      <Link href={link(r.id)} className="font-medium text-brand-700 hover:underline">
                        {r.name}
                      </Link>
                      <span className={`badge ml-2 ${STAGE_STYLE[r.stage]}`}>{ts(r.stage)}</span>
                      {r.ownerName && viewer.dataScope !== "self" && <span className="ml-2 text-xs text-slate-500">{r.ownerName}</span>}
                    </td>
                    <td className="text-right tabular-nums">{r.direct}</td>
                    <td className="text-right tabular-nums">
                      {r.chain}
                      {r.depth > 1 && <span className="ml-1 text-xs text-slate-500">{t("depth", { n: r.depth })}</span>}
                    </td>
                    <td className="text-right tabular-nums">{pct(r.chain ? r.chainBuyers / r.chain : null)}</td>
                    <td className="text-right tabular-nums">{formatMoney(r.directRevenue)}</td>
                    <td className="text-right font-medium tabular-nums">{formatMoney(r.chainRevenue)}</td>
                    <td className="tabular-nums">{r.lastIntroducedOn ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
