CREATE TABLE "deal_stats_rollup" (
	"grain" smallint NOT NULL,
	"org_unit_id" uuid,
	"owner_id" uuid,
	"product_id" uuid,
	"process_id" uuid NOT NULL,
	"created_month" date NOT NULL,
	"bucket_month" date,
	"open" integer DEFAULT 0 NOT NULL,
	"won" integer DEFAULT 0 NOT NULL,
	"lost" integer DEFAULT 0 NOT NULL,
	"forecast" numeric DEFAULT '0' NOT NULL,
	"weighted" numeric DEFAULT '0' NOT NULL,
	"actual" numeric DEFAULT '0' NOT NULL,
	CONSTRAINT "deal_stats_rollup_key" UNIQUE NULLS NOT DISTINCT("grain","org_unit_id","owner_id","product_id","process_id","created_month","bucket_month")
);
--> statement-breakpoint
CREATE INDEX "deal_stats_rollup_unit_idx" ON "deal_stats_rollup" USING btree ("grain","org_unit_id");--> statement-breakpoint
CREATE INDEX "deal_stats_rollup_owner_idx" ON "deal_stats_rollup" USING btree ("grain","owner_id");--> statement-breakpoint
CREATE INDEX "deal_stats_rollup_zero_idx" ON "deal_stats_rollup" USING btree ("grain") WHERE open = 0 and won = 0 and lost = 0;--> statement-breakpoint
-- What rows of deals add to the statistics: `gone` are taken out, `came` put in (a statement's old and
-- new rows), at all four grains (0: per owner and close/expected month, 1: per owner, 2: per unit and
-- month, 3: per unit); live rows only. Keys whose counts fall to zero are removed.
CREATE OR REPLACE FUNCTION zhike_deal_stats_add(gone deals[], came deals[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO deal_stats_rollup AS r (grain, org_unit_id, owner_id, product_id, process_id, created_month, bucket_month, open, won, lost, forecast, weighted, actual)
  SELECT g.grain, d.org_unit_id, CASE WHEN g.grain < 2 THEN d.owner_id END, d.product_id, d.process_id,
         date_trunc('month', d.created_at AT TIME ZONE 'Asia/Shanghai')::date,
         CASE WHEN g.grain IN (0, 2) THEN date_trunc('month', coalesce(d.closed_on, d.expected_date)::timestamp)::date END,
         coalesce(sum(d.s) FILTER (WHERE d.status = 'open'), 0),
         coalesce(sum(d.s) FILTER (WHERE d.status = 'won'), 0),
         coalesce(sum(d.s) FILTER (WHERE d.status = 'lost'), 0),
         coalesce(sum(d.s * d.expected_amount) FILTER (WHERE d.status = 'open'), 0),
         coalesce(sum(d.s * d.expected_amount * coalesce(d.probability, 0) / 100) FILTER (WHERE d.status = 'open'), 0),
         coalesce(sum(d.s * d.amount) FILTER (WHERE d.status = 'won'), 0)
    FROM (SELECT -1 AS s, o.* FROM unnest(gone) o UNION ALL SELECT 1, n.* FROM unnest(came) n) d
    CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint), (3::smallint)) g(grain)
   WHERE d.deleted_at IS NULL
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT deal_stats_rollup_key DO UPDATE
    SET open = r.open + excluded.open, won = r.won + excluded.won, lost = r.lost + excluded.lost,
        forecast = r.forecast + excluded.forecast, weighted = r.weighted + excluded.weighted, actual = r.actual + excluded.actual;
  DELETE FROM deal_stats_rollup WHERE grain IN (0, 1, 2, 3) AND open = 0 AND won = 0 AND lost = 0;
$$;
--> statement-breakpoint
-- The rollup from scratch (after bulk loads with the trigger off, and to check it in tests): the same
-- sums as zhike_deal_stats_add, read straight from the table.
CREATE OR REPLACE FUNCTION zhike_deal_stats_rebuild() RETURNS void LANGUAGE sql AS $$
  TRUNCATE deal_stats_rollup;
  INSERT INTO deal_stats_rollup (grain, org_unit_id, owner_id, product_id, process_id, created_month, bucket_month, open, won, lost, forecast, weighted, actual)
  SELECT g.grain, d.org_unit_id, CASE WHEN g.grain < 2 THEN d.owner_id END, d.product_id, d.process_id,
         date_trunc('month', d.created_at AT TIME ZONE 'Asia/Shanghai')::date,
         CASE WHEN g.grain IN (0, 2) THEN date_trunc('month', coalesce(d.closed_on, d.expected_date)::timestamp)::date END,
         count(*) FILTER (WHERE d.status = 'open'), count(*) FILTER (WHERE d.status = 'won'), count(*) FILTER (WHERE d.status = 'lost'),
         coalesce(sum(d.expected_amount) FILTER (WHERE d.status = 'open'), 0),
         coalesce(sum(d.expected_amount * coalesce(d.probability, 0) / 100) FILTER (WHERE d.status = 'open'), 0),
         coalesce(sum(d.amount) FILTER (WHERE d.status = 'won'), 0)
    FROM deals d CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint), (3::smallint)) g(grain)
   WHERE d.deleted_at IS NULL
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING count(*) FILTER (WHERE d.status IN ('open', 'won', 'lost')) > 0;
  ANALYZE deal_stats_rollup;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zhike_deals_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM zhike_deal_stats_add('{}'::deals[], ARRAY(SELECT n::deals FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM zhike_deal_stats_add(ARRAY(SELECT o::deals FROM old_rows o), '{}'::deals[]);
  ELSE
    PERFORM zhike_deal_stats_add(ARRAY(SELECT o::deals FROM old_rows o), ARRAY(SELECT n::deals FROM new_rows n));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER deals_stats_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deals_stats();
--> statement-breakpoint
CREATE TRIGGER deals_stats_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deals_stats();
--> statement-breakpoint
CREATE TRIGGER deals_stats_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deals_stats();
--> statement-breakpoint
SELECT zhike_deal_stats_rebuild();
