import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DealForm } from "@/components/deals/deal-form";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getCustomerById } from "@/db/queries/customers";
import { getProcesses, getProductOptions } from "@/db/queries/deals";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("deal"))("newTitle") };
}

export default async function NewDealPage({ searchParams }: { searchParams: Promise<{ customer?: string }> }) {
  const viewer = await requirePermission("deal:create");
  const { customer } = await searchParams;
  const db = await getDb();
  const [t, processes, products, c] = await Promise.all([
    getTranslations("deal"),
    getProcesses(db),
    getProductOptions(db),
    isUuid(customer) ? getCustomerById(db, viewer, customer) : Promise.resolve(null),
  ]);
  return (
    <ClientMessages namespaces={["deal", "picker"]}>
      <div className="mx-auto max-w-3xl space-y-4">
        <h1 className="text-2xl font-semibold">{t("newTitle")}</h1>
        <DealForm processes={processes} products={products} customer={c ? { id: c.id, label: c.name } : undefined} />
      </div>
    </ClientMessages>
  );
}
