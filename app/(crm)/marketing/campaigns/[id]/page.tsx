import clsx from "clsx";
import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { CampaignLive } from "@/components/marketing/campaign-live";
import { getDb } from "@/db/client";
import { campaignProgress, deliveryLog, getCampaign } from "@/db/queries/marketing";
import { AppError } from "@/lib/errors";
import { requirePermission } from "@/lib/session";
import { filterCursor, filterEnum, isUuid } from "@/lib/validation/common";
import { notFound } from "next/navigation";

type Params = { id: string };
type SP = Record<string, string | string[] | undefined>;
const STATUSES = ["queued", "sending", "sent", "failed", "skipped"] as const;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("marketing"))("campaign") };
}

const TONE: Record<string, string> = { sent: "bg-emerald-50 text-emerald-700", failed: "bg-red-50 text-red-700", skipped: "bg-slate-100 text-slate-600", queued: "bg-brand-50 text-brand-700", sending: "bg-amber-50 text-amber-700" };

/** One campaign: its progress (live while sending) and the per-recipient delivery log. */
export default async function CampaignPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<SP> }) {
  const viewer = await requirePermission("marketing:send");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const sp = await searchParams;
  const status = filterEnum(STATUSES).parse(sp.status);
  const after = filterCursor.parse(sp.after);
  const db = await getDb();
  const c = await getCampaign(db, viewer, id).catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const [t, format, progress, log] = await Promise.all([getTranslations("marketing"), getFormatter(), campaignProgress(db, c.id), deliveryLog(db, viewer, c.id, { status, after: after && isUuid(after) ? after : null })]);
  const qs = (patch: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ status, ...patch })) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `?${s}` : "";
  };
  return (
    <ClientMessages namespaces={["marketing"]}>
      <div className="space-y-4">
        <div>
          <p className="text-sm">
            <Link href="/marketing" className="text-brand-700 hover:underline">
              {t("title")}
            </Link>
          </p>
          <h1 className="text-2xl font-semibold">{c.name}</h1>
          <p className="text-sm text-slate-500">
            {t(`channel.${c.channel}`)} · {t("total", { n: c.total })} · {format.dateTime(c.createdAt, { dateStyle: "medium", timeStyle: "short" })} · {t(`transportShort.${c.transport}`)}
          </p>
        </div>
        <section className="card p-4">
          <CampaignLive id={c.id} total={c.total} status={c.status} progress={progress} />
        </section>
        <section className="card" aria-labelledby="log-h">
          <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
            <h2 id="log-h" className="font-semibold">
              {t("log")}
            </h2>
            <nav className="flex flex-wrap gap-1 text-sm" aria-label={t("logFilter")}>
              {[undefined, ...STATUSES].map((s) => (
                <Link key={s ?? "all"} href={`/marketing/campaigns/${c.id}${qs({ status: s })}`} className={clsx("chip", s === status ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-700")} aria-current={s === status ? "page" : undefined}>
                  {s ? t(`sendStatus.${s}`) : t("all")}
                </Link>
              ))}
            </nav>
          </div>
          {log.rows.length === 0 ? (
            <p className="p-4 text-sm text-slate-500">{t("logEmpty")}</p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="delivery-log">
              {log.rows.map((r) => (
                <li key={r.id} className="space-y-1 px-4 py-3 text-sm">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={`/customers/${r.customerId}`} className="font-medium text-brand-700 hover:underline">
                      {r.customerName}
                    </Link>
                    <span className="text-slate-500">{r.toAddress}</span>
                    <span className={clsx("chip", TONE[r.status])}>{t(`sendStatus.${r.status}`)}</span>
                    {r.sentAt && <span className="text-xs text-slate-500">{format.dateTime(r.sentAt, { timeStyle: "medium", dateStyle: "short" })}</span>}
                  </div>
                  {r.subject && <p className="font-medium text-slate-700">{r.subject}</p>}
                  <p className="line-clamp-2 break-words whitespace-pre-wrap text-slate-600">{r.body}</p>
                  {r.error && <p className="text-xs text-red-700">{r.error}</p>}
                </li>
              ))}
            </ul>
          )}
          {log.next && (
            <div className="border-t border-slate-100 p-3 text-center">
              <Link href={`/marketing/campaigns/${c.id}${qs({ after: log.next })}`} className="btn-secondary">
                {t("more")}
              </Link>
            </div>
          )}
        </section>
      </div>
    </ClientMessages>
  );
}
