/**
 * 客户五级分类, lowest first: the one definition. The database enum (db/schema/customers.ts), the zod
 * schemas and the filters derive from it; labels are messages customer.stages.<stage>.
 */
export const CUSTOMER_STAGES = ["potential", "target", "prospect", "closed", "loyal"] as const;
export type CustomerStage = (typeof CUSTOMER_STAGES)[number];

export const STAGE_ORDER: readonly CustomerStage[] = CUSTOMER_STAGES;

export const STAGE_STYLE: Record<CustomerStage, string> = {
  potential: "bg-slate-100 text-slate-700",
  target: "bg-sky-100 text-sky-800",
  prospect: "bg-amber-100 text-amber-800",
  closed: "bg-emerald-100 text-emerald-800",
  loyal: "bg-violet-100 text-violet-800",
};

export const stageRank = (s: CustomerStage) => STAGE_ORDER.indexOf(s);

/**
 * What the data suggests for a customer's five-level stage: a won deal → 成交客户, a second won deal →
 * 忠诚客户. Only ever an upgrade, and only a suggestion: the user must accept it.
 */
export function suggestStage(current: CustomerStage, wonDeals: number): CustomerStage | null {
  const target: CustomerStage | null = wonDeals >= 2 ? "loyal" : wonDeals === 1 ? "closed" : null;
  if (!target) return null;
  return stageRank(target) > stageRank(current) ? target : null;
}
