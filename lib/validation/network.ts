import { z } from "zod";
import { CUSTOMER_STAGES } from "@/lib/stages";
import { entityId, filterDate, filterEnum, filterUuid, isUuid, searchText } from "./common";

/**
 * The network map's filters, read from the URL (/network?owner=…&unit=…) and from /api/network. A bad
 * value is ignored, like every list filter. `from`/`to` is "introduced in period": customers with an
 * introducer who were met (else created) in the period.
 */
export const networkQuerySchema = z.object({
  owner: filterUuid,
  unit: filterUuid,
  circle: filterUuid,
  stage: filterEnum(CUSTOMER_STAGES),
  grade: searchText(10),
  from: filterDate,
  to: filterDate,
});
export type NetworkQuery = z.infer<typeof networkQuerySchema>;

/** The filter keys in a fixed order: the URL, the cache key of settled positions and the API share it. */
export const NETWORK_FILTER_KEYS = ["owner", "unit", "circle", "stage", "grade", "from", "to"] as const;

export function networkQueryString(q: NetworkQuery) {
  const p = new URLSearchParams();
  for (const k of NETWORK_FILTER_KEYS) if (q[k]) p.set(k, String(q[k]));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** Adding a customer to a 人脉圈 (the circle page's form). */
export const circleMemberSchema = z.object({
  circleId: entityId,
  customerId: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().refine(isUuid, { message: "请选择客户" })),
});
