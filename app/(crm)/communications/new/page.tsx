import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { CommunicationForm } from "@/components/communications/communication-form";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getCustomerById } from "@/db/queries/customers";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { nowLocal } from "@/lib/dates";
import { LessonLinks } from "@/components/training/lesson-links";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("comm"))("newTitle") };
}

/** 快速记录: the one-screen quick form for a rep on the phone right after a visit or a call. */
export default async function NewCommunicationPage({ searchParams }: { searchParams: Promise<{ customer?: string }> }) {
  const viewer = await requirePermission("communication:create");
  const { customer: customerId } = await searchParams;
  const t = await getTranslations("comm");
  const c = isUuid(customerId) ? await getCustomerById(await getDb(), viewer, customerId) : null;
  const now = nowLocal();
  return (
    <ClientMessages namespaces={["comm", "picker"]}>
      <div className="mx-auto max-w-2xl space-y-4">
        <div className="flex items-center justify-between gap-2">
          <h1 className="text-xl font-semibold sm:text-2xl">{t("newTitle")}</h1>
          <LessonLinks module="/communications" variant="inline" />
        </div>
        <div className="card p-4">
          {c && (
            <p className="mb-3 flex items-center justify-between text-sm">
              <span>
                {t("fields.customer")}{(punct(await getLocale()).colon)}<strong>{c.name}</strong>
              </span>
              <Link href="/communications/new" className="text-brand-700 hover:underline">
                {t("changeCustomer")}
              </Link>
            </p>
          )}
          <CommunicationForm compact now={now} today={now.slice(0, 10)} customer={c ? { id: c.id, label: c.name } : undefined} />
        </div>
      </div>
    </ClientMessages>
  );
}
