import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { PlanForm } from "@/components/plans/plan-forms";
import { addDays, today as companyToday } from "@/lib/dates";
import { requirePermission } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("plans"))("new") };
}

export default async function NewPlanPage() {
  await requirePermission("plan:create");
  const t = await getTranslations("plans");
  const today = companyToday();
  return (
    <ClientMessages namespaces={["plans"]}>
      <div className="space-y-4">
        <p className="text-sm text-slate-500">
          <Link href="/plans" className="hover:underline">
            {t("title")}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{t("new")}</h1>
        <PlanForm initial={{ period: "week", startDate: today, endDate: addDays(today, 6) }} />
      </div>
    </ClientMessages>
  );
}
