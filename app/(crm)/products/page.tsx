import { Plus, Scale } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { listProducts } from "@/db/queries/products";
import { formatMoney } from "@/lib/money";
import { requireViewer } from "@/lib/session";
import { productListQuerySchema } from "@/lib/validation/product";
import { can } from "@/lib/viewer";
import { LessonLinks } from "@/components/training/lesson-links";
import { GetForm } from "@/components/ui/get-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("products") };
}

type SP = Record<string, string | string[] | undefined>;

/** 产品信息: the company's catalogue (active by default, archived on request), searchable. */
export default async function ProductsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const viewer = await requireViewer();
  const sp = await searchParams;
  const q = productListQuerySchema.parse({ status: sp.status, q: sp.q });
  const db = await getDb();
  const [t, rows] = await Promise.all([getTranslations("product"), listProducts(db, viewer, q)]);
  const href = (status: string) => `/products?${new URLSearchParams({ status, ...(q.q ? { q: q.q } : {}) })}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("list.title")}</h1>
          <p className="text-sm text-slate-500">{t("list.subtitle")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <LessonLinks slugs={["product-presentation"]} />
          <Link href="/products/advantage" className="btn-secondary">
            <Scale aria-hidden className="size-4" />
            {t("list.advantageOverview")}
          </Link>
          {can(viewer, "product:manage") && (
            <Link href="/products/new" className="btn-primary">
              <Plus aria-hidden className="size-4" />
              {t("list.new")}
            </Link>
          )}
        </div>
      </div>

      <div className="card space-y-3 p-3 sm:flex sm:items-end sm:justify-between sm:gap-3 sm:space-y-0">
        <GetForm role="search" className="flex w-full min-w-0 items-end gap-2 sm:flex-1">
          <input type="hidden" name="status" value={q.status} />
          <div className="min-w-0 flex-1">
            <label htmlFor="product-q" className="label">
              {t("list.search")}
            </label>
            <input id="product-q" name="q" type="search" defaultValue={q.q ?? ""} placeholder={t("list.searchPlaceholder")} className="input" maxLength={50} />
          </div>
          <button type="submit" className="btn-secondary">
            {t("list.apply")}
          </button>
        </GetForm>
        <nav aria-label={t("list.status")} className="flex gap-1">
          {(["active", "archived", "all"] as const).map((s) => (
            <Link
              key={s}
              href={href(s)}
              aria-current={s === q.status ? "page" : undefined}
              className={s === q.status ? "chip bg-brand-600 px-3 py-1.5 text-white" : "chip bg-slate-100 px-3 py-1.5 text-slate-700 hover:bg-slate-200"}
            >
              {t(`list.statuses.${s}`)}
            </Link>
          ))}
        </nav>
      </div>

      {rows.length === 0 ? (
        <p className="card p-10 text-center text-slate-600">{q.q || q.status !== "active" ? t("list.emptyFiltered") : t("list.empty")}</p>
      ) : (
        <ul className="grid grid-cols-1 gap-3 md:grid-cols-2">
          {rows.map((p) => (
            <li key={p.id} className="card p-4">
              <div className="flex items-start justify-between gap-2">
                <Link href={`/products/${p.id}`} className="font-semibold text-brand-700 hover:underline">
                  {p.name}
                </Link>
                {p.archivedAt && <span className="chip shrink-0 bg-slate-200 text-slate-700">{t("list.statuses.archived")}</span>}
              </div>
              <p className="mt-1 text-sm text-slate-600">
                {p.category ?? "—"}
                {" · "}
                <span className="tabular-nums">{p.price ? (p.unit ? t("detail.perUnit", { price: formatMoney(p.price), unit: p.unit }) : formatMoney(p.price)) : t("list.noPrice")}</span>
              </p>
              <p className="mt-2 flex flex-wrap gap-2 text-xs">
                <Link href={`/products/${p.id}#fab`} className="chip bg-sky-50 px-2 py-1 text-sky-800 hover:bg-sky-100">
                  {t("list.fabCount", { n: p.fabCount })}
                </Link>
                <Link href={`/products/${p.id}/advantage`} className="chip bg-amber-50 px-2 py-1 text-amber-900 hover:bg-amber-100">
                  {t("list.competitorCount", { n: p.competitorCount })}
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
