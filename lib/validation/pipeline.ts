import { z } from "zod";
import { filterCursor, filterUuid } from "./common";

/**
 * The kanban's filters (/pipeline?process=…&owner=…&product=…), read from the URL: a bad value is ignored
 * (lib/validation/common.ts). An owner outside the viewer's scope is not an error either: the scope in the
 * query makes the board empty.
 */
export const pipelineQuerySchema = z.object({
  process: filterUuid,
  owner: filterUuid,
  product: filterUuid,
});
export type PipelineQuery = z.infer<typeof pipelineQuerySchema>;

/** One column's next page (GET /api/pipeline/deals): the board's filters, the stage and the cursor. */
export const pipelinePageQuerySchema = pipelineQuerySchema.extend({
  stage: filterUuid,
  cursor: filterCursor,
});

/** The filters a kanban move sends along, so the action answers with the board's new column totals. */
export const pipelineBoardFiltersSchema = pipelineQuerySchema.pick({ owner: true, product: true });
