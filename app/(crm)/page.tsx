import { BookOpen, Plus, Search } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { StageBadge } from "@/components/customers/stage-badge";
import { MonthForecast } from "@/components/dashboard/month-forecast";
import { TeamMonth } from "@/components/dashboard/team-month";
import { TodayTasks } from "@/components/dashboard/today-tasks";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { countCustomersByStage, listCustomers } from "@/db/queries/customers";
import { roleLabel } from "@/lib/permissions";
import { getMonthForecast, getTeamMonth } from "@/db/queries/dashboard";
import { requireViewer } from "@/lib/session";
import { STAGE_ORDER } from "@/lib/stages";
import { today } from "@/lib/dates";
import { can } from "@/lib/viewer";
import { GetForm } from "@/components/ui/get-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard"))("title") };
}
import { inboxFor } from "./reminders/inbox";

/**
 * 工作台 per role: everyone's 今日任务 first (from the materialised reminder inbox), then this month's forecast
 * against actual; a manager's team per rep and the GM's company per unit this month, with who has overdue
 * follow-ups; then the five-level counts and recent customers.
 */
export default async function DashboardPage() {
  const viewer = await requireViewer();
  const t = await getTranslations();
  const sales = can(viewer, "customer:view");
  const db = await getDb();
  const team = viewer.dataScope === "all" ? "unit" : viewer.dataScope === "unit" || viewer.dataScope === "unit_tree" ? "owner" : null;
  const [byStage, recent, inbox, month, teamRows] = sales
    ? await Promise.all([
        countCustomersByStage(db, viewer),
        listCustomers(db, viewer, { sort: "updated", dir: "desc" }, 6),
        // 今日任务: what is due today or overdue, the most urgent 50 of each kind (the badge counts them all)
        inboxFor(viewer, { limit: 50, dueBy: today() }),
        getMonthForecast(db, viewer, today()),
        team ? getTeamMonth(db, viewer, today(), team) : Promise.resolve([]),
      ])
    : [{}, { rows: [] }, null, null, []];
  const total = Object.values(byStage).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("dashboard.hello", { name: viewer.name })}</h1>
        <p className="text-sm text-slate-500">
          {viewer.orgUnitName} · {roleLabel(t, { code: viewer.roleCode, name: viewer.roleName })} · {t(`dashboard.scope.${viewer.dataScope}`)}
        </p>
      </div>

      {sales && inbox && month ? (
        <>
          <ClientMessages namespaces={["reminders", "marketing.greetings"]}>
            <TodayTasks reminders={inbox.reminders} today={inbox.today} />
          </ClientMessages>
          <MonthForecast m={month} />
          {team && <TeamMonth rows={teamRows} by={team} overdue={inbox.team} />}
          <GetForm action="/customers" role="search" className="flex gap-2">
            <label htmlFor="dash-q" className="sr-only">
              {t("customer.list.search")}
            </label>
            <div className="relative flex-1">
              <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" />
              <input id="dash-q" name="q" type="search" maxLength={50} placeholder={t("customer.list.searchPlaceholder")} className="input pl-9" />
            </div>
            <button className="btn-primary" type="submit">
              {t("customer.list.searchButton")}
            </button>
          </GetForm>

          <section aria-labelledby="stages-title">
            <h2 id="stages-title" className="mb-2 text-base font-semibold">
              {t("dashboard.byStage", { total })}
            </h2>
            <ul className="grid grid-cols-2 gap-3 sm:grid-cols-5">
              {STAGE_ORDER.map((s) => (
                <li key={s}>
                  <Link href={`/customers?stage=${s}`} className="card block p-4 hover:border-brand-200">
                    <StageBadge stage={s} />
                    <p className="mt-2 text-2xl font-semibold tabular-nums">{byStage[s] ?? 0}</p>
                  </Link>
                </li>
              ))}
            </ul>
          </section>

          <section className="card p-4" aria-labelledby="recent-title">
            <div className="mb-2 flex items-center justify-between">
              <h2 id="recent-title" className="text-base font-semibold">
                {t("dashboard.recent")}
              </h2>
              {can(viewer, "customer:create") && (
                <Link href="/customers/new" className="btn-secondary min-h-9">
                  <Plus aria-hidden className="size-4" />
                  {t("customer.list.new")}
                </Link>
              )}
            </div>
            {recent.rows.length === 0 ? (
              <p className="text-sm text-slate-500">{t("customer.list.empty")}</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {recent.rows.map((r) => (
                  <li key={r.id}>
                    <Link href={`/customers/${r.id}`} prefetch={false} className="flex items-center justify-between py-2 hover:bg-slate-50">
                      <span>
                        <span className="font-medium">{r.name}</span>
                        {r.companyName && r.kind === "individual" && <span className="text-sm text-slate-500"> · {r.companyName}</span>}
                      </span>
                      <StageBadge stage={r.stage} />
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : (
        <section className="card p-6">
          <p className="text-slate-600">{t("dashboard.adminNote")}</p>
        </section>
      )}

      <section className="card flex items-center gap-3 p-4">
        <BookOpen aria-hidden className="size-6 text-brand-600" />
        <div className="flex-1">
          <p className="font-medium">{t("dashboard.trainingTitle")}</p>
          <p className="text-sm text-slate-500">{t("dashboard.trainingBody")}</p>
        </div>
        <Link href="/training" className="btn-secondary">
          {t("dashboard.trainingGo")}
        </Link>
      </section>
    </div>
  );
}
