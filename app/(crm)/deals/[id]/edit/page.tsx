import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { DealForm } from "@/components/deals/deal-form";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getDealById, getProductOptions } from "@/db/queries/deals";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("deal"))("editTitle") };
}

/** 修改收入预测 of one deal (out of scope = 404). */
export default async function EditDealPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("deal:edit");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const [d, products, t] = await Promise.all([getDealById(db, viewer, id), getProductOptions(db), getTranslations("deal")]);
  if (!d) notFound();
  // an archived product the deal still names stays selectable
  const options = d.productId && !products.some((p) => p.id === d.productId) ? [...products, { id: d.productId, name: d.productName ?? "—" }] : products;
  return (
    <ClientMessages namespaces={["deal", "picker"]}>
      <div className="mx-auto max-w-3xl space-y-4">
        <p className="text-sm text-slate-500">
          <Link href={`/deals/${d.id}`} className="hover:underline">
            {d.title}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{t("editTitle")}</h1>
        <DealForm
          processes={[]}
          products={options}
          deal={{
            id: d.id,
            version: d.version,
            title: d.title,
            productId: d.productId,
            expectedAmount: d.expectedAmount,
            expectedDate: d.expectedDate,
            probability: d.probability,
            open: d.status === "open",
            customerName: d.customerName,
            processName: d.processName,
          }}
        />
      </div>
    </ClientMessages>
  );
}
