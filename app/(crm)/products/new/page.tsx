import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { ProductForm } from "@/components/products/product-form";
import { getDb } from "@/db/client";
import { getProductCategories } from "@/db/queries/products";
import { requirePermission } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("product"))("form.newTitle") };
}

export default async function NewProductPage() {
  await requirePermission("product:manage");
  const [t, categories] = await Promise.all([getTranslations("product"), getProductCategories(await getDb())]);
  return (
    <ClientMessages namespaces={["product"]}>
      <div className="mx-auto max-w-3xl space-y-4">
        <h1 className="text-2xl font-semibold">{t("form.newTitle")}</h1>
        <ProductForm initial={{}} categories={categories} />
      </div>
    </ClientMessages>
  );
}
