-- The kanban (issue #17 item 4, db/queries/pipeline.ts). Column totals: the rollup keys that hold open deals of a
-- process, read index-only (grain and owner first: a rep's or an owner filter's keys are one range; the GM's
-- ~25k keys of 200k deals sum in ~10 ms on PostgreSQL, where scanning the whole rollup took ~30 ms).
CREATE INDEX "deal_funnel_rollup_open_idx" ON "deal_funnel_rollup" USING btree ("process_id","grain","owner_id","org_unit_id","stage_id","product_id","open_count","open_amount") WHERE open_count <> 0;--> statement-breakpoint
-- A column's page: open deals of a stage, soonest expected date first, keyset on (coalesce(expected_date,
-- infinity), id). The GM and subtree managers walk it in order (the scope filtered on the way).
CREATE INDEX "deals_open_stage_idx" ON "deals" USING btree ("stage_id",coalesce("expected_date", 'infinity'::date),"id") WHERE deleted_at is null and status = 'open';--> statement-breakpoint
-- The same per owner: a rep's board and the owner filter.
CREATE INDEX "deals_open_owner_stage_idx" ON "deals" USING btree ("owner_id","stage_id",coalesce("expected_date", 'infinity'::date),"id") WHERE deleted_at is null and status = 'open';--> statement-breakpoint
-- The same per unit: a manager whose scope is one unit.
CREATE INDEX "deals_open_unit_stage_idx" ON "deals" USING btree ("org_unit_id","stage_id",coalesce("expected_date", 'infinity'::date),"id") WHERE deleted_at is null and status = 'open';