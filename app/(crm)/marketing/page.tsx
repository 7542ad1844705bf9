import { Mail, MessageSquare } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { LessonLinks } from "@/components/training/lesson-links";
import { CampaignBar } from "@/components/marketing/campaign-bar";
import { getDb } from "@/db/client";
import { getGreetingSettings, listCampaigns, listTemplates, pendingApprovals } from "@/db/queries/marketing";
import { ClientMessages } from "@/components/intl/client-messages";
import { GreetingsForm } from "@/components/marketing/greetings-form";
import { transportName } from "@/lib/marketing/transports";
import { requirePermission } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("marketing") };
}

export default async function MarketingPage() {
  const viewer = await requirePermission("marketing:send");
  const db = await getDb();
  const [t, format, campaigns, greetings, templates, pending] = await Promise.all([
    getTranslations("marketing"),
    getFormatter(),
    listCampaigns(db, viewer),
    getGreetingSettings(db, viewer.id),
    listTemplates(db, viewer),
    pendingApprovals(db, viewer),
  ]);
  const email = transportName("email");
  const sms = transportName("sms");
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <LessonLinks slugs={["sms-effectiveness", "email-effectiveness"]} />
          <Link href="/marketing/sms" className="btn-primary">
            <MessageSquare aria-hidden className="size-4" />
            {t("newSms")}
          </Link>
          <Link href="/marketing/email" className="btn-primary">
            <Mail aria-hidden className="size-4" />
            {t("newEmail")}
          </Link>
        </div>
      </div>
      <ul className="grid gap-2 text-sm sm:grid-cols-2" aria-label={t("transports")}>
        <li className={email === "file" ? "card border-amber-200 bg-amber-50 p-3 text-amber-900" : "card p-3"}>{t(`transport.email.${email}`)}</li>
        <li className={sms === "file" ? "card border-amber-200 bg-amber-50 p-3 text-amber-900" : "card p-3"}>{t(`transport.sms.${sms}`)}</li>
      </ul>
      <section className="card space-y-3 p-4" aria-labelledby="greet-h">
        <h2 id="greet-h" className="font-semibold">
          {t("greetings.title")}
        </h2>
        <ClientMessages namespaces={["marketing"]}>
          <GreetingsForm settings={greetings} templates={templates.map((x) => ({ id: x.id, name: x.name, channel: x.channel }))} pending={pending} />
        </ClientMessages>
      </section>
      <section className="card" aria-labelledby="camp-h">
        <h2 id="camp-h" className="border-b border-slate-100 px-4 py-3 font-semibold">
          {t("campaigns")}
        </h2>
        {campaigns.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">{t("noCampaigns")}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {campaigns.map((c) => (
              <li key={c.id} className="p-4">
                <Link href={`/marketing/campaigns/${c.id}`} className="font-medium text-brand-700 hover:underline">
                  {c.name}
                </Link>
                <span className="ml-2 chip bg-slate-100 text-slate-600">{t(`channel.${c.channel}`)}</span>
                <span className="ml-2 text-xs text-slate-500">
                  {format.dateTime(c.createdAt, { dateStyle: "medium", timeStyle: "short" })} {c.ownerName}
                </span>
                <CampaignBar total={c.total} progress={c.progress} compact />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
