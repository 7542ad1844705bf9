import clsx from "clsx";
import { useTranslations } from "next-intl";

const TONE = {
  draft: "bg-slate-100 text-slate-600",
  submitted: "bg-amber-50 text-amber-800",
  approved: "bg-emerald-50 text-emerald-700",
  returned: "bg-red-50 text-red-700",
} as const;

export function ReviewStatusChip({ status }: { status: keyof typeof TONE }) {
  const t = useTranslations("plans");
  return <span className={clsx("chip", TONE[status])}>{t(`status.${status}`)}</span>;
}
