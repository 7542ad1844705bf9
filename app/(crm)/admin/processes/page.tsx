import { KanbanSquare } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { NewProcessForm, ProcessCard } from "@/components/processes/process-admin";
import { getDb } from "@/db/client";
import { getProductOptions } from "@/db/queries/deals";
import { getProcessAdmin } from "@/db/queries/processes";
import { requirePermission } from "@/lib/session";
import { can } from "@/lib/viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("processes") };
}

/** 流程管理 (admin:processes): processes per product or project, their ordered stages and probabilities. */
export default async function ProcessAdminPage() {
  const viewer = await requirePermission("admin:processes");
  const db = await getDb();
  const [t, processes, products] = await Promise.all([getTranslations("processAdmin"), getProcessAdmin(db, viewer), getProductOptions(db)]);
  return (
    <ClientMessages namespaces={["processAdmin"]}>
      <div className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="max-w-2xl">
            <h1 className="text-2xl font-semibold">{t("title")}</h1>
            <p className="text-sm text-slate-500">{t("subtitle")}</p>
          </div>
          {can(viewer, "deal:view") && (
            <Link href="/pipeline" className="btn-secondary">
              <KanbanSquare aria-hidden className="size-4" />
              {(await getTranslations("modules"))("pipeline")}
            </Link>
          )}
        </div>
        <NewProcessForm products={products} />
        {processes.map((p) => (
          <ProcessCard
            key={p.id}
            products={products}
            process={{
              id: p.id,
              name: p.name,
              description: p.description,
              productId: p.productId,
              productName: p.productName,
              isDefault: p.isDefault,
              archived: !!p.archivedAt,
              version: p.version,
              stages: p.stages.map((s) => ({ id: s.id, name: s.name, sort: s.sort, probability: s.probability, openDeals: s.openDeals, archived: !!s.archivedAt })),
            }}
          />
        ))}
      </div>
    </ClientMessages>
  );
}
