import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { PlanForm } from "@/components/plans/plan-forms";
import { getDb } from "@/db/client";
import { getPlanById } from "@/db/queries/plans";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("plans"))("edit") };
}

export default async function EditPlanPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("plan:create");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const row = await getPlanById(await getDb(), viewer, id);
  // only the owner edits; anyone else (even a manager in scope) gets not found
  if (!row || row.plan.ownerId !== viewer.id) notFound();
  const t = await getTranslations("plans");
  const p = row.plan;
  return (
    <ClientMessages namespaces={["plans"]}>
      <div className="space-y-4">
        <p className="text-sm text-slate-500">
          <Link href="/plans" className="hover:underline">
            {t("title")}
          </Link>{" "}
          /{" "}
          <Link href={`/plans/${p.id}`} className="hover:underline">
            {p.subject}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{t("edit")}</h1>
        <PlanForm id={p.id} initial={p} locked={p.reviewStatus === "approved"} />
      </div>
    </ClientMessages>
  );
}
