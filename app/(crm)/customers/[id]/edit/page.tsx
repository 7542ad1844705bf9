import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { CustomerForm } from "@/components/customers/customer-form";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getCustomerById } from "@/db/queries/customers";
import { getCustomerDictionaries } from "@/db/queries/dictionaries";
import { getOwnerOptions } from "@/db/queries/users";
import { getValueGradeRules } from "@/db/queries/value-grades";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { can } from "@/lib/viewer";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customer"))("editTitle") };
}

export default async function EditCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("customer:edit");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const c = await getCustomerById(db, viewer, id);
  if (!c) notFound();
  const [t, dictionaries, owners, gradeRules] = await Promise.all([getTranslations("customer"), getCustomerDictionaries(db), getOwnerOptions(db, viewer), getValueGradeRules(db)]);
  const { circles, customDates, stageHistory: _h, contacts: _c, idCardMasked, ...fields } = c;
  return (
    <ClientMessages namespaces={["customer", "picker"]}>
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">
          {t("editTitle")}{(punct(await getLocale()).colon)}{c.name}
        </h1>
        <CustomerForm
          id={c.id}
          initial={{ ...fields, circleIds: circles.map((x) => x.id), customDates: customDates.map((d) => ({ label: d.label, date: d.date, notes: d.notes })) }}
          dictionaries={dictionaries}
          owners={owners}
          canAssign={can(viewer, "customer:assign")}
          grades={gradeRules.grades.map((g) => ({ code: g.code, label: g.label }))}
          introducerLabel={c.introducerName}
          companyLabel={c.companyLinkName}
          idCardMasked={idCardMasked}
        />
      </div>
    </ClientMessages>
  );
}
