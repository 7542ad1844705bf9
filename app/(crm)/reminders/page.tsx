import { AlertTriangle, ArrowLeft, Hourglass, Settings } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { NotificationList } from "@/components/team/notifications";
import { getDb } from "@/db/client";
import { listNotifications } from "@/db/queries/team";
import { localizeMessage } from "@/lib/validation/messages-en";
import { ClientMessages } from "@/components/intl/client-messages";
import { PushToggle } from "@/components/reminders/push-toggle";
import { ReminderItem as Item } from "@/components/reminders/reminder-item";
import type { Locale } from "@/i18n/config";
import { REMINDER_GROUPS } from "@/lib/reminders/engine";
import { REMINDER_KINDS, type ReminderKind } from "@/lib/reminders/kinds";
import { requireViewer } from "@/lib/session";
import { can } from "@/lib/viewer";
import { z } from "zod";
import { filterEnum } from "@/lib/validation/common";
import { inboxFor } from "./inbox";
import { LessonLinks } from "@/components/training/lesson-links";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reminders"))("title") };
}

/**
 * The overview shows the most urgent items of each kind (a rep with thousands of customers has hundreds of
 * touches and follow-ups); "all N" opens that kind alone, a page at a time.
 */
const OVERVIEW_PER_KIND = 10;
const KIND_PAGE = 50;

const querySchema = z.object({
  show: filterEnum(["all"] as const),
  kind: filterEnum(REMINDER_KINDS),
  after: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.coerce.number().int().min(0).max(2_000_000_000).optional().catch(undefined)),
});

function inboxHref(p: { show?: "all"; kind?: ReminderKind; after?: number }) {
  const q = new URLSearchParams();
  if (p.show) q.set("show", p.show);
  if (p.kind) q.set("kind", p.kind);
  if (p.after !== undefined) q.set("after", String(p.after));
  const s = q.toString();
  return s ? `/reminders?${s}` : "/reminders";
}

