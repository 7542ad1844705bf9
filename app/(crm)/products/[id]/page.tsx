import { ArrowLeft, Handshake, Pencil, Presentation, Scale } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ClientMessages } from "@/components/intl/client-messages";
import { FabSection, type FabPrefill } from "@/components/products/fab-section";
import { ArchiveProductButton, SavedProductToast } from "@/components/products/product-actions";
import { getDb } from "@/db/client";
import { getAnalyses, getCustomerTypeSuggestions, getFabEntries, getProductById } from "@/db/queries/products";
import { formatMoney } from "@/lib/money";
import { canWriteSellingTools, summarizeAnalysis } from "@/lib/products";
import { requireViewer } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { can } from "@/lib/viewer";
import { LessonLinks } from "@/components/training/lesson-links";
import { punct } from "@/lib/punct";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: isUuid(id) ? (await getTranslations("modules"))("products") : undefined };
}

/** A product: its details, its FAB chains (written here), and what its competitor analyses say. */
export default async function ProductPage({ params, searchParams }: Props) {
  const pn = punct(await getLocale());
  const viewer = await requireViewer();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const p = await getProductById(db, viewer, id);
  if (!p) notFound();
  const [t, chains, analyses, suggestions, sp] = await Promise.all([getTranslations("product"), getFabEntries(db, viewer, id), getAnalyses(db, viewer, id), getCustomerTypeSuggestions(db), searchParams]);
  const archived = !!p.archivedAt;
  const manage = can(viewer, "product:manage");
  const write = canWriteSellingTools(viewer) && !archived;

  // 写成 FAB 链 from the advantage analysis: the fact behind a strength becomes the chain's feature
  let prefill: FabPrefill | undefined;
  const fromRow = isUuid(sp.from) ? analyses.flatMap((a) => a.rows).find((r) => r.id === sp.from) : undefined;
  if (fromRow && write)
    prefill = {
      feature: fromRow.note ?? fromRow.dimension,
      from: t("fab.fromAdvantage", { dimension: fromRow.dimension, own: fromRow.ownScore, competitor: fromRow.competitor, theirs: fromRow.competitorScore }),
    };

  return (
    <ClientMessages namespaces={["product.detail", "product.fab"]}>
      <div className="space-y-4">
        <Suspense>
          <SavedProductToast />
        </Suspense>
        <Link href="/products" className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-brand-700">
          <ArrowLeft aria-hidden className="size-4" />
          {t("detail.back")}
        </Link>
        {archived && (
          <p role="status" className="rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            {t("detail.archivedNotice")}
          </p>
        )}
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold break-words">{p.name}</h1>
            <p className="mt-1 text-sm text-slate-600">
              {p.category && <span className="chip mr-2 bg-slate-100 text-slate-700">{p.category}</span>}
              <span className="tabular-nums">{p.price ? (p.unit ? t("detail.perUnit", { price: formatMoney(p.price), unit: p.unit }) : formatMoney(p.price)) : t("list.noPrice")}</span>
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            {chains.length > 0 && (
              <Link href={`/products/${p.id}/present`} className="btn-primary">
                <Presentation aria-hidden className="size-4" />
                {t("detail.present")}
              </Link>
            )}
            <Link href={`/products/${p.id}/advantage`} className="btn-secondary">
              <Scale aria-hidden className="size-4" />
              {t("detail.advantage")}
            </Link>
            {manage && !archived && (
              <Link href={`/products/${p.id}/edit`} className="btn-secondary">
                <Pencil aria-hidden className="size-4" />
                {t("detail.edit")}
              </Link>
            )}
            {manage && <ArchiveProductButton id={p.id} archived={archived} />}
          </div>
        </div>

        {p.description && (
          <section aria-label={t("detail.info")} className="card p-4">
            <p className="text-sm whitespace-pre-line text-slate-700">{p.description}</p>
          </section>
        )}

        <FabSection
          productId={p.id}
          chains={chains.map((c) => ({ id: c.id, customerType: c.customerType, feature: c.feature, advantage: c.advantage, benefit: c.benefit, version: c.version, authorName: c.authorName, canEdit: c.canEdit && !archived }))}
          canWrite={write}
          canManage={manage && !archived}
          suggestions={suggestions}
          prefill={prefill}
        />

        <section aria-labelledby="analyses-h" className="card p-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="analyses-h" className="text-lg font-semibold">
              {t("detail.analysesTitle")}
            </h2>
            <Link href={`/products/${p.id}/advantage`} className="text-sm text-brand-700 hover:underline">
              {t("advantage.open")} →
            </Link>
          </div>
          {analyses.length === 0 ? (
            <p className="mt-2 text-sm text-slate-500">{t("detail.analysesEmpty")}</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100">
              {analyses.map((a) => {
                const s = summarizeAnalysis(a.rows);
                return (
                  <li key={a.competitor} className="py-2 text-sm">
                    <Link href={`/products/${p.id}/advantage?vs=${encodeURIComponent(a.competitor)}`} className="hover:underline">
                      {t("detail.analysisLine", { competitor: a.competitor, own: s.own ?? "—", theirs: s.competitor ?? "—" })}
                    </Link>
                    {s.keyPoints.length > 0 && <span className="ml-2 text-xs text-emerald-700">{pn.list(s.keyPoints.map((k) => k.dimension))}</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </section>

        <div className="flex flex-wrap gap-2">
          {can(viewer, "deal:view") && (
            <Link href={`/deals?product=${p.id}`} className="btn-secondary">
              <Handshake aria-hidden className="size-4" />
              {t("detail.deals")}
            </Link>
          )}
          <LessonLinks slugs={["product-presentation"]} />
        </div>
      </div>
    </ClientMessages>
  );
}
