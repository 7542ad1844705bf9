import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { NetworkFilters } from "@/components/network/network-filters";
import { NetworkMap } from "@/components/network/network-map";
import { LessonLinks } from "@/components/training/lesson-links";
import { getDb } from "@/db/client";
import { getUnitOptions } from "@/db/queries/communications";
import { getCustomerDictionaries } from "@/db/queries/dictionaries";
import { getOwnerOptions } from "@/db/queries/users";
import { getValueGradeRules } from "@/db/queries/value-grades";
import { punct } from "@/lib/punct";
import { requirePermission } from "@/lib/session";
import { firstValues } from "@/lib/validation/common";
import { networkQuerySchema, networkQueryString } from "@/lib/validation/network";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("network"))("title") };
}

type SP = Record<string, string | string[] | undefined>;

/** 人脉关系图: the viewer's network (data from /api/network, drawn by the client), filters in the URL. */
export default async function NetworkPage({ searchParams }: { searchParams: Promise<SP> }) {
  const viewer = await requirePermission("customer:view");
  const sp = firstValues(await searchParams);
  const q = networkQuerySchema.parse(sp);
  const view = sp.view === "list" ? "list" : "map";
  const focus = typeof sp.focus === "string" && /^[0-9a-f-]{36}$/.test(sp.focus) ? sp.focus : undefined;
  const db = await getDb();
  const [t, locale, units, owners, dicts, rules] = await Promise.all([
    getTranslations("network"),
    getLocale(),
    getUnitOptions(db, viewer),
    viewer.dataScope === "self" ? Promise.resolve([]) : getOwnerOptions(db, viewer),
    getCustomerDictionaries(db),
    getValueGradeRules(db),
  ]);
  const qs = networkQueryString(q);
  const withView = (v: "map" | "list") => {
    const p = new URLSearchParams(qs.slice(1));
    if (v === "list") p.set("view", "list");
    const s = p.toString();
    return `/network${s ? `?${s}` : ""}`;
  };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link href="/network/introducers" className="btn-secondary">
            {t("nav.introducers")}
          </Link>
          <Link href="/network/circles" className="btn-secondary">
            {t("nav.circles")}
          </Link>
          <LessonLinks module="/network" />
        </div>
      </div>
      <NetworkFilters
        q={q}
        view={view}
        units={units.map((u) => ({ id: u.id, label: u.name }))}
        owners={owners.map((o) => ({ id: o.id, label: punct(locale).paren(o.name, o.orgUnitName) }))}
        circles={dicts.circle.map((c) => ({ id: c.id, label: c.label }))}
        grades={rules.grades.map((g) => g.code)}
      />
      <nav aria-label={t("views")} className="flex gap-2 text-sm">
        <Link href={withView("map")} className="chip" aria-current={view === "map" ? "page" : undefined}>
          {t("viewMap")}
        </Link>
        <Link href={withView("list")} className="chip" aria-current={view === "list" ? "page" : undefined}>
          {t("viewList")}
        </Link>
      </nav>
      <ClientMessages namespaces={["network", "customer.stages"]}>
        <NetworkMap viewerId={viewer.id} qs={qs} view={view} focusId={focus} />
      </ClientMessages>
    </div>
  );
}
