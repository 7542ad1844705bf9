import { Crown, Link2, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { AddCircleMember, RemoveCircleMember } from "@/components/network/circle-members";
import { TABLE_CLASS } from "@/components/network/table-class";
import { LessonLinks } from "@/components/training/lesson-links";
import { getDb } from "@/db/client";
import { getCircle, getCircles, type CircleMember } from "@/db/queries/network";
import { formatMoney } from "@/lib/money";
import { requirePermission } from "@/lib/session";
import { STAGE_STYLE } from "@/lib/stages";
import { filterUuid, firstValues } from "@/lib/validation/common";
import { can } from "@/lib/viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("circles"))("title") };
}

type SP = Record<string, string | string[] | undefined>;

/** 人脉圈: every circle with its members in scope; one circle's members, key people, add and remove. */
export default async function CirclesPage({ searchParams }: { searchParams: Promise<SP> }) {
  const viewer = await requirePermission("customer:view");
  const sp = firstValues(await searchParams);
  const circleId = filterUuid.parse(sp.circle);
  const db = await getDb();
  const [t, ts, circles, one] = await Promise.all([
    getTranslations("circles"),
    getTranslations("customer.stages"),
    getCircles(db, viewer),
    circleId ? getCircle(db, viewer, circleId) : Promise.resolve(null),
  ]);
  if (circleId && !one) notFound();
  const canEdit = can(viewer, "customer:edit");
  const person = (m: CircleMember, figure: string) => (
    <li key={m.id} className="flex items-center justify-between gap-2 py-1 text-sm">
      <Link href={`/customers/${m.id}`} className="text-brand-700 hover:underline">
        {m.name}
      </Link>
      <span className="tabular-nums text-slate-600">{figure}</span>
    </li>
  );
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
          <LessonLinks slugs={["network-marketing-software"]} />
        </div>
      </div>

      <nav aria-label={t("list")} className="card p-3">
        {circles.length === 0 ? (
          <p className="text-sm text-slate-500">{t("none")}</p>
        ) : (
          <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3" data-testid="circle-list">
            {circles.map((c) => (
              <li key={c.id}>
                <Link
                  href={`/network/circles?circle=${c.id}`}
                  aria-current={c.id === circleId ? "page" : undefined}
                  className={`flex items-center justify-between gap-2 rounded-lg border px-3 py-2 text-sm hover:border-brand-200 hover:bg-brand-50 ${c.id === circleId ? "border-brand-300 bg-brand-50" : "border-slate-200"}`}
                >
                  <span className="font-medium">{c.label}</span>
                  <span className="text-xs text-slate-500">{t("counts", { members: c.members, buyers: c.buyers, revenue: formatMoney(c.revenue) })}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </nav>

      {one && (
        <section className="space-y-4" aria-labelledby="circle-title">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="circle-title" className="flex items-center gap-2 text-xl font-semibold">
              <Users aria-hidden className="size-5 text-rose-600" />
              {one.circle.label}
              <span className="text-sm font-normal text-slate-500">{t("memberCount", { n: one.members.length })}</span>
            </h2>
            <div className="flex flex-wrap gap-2">
              <Link href={`/network?circle=${one.circle.id}`} className="btn-secondary">
                {t("onMap")}
              </Link>
              <Link href={`/customers?circle=${one.circle.id}`} className="btn-secondary">
                {t("inList")}
              </Link>
            </div>
          </div>
          <div className="grid gap-4 md:grid-cols-2">
            <div className="card p-4">
              <h3 className="mb-2 flex items-center gap-2 font-medium">
                <Link2 aria-hidden className="size-4 text-brand-600" />
                {t("mostConnected")}
              </h3>
              {one.mostConnected.length ? <ol>{one.mostConnected.map((m) => person(m, t("connections", { n: m.connections })))}</ol> : <p className="text-sm text-slate-500">—</p>}
            </div>
            <div className="card p-4">
              <h3 className="mb-2 flex items-center gap-2 font-medium">
                <Crown aria-hidden className="size-4 text-amber-500" />
                {t("mostRevenue")}
              </h3>
              {one.mostRevenue.length ? <ol>{one.mostRevenue.map((m) => person(m, formatMoney(m.revenue)))}</ol> : <p className="text-sm text-slate-500">—</p>}
            </div>
          </div>
          {canEdit && (
            <div className="card p-4">
              <ClientMessages namespaces={["circles", "picker"]}>
                <AddCircleMember circleId={one.circle.id} />
              </ClientMessages>
            </div>
          )}
          <div className="card overflow-x-auto">
            {one.members.length === 0 ? (
              <p className="p-4 text-sm text-slate-500">{t("empty")}</p>
            ) : (
              <table className={TABLE_CLASS} data-testid="circle-members">
                <caption className="sr-only">{t("membersCaption", { name: one.circle.label })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("cols.name")}</th>
                    <th scope="col">{t("cols.stage")}</th>
                    <th scope="col">{t("cols.owner")}</th>
                    <th scope="col" className="text-right">
                      {t("cols.connections")}
                    </th>
                    <th scope="col" className="text-right">
                      {t("cols.revenue")}
                    </th>
                    {canEdit && (
                      <th scope="col">
                        <span className="sr-only">{t("remove")}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {one.members.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <Link href={`/customers/${m.id}`} className="text-brand-700 hover:underline">
                          {m.name}
                        </Link>
                      </td>
                      <td>
                        <span className={`badge ${STAGE_STYLE[m.stage]}`}>{ts(m.stage)}</span>
                      </td>
                      <td>{m.ownerName ?? "—"}</td>
                      <td className="text-right tabular-nums">{m.connections}</td>
                      <td className="text-right tabular-nums">{formatMoney(m.revenue)}</td>
                      {canEdit && (
                        <td className="text-right">
                          <ClientMessages namespaces={["circles"]}>
                            <RemoveCircleMember circleId={one.circle.id} customerId={m.id} name={m.name} />
                          </ClientMessages>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
