import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { Presentation } from "@/components/products/presentation";
import { getDb } from "@/db/client";
import { getFabEntries, getProductById } from "@/db/queries/products";
import { requireViewer } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ type?: string | string[] }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("product.present"))("title") };
}

/** FAB 演示: the product's chains one at a time, for reading aloud to a customer (?type= picks a customer type). */
export default async function PresentPage({ params, searchParams }: Props) {
  const viewer = await requireViewer();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const p = await getProductById(db, viewer, id);
  if (!p) notFound();
  const [chains, sp] = await Promise.all([getFabEntries(db, viewer, id), searchParams]);
  const type = typeof sp.type === "string" ? sp.type : undefined;
  return (
    <ClientMessages namespaces={["product.present"]}>
      <Presentation
        productId={p.id}
        productName={p.name}
        initialType={type}
        chains={chains.map((c) => ({ id: c.id, customerType: c.customerType, feature: c.feature, advantage: c.advantage, benefit: c.benefit }))}
      />
    </ClientMessages>
  );
}
