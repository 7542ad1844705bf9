import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { ProductForm } from "@/components/products/product-form";
import { getDb } from "@/db/client";
import { getProductById, getProductCategories } from "@/db/queries/products";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("product"))("form.editTitle") };
}

export default async function EditProductPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("product:manage");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const p = await getProductById(db, viewer, id);
  // an archived product is restored before it is edited
  if (!p || p.archivedAt) notFound();
  const [t, categories] = await Promise.all([getTranslations("product"), getProductCategories(db)]);
  return (
    <ClientMessages namespaces={["product"]}>
      <div className="mx-auto max-w-3xl space-y-4">
        <h1 className="text-2xl font-semibold">
          {t("form.editTitle")}{(punct(await getLocale()).colon)}{p.name}
        </h1>
        <ProductForm id={p.id} initial={{ name: p.name, category: p.category, price: p.price, unit: p.unit, description: p.description, version: p.version }} categories={categories} />
      </div>
    </ClientMessages>
  );
}
