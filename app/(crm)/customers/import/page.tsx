import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ImportUploadForm } from "@/components/imports/upload-form";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { listImports } from "@/db/queries/imports";
import { requirePermission } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("imports"))("title") };
}

/** 导入客户: upload a file; the user's recent imports below. */
export default async function ImportPage() {
  const viewer = await requirePermission("customer:create");
  const [t, format, recent] = await Promise.all([getTranslations("imports"), getFormatter(), listImports(await getDb(), viewer)]);
  return (
    <ClientMessages namespaces={["imports"]}>
      <div className="mx-auto max-w-3xl space-y-4">
        <div>
          <p className="text-sm text-slate-500">
            <Link href="/customers" className="hover:underline">
              {(await getTranslations("modules"))("customers")}
            </Link>
          </p>
          <h1 className="mt-1 text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-slate-600">{t("intro")}</p>
        </div>
        <ImportUploadForm />
        <section className="card p-4">
          <h2 className="mb-2 text-lg font-semibold">{t("recent")}</h2>
          {recent.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noRecent")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {recent.map((j) => (
                <li key={j.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <Link href={`/customers/import/${j.id}`} className="font-medium text-brand-700 hover:underline">
                    {j.fileName}
                  </Link>
                  <span className="text-slate-500">
                    {t(`status.${j.status}`)} · {t("rows", { n: j.total })} · {format.dateTime(j.createdAt, { dateStyle: "short", timeStyle: "short" })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </ClientMessages>
  );
}
