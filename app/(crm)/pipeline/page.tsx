import { BarChart3 } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Kanban } from "@/components/deals/kanban";
import { ClientMessages } from "@/components/intl/client-messages";
import { getDb } from "@/db/client";
import { getPipeline, getProcesses } from "@/db/queries/deals";
import { getOwnerOptions } from "@/db/queries/users";
import { requirePermission } from "@/lib/session";
import { isUuid } from "@/lib/validation/common";
import { can } from "@/lib/viewer";
import { LessonLinks } from "@/components/training/lesson-links";
import { today as companyToday } from "@/lib/dates";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("pipeline") };
}

/** 销售流程 kanban: the open deals of one process, stage by stage. */
export default async function PipelinePage({ searchParams }: { searchParams: Promise<{ process?: string; owner?: string }> }) {
  const viewer = await requirePermission("deal:view");
  const sp = await searchParams;
  const db = await getDb();
  const [t, processes, owners] = await Promise.all([getTranslations("pipeline"), getProcesses(db), viewer.dataScope === "self" ? Promise.resolve([]) : getOwnerOptions(db, viewer)]);
  const process = processes.find((p) => p.id === sp.process) ?? processes.find((p) => p.isDefault) ?? processes[0];
  const owner = isUuid(sp.owner) ? sp.owner : undefined;
  const rows = process ? await getPipeline(db, viewer, process.id, { owner }) : [];
  const totals = new Map(rows.map((r) => [r.stageId, r.stageCount]));
  const today = companyToday();
  return (
    <ClientMessages namespaces={["pipeline", "deal"]}>
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold">{t("title")}</h1>
            <p className="text-sm text-slate-500">{t("subtitle")}</p>
          </div>
          <div className="flex flex-wrap gap-2">
            <LessonLinks slugs={["closing-customer-identification"]} />
            <Link href={`/analytics/funnel${process ? `?process=${process.id}` : ""}`} className="btn-secondary">
              <BarChart3 aria-hidden className="size-4" />
              {t("funnel")}
            </Link>
          </div>
        </div>
        <form method="get" className="card flex flex-wrap items-end gap-3 p-3">
          <div>
            <label htmlFor="pl-process" className="label">
              {t("process")}
            </label>
            <select id="pl-process" name="process" defaultValue={process?.id} className="input">
              {processes.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          {owners.length > 0 && (
            <div>
              <label htmlFor="pl-owner" className="label">
                {t("rep")}
              </label>
              <select id="pl-owner" name="owner" defaultValue={owner ?? ""} className="input">
                <option value="">{t("all")}</option>
                {owners.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}（{o.orgUnitName}）
                  </option>
                ))}
              </select>
            </div>
          )}
          <button type="submit" className="btn-primary">
            {t("apply")}
          </button>
        </form>
        {!process ? (
          <p className="card p-8 text-center text-slate-600">{t("noProcess")}</p>
        ) : (
          <Kanban
            today={today}
            canEdit={can(viewer, "deal:edit")}
            stages={process.stages.map((s) => ({ id: s.id, name: s.name, probability: s.probability, total: totals.get(s.id) ?? 0 }))}
            deals={rows.map((r) => ({ id: r.id, title: r.title, stageId: r.stageId, customerId: r.customerId, customerName: r.customerName, ownerName: r.ownerName, expectedAmount: r.expectedAmount, expectedDate: r.expectedDate }))}
          />
        )}
      </div>
    </ClientMessages>
  );
}
