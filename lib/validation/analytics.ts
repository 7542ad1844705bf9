import { z } from "zod";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const optUuid = z.string().regex(UUID).optional().catch(undefined);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(new Date(s + "T00:00:00Z").getTime()))
  .optional()
  .catch(undefined);

/** Filters shared by the funnel, the stage statistics and the deal drill-down (all read from the URL). */
export const analyticsQuerySchema = z.object({
  unit: optUuid,
  owner: optUuid,
  product: optUuid,
  process: optUuid,
  stage: optUuid,
  customer: optUuid,
  status: z.enum(["open", "won", "lost"]).optional().catch(undefined),
  from: day,
  to: day,
  cursor: z.string().max(500).optional().catch(undefined),
});
export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;
