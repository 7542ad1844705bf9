import type { CustomerStage } from "@/db/schema/customers";

export const STAGE_ORDER: CustomerStage[] = ["potential", "target", "prospect", "closed", "loyal"];

export const STAGE_STYLE: Record<CustomerStage, string> = {
  potential: "bg-slate-100 text-slate-700",
  target: "bg-sky-100 text-sky-800",
  prospect: "bg-amber-100 text-amber-800",
  closed: "bg-emerald-100 text-emerald-800",
  loyal: "bg-violet-100 text-violet-800",
};
