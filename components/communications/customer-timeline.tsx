import { ArrowRightLeft, Briefcase, MessageSquare, Tags } from "lucide-react";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { TimelineItem } from "@/db/queries/timeline";
import { formatMoney } from "@/lib/money";
import { punct } from "@/lib/punct";

const ICONS = { communication: MessageSquare, deal: Briefcase, deal_move: ArrowRightLeft, stage_change: Tags } as const;

/** One customer's communications, deals, deal moves and stage changes, newest first. */
export async function CustomerTimeline({ items }: { items: TimelineItem[] }) {
  const [t, tc, format, p] = await Promise.all([getTranslations("comm"), getTranslations("customer"), getFormatter(), getLocale().then(punct)]);
  if (items.length === 0) return <p className="text-sm text-slate-500">{t("timeline.empty")}</p>;
  return (
    <ol className="relative space-y-4 border-l-2 border-slate-100 pl-4">
      {items.map((it) => {
        const Icon = ICONS[it.kind];
        return (
          <li key={`${it.kind}-${it.id}`} className="relative text-sm">
            <span aria-hidden className="absolute top-0.5 -left-[27px] flex size-5 items-center justify-center rounded-full border border-slate-200 bg-white text-brand-700">
              <Icon className="size-3" />
            </span>
            <p className="text-xs text-slate-500">
              <time dateTime={it.at.toISOString()}>{format.dateTime(it.at, { dateStyle: "medium", timeStyle: "short" })}</time>
              {it.kind === "communication" && ` · ${t(`methods.${it.method as "visit"}`)}`}
              {it.kind === "communication" && it.interest ? ` · ${t("interestAria", { n: it.interest })}` : ""}
            </p>
            {it.kind === "communication" && (
              <>
                <p className="font-medium">{it.topic}</p>
                {it.purpose && <p className="text-slate-600">{t("fields.purpose")}{p.colon}{it.purpose}</p>}
                {it.summary && <p className="whitespace-pre-line text-slate-700">{it.summary}</p>}
                {it.needsInsight && <p className="text-slate-600">{t("fields.needsInsight")}{p.colon}{it.needsInsight}</p>}
                <p className="text-xs text-slate-500">
                  {[it.contactName, it.authorName && t("timeline.author", { name: it.authorName }), it.nextFollowUp && t("timeline.followUp", { date: it.nextFollowUp })]
                    .filter(Boolean)
                    .join(" · ")}
                </p>
              </>
            )}
            {it.kind === "deal" && (
              <p>
                <span className="font-medium">{t("timeline.dealOpened")}</span> · {it.title} · {it.status === "open" ? it.stageName : t(`timeline.status.${it.status}`)} ·{" "}
                {formatMoney(it.status === "won" ? it.amount : it.expectedAmount)}
              </p>
            )}
            {it.kind === "deal_move" && (
              <p>
                <span className="font-medium">{t("timeline.dealMoved")}</span> · {it.dealTitle}{p.colon}{it.fromStage ? `${it.fromStage} → ` : ""}
                <strong>{it.toStage}</strong>
                {it.byName && <span className="text-slate-500"> · {t("timeline.by", { name: it.byName })}</span>}
              </p>
            )}
            {it.kind === "stage_change" && (
              <p>
                <span className="font-medium">{t("timeline.stageChanged")}</span>{p.colon}{it.fromStage ? `${tc(`stages.${it.fromStage as "target"}`)} → ` : ""}
                <strong>{tc(`stages.${it.toStage as "target"}`)}</strong>
                {it.byName && <span className="text-slate-500"> · {t("timeline.by", { name: it.byName })}</span>}
                {it.reason && <span className="text-slate-500"> · {it.reason}</span>}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function TimelineLink({ customerId, label }: { customerId: string; label: string }) {
  return (
    <Link href={`/communications?customer=${customerId}`} className="text-xs text-brand-700 hover:underline">
      {label}
    </Link>
  );
}
