CREATE TABLE "customer_stage_counts" (
	"org_unit_id" uuid,
	"owner_id" uuid,
	"stage" "customer_stage" NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "customer_stage_counts_key" UNIQUE NULLS NOT DISTINCT("org_unit_id","owner_id","stage")
);
--> statement-breakpoint
CREATE TABLE "deal_funnel_facts" (
	"deal_id" uuid NOT NULL,
	"process_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"org_unit_id" uuid,
	"owner_id" uuid,
	"product_id" uuid,
	"created_month" date NOT NULL,
	"furthest" integer DEFAULT 0 NOT NULL,
	"stays_closed" integer DEFAULT 0 NOT NULL,
	"seconds_closed" numeric DEFAULT '0' NOT NULL,
	"stays_open" integer DEFAULT 0 NOT NULL,
	"open_since" numeric DEFAULT '0' NOT NULL,
	"open_count" integer DEFAULT 0 NOT NULL,
	"open_amount" numeric(18, 2) DEFAULT '0' NOT NULL,
	CONSTRAINT "deal_funnel_facts_deal_id_stage_id_pk" PRIMARY KEY("deal_id","stage_id")
);
--> statement-breakpoint
CREATE TABLE "deal_funnel_rollup" (
	"grain" smallint DEFAULT 0 NOT NULL,
	"process_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"org_unit_id" uuid,
	"owner_id" uuid,
	"product_id" uuid,
	"created_month" date NOT NULL,
	"furthest" integer DEFAULT 0 NOT NULL,
	"stays_closed" integer DEFAULT 0 NOT NULL,
	"seconds_closed" numeric DEFAULT '0' NOT NULL,
	"stays_open" integer DEFAULT 0 NOT NULL,
	"open_since" numeric DEFAULT '0' NOT NULL,
	"open_count" integer DEFAULT 0 NOT NULL,
	"open_amount" numeric(18, 2) DEFAULT '0' NOT NULL,
	CONSTRAINT "deal_funnel_rollup_key" UNIQUE NULLS NOT DISTINCT("grain","process_id","stage_id","org_unit_id","owner_id","product_id","created_month")
);
--> statement-breakpoint
CREATE INDEX "deal_funnel_rollup_unit_idx" ON "deal_funnel_rollup" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "deal_funnel_rollup_owner_idx" ON "deal_funnel_rollup" USING btree ("owner_id");--> statement-breakpoint
-- One deal's funnel facts per stage, exactly as the funnel counts them: the furthest stage reached
-- (highest sort), every stay with its length (a stay ends at the next move, or the day after the deal
-- closed; the stay of an open deal's current stage is still running) and the open deals now per stage.
CREATE OR REPLACE FUNCTION zhike_funnel_facts(ids uuid[])
RETURNS TABLE (deal_id uuid, process_id uuid, stage_id uuid, org_unit_id uuid, owner_id uuid, product_id uuid, created_month date,
               furthest int, stays_closed int, seconds_closed numeric, stays_open int, open_since numeric, open_count int, open_amount numeric)
LANGUAGE sql STABLE AS $$
  WITH d AS (
    SELECT d.id, d.process_id, d.stage_id, d.org_unit_id, d.owner_id, d.product_id, d.status, d.closed_on, d.expected_amount,
           date_trunc('month', d.created_at AT TIME ZONE 'Asia/Shanghai')::date AS created_month
      FROM unnest(ids) AS k(id) JOIN deals d ON d.id = k.id
     WHERE d.deleted_at IS NULL
  ), h AS (
    SELECT h.deal_id, h.to_stage_id, h.moved_at,
           lead(h.moved_at) OVER (PARTITION BY h.deal_id ORDER BY h.moved_at, h.id) AS next_at,
           row_number() OVER (PARTITION BY h.deal_id ORDER BY ps.sort DESC, h.moved_at DESC, h.id DESC) AS rk
      FROM deal_stage_history h
      JOIN d ON d.id = h.deal_id
      JOIN process_stages ps ON ps.id = h.to_stage_id
  ), f AS (
    SELECT h.deal_id, h.to_stage_id AS stage_id,
           (h.rk = 1)::int AS furthest,
           (h.next_at IS NOT NULL OR d.status <> 'open')::int AS stays_closed,
           CASE WHEN h.next_at IS NOT NULL THEN extract(epoch FROM h.next_at - h.moved_at)
                WHEN d.status <> 'open' THEN extract(epoch FROM greatest(h.moved_at, (d.closed_on + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') - h.moved_at)
                ELSE 0 END AS seconds_closed,
           (h.next_at IS NULL AND d.status = 'open')::int AS stays_open,
           CASE WHEN h.next_at IS NULL AND d.status = 'open' THEN extract(epoch FROM h.moved_at) ELSE 0 END AS open_since,
           0 AS open_count, 0::numeric AS open_amount
      FROM h JOIN d ON d.id = h.deal_id
    UNION ALL
    SELECT d.id, d.stage_id, 0, 0, 0, 0, 0, 1, coalesce(d.expected_amount, 0) FROM d WHERE d.status = 'open'
  )
  SELECT d.id, d.process_id, f.stage_id, d.org_unit_id, d.owner_id, d.product_id, d.created_month,
         sum(f.furthest)::int, sum(f.stays_closed)::int, sum(f.seconds_closed), sum(f.stays_open)::int, sum(f.open_since),
         sum(f.open_count)::int, sum(f.open_amount)
    FROM f JOIN d ON d.id = f.deal_id
   GROUP BY d.id, d.process_id, f.stage_id, d.org_unit_id, d.owner_id, d.product_id, d.created_month
$$;
--> statement-breakpoint
-- Adds (sign 1) or takes out (sign -1) the stored facts of the given deals, at both grains of the rollup:
-- per owner (grain 0) and per unit (grain 1, owner_id null).
CREATE OR REPLACE FUNCTION zhike_funnel_add(ids uuid[], sign int) RETURNS void LANGUAGE sql AS $$
  INSERT INTO deal_funnel_rollup AS r (grain, process_id, stage_id, org_unit_id, owner_id, product_id, created_month,
                                       furthest, stays_closed, seconds_closed, stays_open, open_since, open_count, open_amount)
  SELECT g.grain, f.process_id, f.stage_id, f.org_unit_id, CASE WHEN g.grain = 0 THEN f.owner_id END, f.product_id, f.created_month,
         sign * sum(f.furthest), sign * sum(f.stays_closed), sign * sum(f.seconds_closed), sign * sum(f.stays_open),
         sign * sum(f.open_since), sign * sum(f.open_count), sign * sum(f.open_amount)
    FROM deal_funnel_facts f CROSS JOIN (VALUES (0::smallint), (1::smallint)) g(grain)
   WHERE f.deal_id IN (SELECT DISTINCT unnest(ids))
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT deal_funnel_rollup_key DO UPDATE SET
    furthest = r.furthest + excluded.furthest,
    stays_closed = r.stays_closed + excluded.stays_closed,
    seconds_closed = r.seconds_closed + excluded.seconds_closed,
    stays_open = r.stays_open + excluded.stays_open,
    open_since = r.open_since + excluded.open_since,
    open_count = r.open_count + excluded.open_count,
    open_amount = r.open_amount + excluded.open_amount;
$$;
--> statement-breakpoint
-- Recomputes the given deals: their stored facts leave the rollup, new facts are computed and added.
-- (Keys whose sums fall to zero stay as zero rows, which every reader ignores, until the next rebuild.)
CREATE OR REPLACE FUNCTION zhike_funnel_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM zhike_funnel_add(ids, -1);
  DELETE FROM deal_funnel_facts f USING (SELECT DISTINCT unnest(ids) AS id) k WHERE f.deal_id = k.id;
  INSERT INTO deal_funnel_facts (deal_id, process_id, stage_id, org_unit_id, owner_id, product_id, created_month,
                                 furthest, stays_closed, seconds_closed, stays_open, open_since, open_count, open_amount)
  SELECT * FROM zhike_funnel_facts(ARRAY(SELECT DISTINCT unnest(ids)));
  PERFORM zhike_funnel_add(ids, 1);
END;
$$;
--> statement-breakpoint
-- Everything from scratch (this migration, bulk loads; rows that summed to zero are dropped here).
CREATE OR REPLACE FUNCTION zhike_funnel_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM deal_funnel_facts;
  DELETE FROM deal_funnel_rollup;
  INSERT INTO deal_funnel_facts (deal_id, process_id, stage_id, org_unit_id, owner_id, product_id, created_month,
                                 furthest, stays_closed, seconds_closed, stays_open, open_since, open_count, open_amount)
  SELECT * FROM zhike_funnel_facts(ARRAY(SELECT id FROM deals WHERE deleted_at IS NULL));
  INSERT INTO deal_funnel_rollup (grain, process_id, stage_id, org_unit_id, owner_id, product_id, created_month,
                                  furthest, stays_closed, seconds_closed, stays_open, open_since, open_count, open_amount)
  SELECT g.grain, f.process_id, f.stage_id, f.org_unit_id, CASE WHEN g.grain = 0 THEN f.owner_id END, f.product_id, f.created_month,
         sum(f.furthest), sum(f.stays_closed), sum(f.seconds_closed), sum(f.stays_open), sum(f.open_since), sum(f.open_count), sum(f.open_amount)
    FROM deal_funnel_facts f CROSS JOIN (VALUES (0::smallint), (1::smallint)) g(grain)
   GROUP BY 1, 2, 3, 4, 5, 6, 7;
$$;
--> statement-breakpoint
-- Statement triggers: once per statement, for the set of deals it touched (a multi-row insert of one
-- deal's history is then one recomputation, never a sum of partial ones).
CREATE OR REPLACE FUNCTION zhike_deals_funnel() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM zhike_funnel_refresh(ARRAY(SELECT DISTINCT n.id FROM new_rows n));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM zhike_funnel_refresh(ARRAY(SELECT n.id FROM new_rows n UNION SELECT o.id FROM old_rows o));
  ELSE
    PERFORM zhike_funnel_refresh(ARRAY(SELECT DISTINCT o.id FROM old_rows o));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zhike_deal_history_funnel() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM zhike_funnel_refresh(ARRAY(SELECT DISTINCT n.deal_id FROM new_rows n));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM zhike_funnel_refresh(ARRAY(SELECT n.deal_id FROM new_rows n UNION SELECT o.deal_id FROM old_rows o));
  ELSE
    PERFORM zhike_funnel_refresh(ARRAY(SELECT DISTINCT o.deal_id FROM old_rows o));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER deals_funnel_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deals_funnel();
--> statement-breakpoint
CREATE TRIGGER deals_funnel_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deals_funnel();
--> statement-breakpoint
CREATE TRIGGER deals_funnel_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deals_funnel();
--> statement-breakpoint
CREATE TRIGGER deal_history_funnel_insert AFTER INSERT ON deal_stage_history REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deal_history_funnel();
--> statement-breakpoint
CREATE TRIGGER deal_history_funnel_update AFTER UPDATE ON deal_stage_history REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deal_history_funnel();
--> statement-breakpoint
CREATE TRIGGER deal_history_funnel_delete AFTER DELETE ON deal_stage_history REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deal_history_funnel();
--> statement-breakpoint
-- a stage's new place in its process changes which stage each deal reached furthest
CREATE OR REPLACE FUNCTION zhike_stage_sort_funnel() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM zhike_funnel_refresh(ARRAY(
    SELECT d.id FROM deals d
     WHERE d.process_id IN (SELECT n.process_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                             WHERE n.sort IS DISTINCT FROM o.sort OR n.deleted_at IS DISTINCT FROM o.deleted_at)));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER process_stages_funnel AFTER UPDATE ON process_stages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_stage_sort_funnel();
--> statement-breakpoint
SELECT zhike_funnel_rebuild();
--> statement-breakpoint
-- fresh statistics, or the triggers' per-deal lookups are planned as scans of the whole facts table
ANALYZE deal_funnel_facts;
--> statement-breakpoint
ANALYZE deal_funnel_rollup;
--> statement-breakpoint
-- Once per statement: the live rows it removed leave their (unit, owner, stage) count, the live rows it
-- left join theirs. Rows whose count drops to zero are removed.
CREATE OR REPLACE FUNCTION zhike_customer_stage_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO customer_stage_counts AS c (org_unit_id, owner_id, stage, n)
    SELECT x.org_unit_id, x.owner_id, x.stage, count(*) FROM new_rows x WHERE x.deleted_at IS NULL GROUP BY 1, 2, 3
    ON CONFLICT ON CONSTRAINT customer_stage_counts_key DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO customer_stage_counts AS c (org_unit_id, owner_id, stage, n)
    SELECT x.org_unit_id, x.owner_id, x.stage, -count(*) FROM old_rows x WHERE x.deleted_at IS NULL GROUP BY 1, 2, 3
    ON CONFLICT ON CONSTRAINT customer_stage_counts_key DO UPDATE SET n = c.n + excluded.n;
  ELSE
    INSERT INTO customer_stage_counts AS c (org_unit_id, owner_id, stage, n)
    SELECT d.org_unit_id, d.owner_id, d.stage, sum(d.delta)
      FROM (SELECT x.org_unit_id, x.owner_id, x.stage, -1 AS delta FROM old_rows x WHERE x.deleted_at IS NULL
            UNION ALL
            SELECT y.org_unit_id, y.owner_id, y.stage, 1 FROM new_rows y WHERE y.deleted_at IS NULL) d
     GROUP BY 1, 2, 3
    HAVING sum(d.delta) <> 0
    ON CONFLICT ON CONSTRAINT customer_stage_counts_key DO UPDATE SET n = c.n + excluded.n;
  END IF;
  DELETE FROM customer_stage_counts WHERE n = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER customers_stage_counts_insert AFTER INSERT ON customers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_customer_stage_counts();
--> statement-breakpoint
CREATE TRIGGER customers_stage_counts_update AFTER UPDATE ON customers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_customer_stage_counts();
--> statement-breakpoint
CREATE TRIGGER customers_stage_counts_delete AFTER DELETE ON customers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_customer_stage_counts();
--> statement-breakpoint
INSERT INTO customer_stage_counts (org_unit_id, owner_id, stage, n)
SELECT org_unit_id, owner_id, stage, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY 1, 2, 3;
