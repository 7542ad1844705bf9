import { AlertTriangle, Hourglass, Settings } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { PushToggle } from "@/components/reminders/push-toggle";
import { ReminderItem as Item } from "@/components/reminders/reminder-item";
import { REMINDER_GROUPS } from "@/lib/reminders/engine";
import { REMINDER_KINDS, type ReminderKind } from "@/lib/reminders/kinds";
import { requireViewer } from "@/lib/session";
import { can } from "@/lib/viewer";
import { inboxFor } from "./inbox";
import { LessonLinks } from "@/components/training/lesson-links";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reminders"))("title") };
}

/** Each kind shows the most urgent first, up to this many (a rep with thousands of customers can have hundreds). */
const PER_KIND = 50;

export default async function RemindersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const sp = await searchParams;
  const showAll = sp.show === "all";
  const [t, inbox] = await Promise.all([getTranslations("reminders"), inboxFor(viewer)]);
  const tf = await getTranslations("forgetting");
  const open = inbox.reminders.filter((r) => r.status === "open");
  const handled = inbox.reminders.length - open.length;
  const shown = showAll ? inbox.reminders : open;
  const byKind = (kind: ReminderKind) => shown.filter((r) => r.kind === kind);

  return (
    <ClientMessages namespaces={["reminders"]}>
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold">{t("title")}</h1>
            <p className="text-sm text-slate-500" aria-live="polite">
              {t("subtitle", { date: inbox.today, count: open.length })}
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <PushToggle />
            {handled > 0 && (
              <Link href={showAll ? "/reminders" : "/reminders?show=all"} className="btn-secondary">
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

        {inbox.issues.length > 0 && (
          <section className="rounded-xl border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" aria-labelledby="issues-title">
            <h2 id="issues-title" className="mb-1 flex items-center gap-2 font-semibold">
              <AlertTriangle aria-hidden className="size-4" />
              {t("issuesTitle")}
            </h2>
            <ul className="space-y-1">
              {inbox.issues.map((i) => (
                <li key={i.customerId}>
                  {i.customerName}：{i.message}{" "}
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

        {shown.length === 0 ? (
          <p className="card p-8 text-center text-slate-500">{t("empty")}</p>
        ) : (
          <div className="grid gap-4">
            {REMINDER_GROUPS.map((g) => {
              const kinds = REMINDER_KINDS.filter((k) => (g === "today" ? k === "today_task" : g === "plan" ? k === "plan" : k !== "today_task" && k !== "plan"));
              const count = kinds.reduce((n, k) => n + byKind(k).length, 0);
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
                      return (
                        <div key={k} className="mt-2">
                          {g === "business" && (
                            <h3 id={`kind-${k}`} className="mt-3 text-sm font-medium text-slate-500">
                              {t(`kinds.${k}`)} <span className="tabular-nums">({items.length})</span>
                            </h3>
                          )}
                          <ul className="divide-y divide-slate-100" aria-labelledby={g === "business" ? `kind-${k}` : `grp-${g}`}>
                            {items.slice(0, PER_KIND).map((r) => (
                              <Item key={r.dedupeKey} r={r} t={t} today={inbox.today} />
                            ))}
                          </ul>
                          {items.length > PER_KIND && (
                            <p className="py-2 text-sm text-slate-500">
                              {t("more", { count: items.length - PER_KIND })}
                              {k === "forgetting_touch" && (
                                <>
                                  {" "}
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
