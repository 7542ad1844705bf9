import { z } from "zod";
import { filterCursor, filterDate, filterEnum, filterUuid } from "./common";

/**
 * Filters shared by the funnel, the stage statistics and the deal drill-down (all read from the URL).
 * A bad value is ignored — a date that does not exist included (see lib/validation/common.ts).
 */
export const analyticsQuerySchema = z.object({
  unit: filterUuid,
  owner: filterUuid,
  product: filterUuid,
  process: filterUuid,
  stage: filterUuid,
  customer: filterUuid,
  status: filterEnum(["open", "won", "lost"]),
  from: filterDate,
  to: filterDate,
  cursor: filterCursor,
});
export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;
