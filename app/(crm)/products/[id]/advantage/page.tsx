import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { AdvantageWorkspace } from "@/components/products/advantage-workspace";
import { getDb } from "@/db/client";
import { getAnalyses, getProductById } from "@/db/queries/products";
import { canWriteSellingTools } from "@/lib/products";
import { requireViewer } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { LessonLinks } from "@/components/training/lesson-links";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ vs?: string | string[] }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("product.advantage"))("title") };
}

/** 产品优势分析模型 of one product: an analysis per competitor, its chart, and the grid editor. */
export default async function AdvantagePage({ params, searchParams }: Props) {
  const viewer = await requireViewer();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const p = await getProductById(db, viewer, id);
  if (!p) notFound();
  const [t, analyses, sp] = await Promise.all([getTranslations("product"), getAnalyses(db, viewer, id), searchParams]);
  const archived = !!p.archivedAt;
  return (
    <ClientMessages namespaces={["product.advantage"]}>
      <div className="space-y-4">
        <Link href={`/products/${p.id}`} className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-brand-700">
          <ArrowLeft aria-hidden className="size-4" />
          {p.name}
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold">{t("advantage.title")}</h1>
            <p className="text-sm text-slate-500">{t("advantage.subtitle")}</p>
          </div>
          <LessonLinks slugs={["advantage-analysis"]} />
        </div>
        {archived && (
          <p role="status" className="rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            {t("detail.archivedNotice")}
          </p>
        )}
        <AdvantageWorkspace
          productId={p.id}
          initial={typeof sp.vs === "string" ? sp.vs : undefined}
          canWrite={canWriteSellingTools(viewer) && !archived}
          analyses={analyses.map((a) => ({
            competitor: a.competitor,
            canEdit: a.canEdit,
            rows: a.rows.map((r) => ({ id: r.id, version: r.version, dimension: r.dimension, weight: r.weight, ownScore: r.ownScore, competitorScore: r.competitorScore, note: r.note, authorName: r.authorName })),
          }))}
        />
      </div>
    </ClientMessages>
  );
}
