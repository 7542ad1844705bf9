import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ReminderSettingsForm } from "@/components/forgetting/settings-form";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getReminderSettings } from "@/db/queries/reminders";
import { ADVANCE_KINDS } from "@/lib/reminders/kinds";
import { requirePermission } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("forgetting"))("settingsTitle") };
}

/** Admin: forgetting-curve intervals (app_settings forgetting_curve_days) and advance notice per kind. */
export default async function ReminderSettingsPage() {
  await requirePermission("admin:org");
  const [t, tr, s] = await Promise.all([getTranslations("forgetting"), getTranslations("reminders"), getReminderSettings(await getDb())]);
  return (
    <ClientMessages namespaces={["forgetting"]}>
      <div className="space-y-4">
        <p className="text-sm text-slate-500">
          <Link href="/reminders" className="hover:underline">
            {t("back")}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{t("settingsTitle")}</h1>
        <ReminderSettingsForm touchDays={s.touchDays} advance={s.advance} kinds={ADVANCE_KINDS.map((k) => ({ key: k, label: tr(`kinds.${k}`) }))} />
      </div>
    </ClientMessages>
  );
}
