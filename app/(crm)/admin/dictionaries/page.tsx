import clsx from "clsx";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AddItemForm, DictionaryList } from "@/components/admin/dictionary-admin";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { ADMIN_DICTIONARY_KINDS, getDictionary, type AdminDictionaryKind } from "@/db/queries/admin";
import { requirePermission } from "@/lib/session";
import { can } from "@/lib/viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("dict.title") };
}

/** 数据字典 (admin:view; changes admin:dictionaries): the customer form's pick lists, one kind at a time. */
export default async function DictionariesPage({ searchParams }: { searchParams: Promise<{ kind?: string | string[] }> }) {
  const viewer = await requirePermission("admin:view");
  const raw = (await searchParams).kind;
  const kind: AdminDictionaryKind = (ADMIN_DICTIONARY_KINDS as readonly string[]).includes(String(raw)) ? (raw as AdminDictionaryKind) : "source";
  const db = await getDb();
  const [t, items, regions] = await Promise.all([getTranslations("admin"), getDictionary(db, viewer, kind), kind === "city" ? getDictionary(db, viewer, "region") : Promise.resolve([])]);
  const canEdit = can(viewer, "admin:dictionaries");
  return (
    <ClientMessages namespaces={["admin"]}>
      <div className="space-y-4">
        <div className="max-w-3xl">
          <h1 className="text-2xl font-semibold">{t("dict.title")}</h1>
          <p className="text-sm text-slate-500">{t("dict.subtitle")}</p>
          {!canEdit && <p className="mt-2 text-sm text-amber-800">{t("readOnly")}</p>}
        </div>
        <nav aria-label={t("dict.title")} className="flex flex-wrap gap-2">
          {ADMIN_DICTIONARY_KINDS.map((k) => (
            <Link
              key={k}
              href={`/admin/dictionaries?kind=${k}`}
              aria-current={k === kind ? "page" : undefined}
              className={clsx("chip min-h-9 px-3 text-sm", k === kind ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200")}
            >
              {t(`dict.kinds.${k}`)}
            </Link>
          ))}
        </nav>
        {canEdit && <AddItemForm kind={kind} regions={regions.filter((r) => r.active).map((r) => ({ id: r.id, label: r.label }))} />}
        <DictionaryList items={items.map((i) => ({ id: i.id, label: i.label, active: i.active, parentLabel: i.parentLabel }))} canEdit={canEdit} />
      </div>
    </ClientMessages>
  );
}
