import { BarChart3 } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Kanban } from "@/components/deals/kanban";
import { ClientMessages } from "@/components/intl/client-messages";
import { LessonLinks } from "@/components/training/lesson-links";
import { getDb } from "@/db/client";
import { getProcesses, getProductOptions } from "@/db/queries/deals";
import { getPipelineBoard } from "@/db/queries/pipeline";
import { getOwnerOptions } from "@/db/queries/users";
import { today as companyToday } from "@/lib/dates";
import { requirePermission } from "@/lib/session";
import { firstValues } from "@/lib/validation/common";
import { pipelineQuerySchema } from "@/lib/validation/pipeline";
import { can } from "@/lib/viewer";
import { FilterSelect as SharedFilterSelect, type FilterSelectProps } from "@/components/ui/filter-select";
import { GetForm } from "@/components/ui/get-form";
import { punct } from "@/lib/punct";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("pipeline") };
}

type SP = Record<string, string | string[] | undefined>;

/**
 * 销售流程 kanban: the open deals of one process, stage by stage. Each column's count and amount cover the
 * whole scope and filters; its cards come 50 at a time (db/queries/pipeline.ts), so the page costs the same
 * for a rep and for the GM.
 */
export default async function PipelinePage({ searchParams }: { searchParams: Promise<SP> }) {
  const pn = punct(await getLocale());
  const viewer = await requirePermission("deal:view");
  const q = pipelineQuerySchema.parse(firstValues(await searchParams));
  const db = await getDb();
  const [t, processes, owners, products] = await Promise.all([
    getTranslations("pipeline"),
    getProcesses(db),
    viewer.dataScope === "self" ? Promise.resolve([]) : getOwnerOptions(db, viewer),
    getProductOptions(db),
  ]);
  const process = processes.find((p) => p.id === q.process) ?? processes.find((p) => p.isDefault) ?? processes[0];
  const filters = { owner: q.owner, product: q.product };
  const board = process ? await getPipelineBoard(db, viewer, process, filters) : [];
  return (
    <ClientMessages namespaces={["pipeline", "deal", "picker"]}>
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
        <GetForm className="card flex flex-wrap items-end gap-3 p-3">
          <FilterSelect name="process" label={t("process")} value={process?.id} options={processes.map((p) => ({ id: p.id, label: p.name }))} />
          {owners.length > 0 && (
            <FilterSelect name="owner" label={t("rep")} value={q.owner} all={t("all")} options={owners.map((o) => ({ id: o.id, label: pn.paren(o.name, o.orgUnitName) }))} />
          )}
          <FilterSelect name="product" label={t("product")} value={q.product} all={t("all")} options={products.map((p) => ({ id: p.id, label: p.name }))} />
          <button type="submit" className="btn-primary">
            {t("apply")}
          </button>
        </GetForm>
        {!process ? (
          <p className="card p-8 text-center text-slate-600">{t("noProcess")}</p>
        ) : (
          <Kanban
            // a new board (fresh pages and counts) for each process and filter
            key={[process.id, q.owner, q.product].join("|")}
            today={companyToday()}
            canEdit={can(viewer, "deal:edit")}
            filters={{ processId: process.id, ...filters }}
            stages={board.map((s) => ({ id: s.id, name: s.name, probability: s.probability, count: s.count, amount: s.amount, first: s.first }))}
          />
        )}
      </div>
    </ClientMessages>
  );
}

function FilterSelect(props: Omit<FilterSelectProps, "idPrefix" | "wrapperClassName" | "labelClassName" | "selectClassName">) {
  return <SharedFilterSelect idPrefix="pl" wrapperClassName="min-w-0" selectClassName="input max-w-full" {...props} />;
}