export default async function RemindersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const pn = punct(await getLocale());
  const viewer = await requireViewer();
  const q = querySchema.parse(await searchParams);
  const showAll = q.show === "all";
  const [t, inbox, notes, format] = await Promise.all([
    getTranslations("reminders"),
    inboxFor(viewer, { kind: q.kind, after: q.kind ? q.after : undefined, limit: q.kind ? KIND_PAGE : OVERVIEW_PER_KIND, handled: showAll }),
    listNotifications(await getDb(), viewer),
    getFormatter(),
  ]);
  const tf = await getTranslations("forgetting");
  const locale = (await getLocale()) as Locale;
  const countOf = (k: ReminderKind) => (inbox.counts[k]?.open ?? 0) + (showAll ? (inbox.counts[k]?.handled ?? 0) : 0);
  const open = REMINDER_KINDS.reduce((n, k) => n + (inbox.counts[k]?.open ?? 0), 0);
  const handled = REMINDER_KINDS.reduce((n, k) => n + (inbox.counts[k]?.handled ?? 0), 0);
  const shown = inbox.reminders;
  const byKind = (kind: ReminderKind) => shown.filter((r) => r.kind === kind);

  return (
    <ClientMessages namespaces={["reminders", "team", "marketing.greetings"]}>
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold">{t("title")}</h1>
            <p className="text-sm text-slate-500" aria-live="polite">
              {t("subtitle", { date: inbox.today, count: open })}
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <PushToggle />
            {handled > 0 && (
              <Link href={inboxHref({ show: showAll ? undefined : "all", kind: q.kind })} className="btn-secondary">
                {showAll ? t("hideHandled") : t("showHandled", { count: handled })}
              </Link>
            )}
            <Link href="/reminders/forgetting" className="btn-secondary">
              <Hourglass aria-hidden className="size-4" />
              {tf("link")}
            </Link>
            {can(viewer, "admin:org") && (
              <Link href="/reminders/settings" className="btn-secondary">
                <Settings aria-hidden className="size-4" />
                {tf("settingsLink")}
              </Link>
            )}
            <LessonLinks slugs={["build-relationships"]} />
          </div>
        </div>

        <NotificationList items={notes.map((n) => ({ ...n, title: localizeMessage(n.title, locale), at: n.createdAt.toISOString(), atLabel: format.dateTime(n.createdAt, { dateStyle: "short", timeStyle: "short" }), readAt: n.readAt?.toISOString() ?? null }))} />

        {inbox.issues.length > 0 && (
          <section className="rounded-xl border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" aria-labelledby="issues-title">
            <h2 id="issues-title" className="mb-1 flex items-center gap-2 font-semibold">
              <AlertTriangle aria-hidden className="size-4" />
              {t("issuesTitle")}
            </h2>
            <ul className="space-y-1">
              {inbox.issues.map((i) => (
                <li key={i.customerId}>
                  {i.customerName}{(pn.colon)}{i.message}{" "}
                  <Link href={`/customers/${i.customerId}/edit`} className="font-medium underline">
                    {t("fixIt")}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        )}

        {inbox.team.length > 0 ? (
          <section className="card p-4" aria-labelledby="team-title">
            <h2 id="team-title" className="text-base font-semibold">
              {t("team.title")}
            </h2>
            <p className="text-sm text-slate-500">{t("team.subtitle")}</p>
            <div className="mt-2 overflow-x-auto">
              <table className="w-full text-sm">
                <thead className="text-left text-slate-500">
                  <tr>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      {t("team.person")}
                    </th>
                    <th scope="col" className="py-1 pr-3 text-right font-medium">
                      {t("team.overdue")}
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      {t("team.toReview")}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {inbox.team.map((m) => (
                    <tr key={m.userId} data-testid="team-row">
                      <td className="py-1.5 pr-3">
                        {m.name} <span className="text-slate-400">· {m.unitName}</span>
                      </td>
                      <td className="py-1.5 pr-3 text-right tabular-nums">
                        {m.overdueFollowUps > 0 ? (
                          <Link href={`/customers?owner=${m.userId}`} className="text-red-700 hover:underline">
                            {m.overdueFollowUps}
                          </Link>
                        ) : (
                          0
                        )}
                      </td>
                      <td className="py-1.5 text-right tabular-nums">
                        {m.plansToReview > 0 && can(viewer, "plan:review") ? (
                          <Link href="/plans/review" className="text-brand-700 hover:underline" aria-label={`${t("team.review")} ${m.name}`}>
                            {m.plansToReview}
                          </Link>
                        ) : (
                          m.plansToReview
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : (
          viewer.dataScope !== "self" &&
          viewer.dataScope !== "none" && <p className="card p-4 text-sm text-slate-500">{t("team.empty")}</p>
        )}

        {q.kind ? (
          <section className="card p-4" aria-labelledby={`kind-${q.kind}`}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 id={`kind-${q.kind}`} className="flex items-center gap-2 text-base font-semibold">
                {t(`kinds.${q.kind}`)}
                <span className="chip bg-slate-100 text-slate-600 tabular-nums">{countOf(q.kind)}</span>
              </h2>
              <Link href={inboxHref({ show: q.show })} className="text-sm text-brand-700 hover:underline">
                <ArrowLeft aria-hidden className="mr-1 inline size-4" />
                {t("backToAll")}
              </Link>
            </div>
            {shown.length === 0 ? (
              <p className="py-2 text-sm text-slate-400">{t("emptyGroup")}</p>
            ) : (
              <ul className="divide-y divide-slate-100" aria-labelledby={`kind-${q.kind}`}>
                {shown.map((r) => (
                  <Item key={r.dedupeKey} r={r} t={t} today={inbox.today} locale={locale} />
                ))}
              </ul>
            )}
            <nav aria-label={t("pagination")} className="mt-3 flex items-center justify-between">
              {q.after !== undefined ? (
                <Link href={inboxHref({ show: q.show, kind: q.kind })} className="btn-secondary">
                  {t("firstPage")}
                </Link>
              ) : (
                <span />
              )}
              {inbox.nextAfter !== null && (
                <Link href={inboxHref({ show: q.show, kind: q.kind, after: inbox.nextAfter })} className="btn-secondary" rel="next">
                  {t("nextPage")}
                </Link>
              )}
            </nav>
          </section>
        ) : shown.length === 0 ? (
          <p className="card p-8 text-center text-slate-500">{t("empty")}</p>
        ) : (
          <div className="grid gap-4">
            {REMINDER_GROUPS.map((g) => {
              const kinds = REMINDER_KINDS.filter((k) => (g === "today" ? k === "today_task" : g === "plan" ? k === "plan" : k !== "today_task" && k !== "plan"));
              const count = kinds.reduce((n, k) => n + countOf(k), 0);
              return (
                <section key={g} className="card p-4" aria-labelledby={`grp-${g}`}>
                  <h2 id={`grp-${g}`} className="flex items-center gap-2 text-base font-semibold">
                    {t(`groups.${g}`)}
                    <span className="chip bg-slate-100 text-slate-600">{count}</span>
                  </h2>
                  {count === 0 ? (
                    <p className="py-2 text-sm text-slate-400">{t("emptyGroup")}</p>
                  ) : (
                    kinds.map((k) => {
                      const items = byKind(k);
                      if (!items.length) return null;
                      const total = countOf(k);
                      return (
                        <div key={k} className="mt-2">
                          {g === "business" && (
                            <h3 id={`kind-${k}`} className="mt-3 text-sm font-medium text-slate-500">
                              {t(`kinds.${k}`)} <span className="tabular-nums">({total})</span>
                            </h3>
                          )}
                          <ul className="divide-y divide-slate-100" aria-labelledby={g === "business" ? `kind-${k}` : `grp-${g}`}>
                            {items.map((r) => (
                              <Item key={r.dedupeKey} r={r} t={t} today={inbox.today} locale={locale} />
                            ))}
                          </ul>
                          {total > items.length && (
                            <p className="py-2 text-sm">
                              <Link href={inboxHref({ show: q.show, kind: k })} className="font-medium text-brand-700 hover:underline">
                                {t("allOfKind", { count: total, kind: t(`kinds.${k}`) })}
                              </Link>
                              {k === "forgetting_touch" && (
                                <>
                                  {" · "}
                                  <Link href="/reminders/forgetting" className="text-brand-700 hover:underline">
                                    {tf("link")}
                                  </Link>
                                </>
                              )}
                            </p>
                          )}
                        </div>
                      );
                    })
                  )}
                </section>
              );
            })}
          </div>
        )}
      </div>
    </ClientMessages>
  );
}
