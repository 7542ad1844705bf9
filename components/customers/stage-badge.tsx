import clsx from "clsx";
import { getTranslations } from "next-intl/server";
import type { CustomerStage } from "@/db/schema/customers";
import { STAGE_STYLE } from "@/lib/stages";

export async function StageBadge({ stage }: { stage: CustomerStage }) {
  const t = await getTranslations("customer.stages");
  return <span className={clsx("chip", STAGE_STYLE[stage])}>{t(stage)}</span>;
}
