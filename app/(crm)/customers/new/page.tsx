import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CustomerForm } from "@/components/customers/customer-form";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getCustomerDictionaries } from "@/db/queries/dictionaries";
import { getOwnerOptions } from "@/db/queries/users";
import { getValueGradeRules } from "@/db/queries/value-grades";
import { requirePermission } from "@/lib/session";
import { can } from "@/lib/viewer";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customer"))("newTitle") };
}

export default async function NewCustomerPage() {
  const viewer = await requirePermission("customer:create");
  const db = await getDb();
  const [t, dictionaries, owners, gradeRules] = await Promise.all([getTranslations("customer"), getCustomerDictionaries(db), getOwnerOptions(db, viewer), getValueGradeRules(db)]);
  return (
    <ClientMessages namespaces={["customer", "picker"]}>
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">{t("newTitle")}</h1>
        <CustomerForm
          initial={{ kind: "individual", stage: "potential", ownerId: viewer.id }}
          dictionaries={dictionaries}
          owners={owners}
          canAssign={can(viewer, "customer:assign")}
          grades={gradeRules.grades.map((g) => ({ code: g.code, label: g.label }))}
        />
      </div>
    </ClientMessages>
  );
}
