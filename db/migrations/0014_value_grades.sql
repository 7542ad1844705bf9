CREATE TABLE "value_grade_rule_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"basis" text NOT NULL,
	"window_months" integer NOT NULL,
	"grades" jsonb NOT NULL,
	"note" text,
	"regraded" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_month_rollup" (
	"org_unit_id" uuid,
	"owner_id" uuid,
	"source_id" uuid,
	"grade" text,
	"month" date NOT NULL,
	"revenue" numeric DEFAULT '0' NOT NULL,
	"met" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "customer_month_rollup_key" UNIQUE NULLS NOT DISTINCT("org_unit_id","owner_id","source_id","grade","month")
);
--> statement-breakpoint
CREATE TABLE "customer_value_rollup" (
	"org_unit_id" uuid,
	"owner_id" uuid,
	"source_id" uuid,
	"stage" "customer_stage" NOT NULL,
	"grade" text,
	"n" integer DEFAULT 0 NOT NULL,
	"manual" integer DEFAULT 0 NOT NULL,
	"revenue" numeric DEFAULT '0' NOT NULL,
	"buyers" integer DEFAULT 0 NOT NULL,
	"days" numeric DEFAULT '0' NOT NULL,
	"timed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "customer_value_rollup_key" UNIQUE NULLS NOT DISTINCT("org_unit_id","owner_id","source_id","stage","grade")
);
--> statement-breakpoint
ALTER TABLE "value_grades" ADD COLUMN "min_share" numeric(6, 3);--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "value_revenue" numeric(14, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "value_graded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "first_won_on" date;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "summary_review_status" "review_status";--> statement-breakpoint
ALTER TABLE "value_grade_rule_versions" ADD CONSTRAINT "value_grade_rule_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_month_rollup_owner_idx" ON "customer_month_rollup" USING btree ("owner_id","month");--> statement-breakpoint
CREATE INDEX "customer_month_rollup_unit_idx" ON "customer_month_rollup" USING btree ("org_unit_id","month");--> statement-breakpoint
CREATE INDEX "customer_month_rollup_month_idx" ON "customer_month_rollup" USING btree ("month");--> statement-breakpoint
CREATE INDEX "customer_month_rollup_zero_idx" ON "customer_month_rollup" USING btree ("met") WHERE met = 0 and revenue = 0;--> statement-breakpoint
CREATE INDEX "customer_value_rollup_owner_idx" ON "customer_value_rollup" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "customer_value_rollup_unit_idx" ON "customer_value_rollup" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "customer_value_rollup_zero_idx" ON "customer_value_rollup" USING btree ("n") WHERE n = 0;--> statement-breakpoint
CREATE INDEX "customers_value_revenue_idx" ON "customers" USING btree ("value_revenue" DESC NULLS LAST,"id","owner_id","org_unit_id") WHERE deleted_at is null and value_revenue > 0;--> statement-breakpoint
CREATE INDEX "deals_customer_won_idx" ON "deals" USING btree ("customer_id","closed_on") WHERE deleted_at is null and status = 'won';--> statement-breakpoint
CREATE INDEX "deals_won_owner_closed_idx" ON "deals" USING btree ("owner_id","closed_on","customer_id","amount") WHERE deleted_at is null and status = 'won';--> statement-breakpoint
CREATE INDEX "deals_won_unit_closed_idx" ON "deals" USING btree ("org_unit_id","closed_on","customer_id","amount") WHERE deleted_at is null and status = 'won';--> statement-breakpoint
CREATE INDEX "deals_won_closed_idx" ON "deals" USING btree ("closed_on","customer_id","amount") WHERE deleted_at is null and status = 'won';--> statement-breakpoint
-- 客户价值分级 in SQL, so every writer of deals (forms, sync, import, seed) keeps the grades current.
-- The rules in force: the basis and window of the latest saved version; before any version was saved,
-- revenue thresholds over the grades' own period (12 months).
CREATE OR REPLACE FUNCTION zhike_value_rules(OUT basis text, OUT window_months integer) LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT v.basis FROM value_grade_rule_versions v ORDER BY v.version DESC LIMIT 1), 'revenue'),
         coalesce((SELECT v.window_months FROM value_grade_rule_versions v ORDER BY v.version DESC LIMIT 1),
                  (SELECT max(g.period_months) FROM value_grades g WHERE g.deleted_at IS NULL), 12)
$$;
--> statement-breakpoint
-- The window is the last N months up to today (China time), both ends included: closed_on BETWEEN start AND today.
CREATE OR REPLACE FUNCTION zhike_value_window_start() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date - make_interval(months => (zhike_value_rules()).window_months) + interval '1 day')::date
$$;
--> statement-breakpoint
-- The grades as bands, so a grading is one join rather than a lookup per customer. Revenue basis: a grade
-- holds window revenue in [lo, hi), hi being the next higher threshold. Share basis: ranked by revenue, a
-- grade (in sort order) holds the customers with revenue whose percentage of the company's window revenue
-- ranked above them is in [lo, hi) — lo the previous grade's bound — and a grade without a bound (the last)
-- takes the rest, customers without revenue included.
CREATE OR REPLACE FUNCTION zhike_value_grade_bands(basis text) RETURNS TABLE (code text, lo numeric, hi numeric, rest boolean) LANGUAGE sql STABLE AS $$
  SELECT g.code, g.min_revenue, lag(g.min_revenue) OVER (ORDER BY g.min_revenue DESC, g.sort), false
    FROM value_grades g WHERE g.deleted_at IS NULL AND basis <> 'share'
  UNION ALL
  SELECT g.code, coalesce(lag(g.min_share) OVER (ORDER BY g.sort, g.code), 0), g.min_share, g.min_share IS NULL
    FROM value_grades g WHERE g.deleted_at IS NULL AND basis = 'share'
$$;
--> statement-breakpoint
-- The grade of (revenue, share of the customers ranked above) under the bands: at most one band matches.
CREATE OR REPLACE FUNCTION zhike_value_grade_pick(revenue numeric, share_before numeric, basis text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT b.code FROM zhike_value_grade_bands(basis) b
   WHERE CASE WHEN basis = 'share'
              THEN (revenue > 0 AND share_before >= b.lo AND (b.hi IS NULL OR share_before < b.hi)) OR (revenue <= 0 AND b.rest)
              ELSE revenue >= b.lo AND (b.hi IS NULL OR revenue < b.hi) END
   LIMIT 1
$$;
--> statement-breakpoint
-- Regrades the named customers now (a deal of theirs was won, edited, reopened, moved or deleted): their
-- window revenue from deals_customer_won_idx, then their grade. Under the share basis the others' ranks
-- shift a little too; the daily zhike_regrade_all settles them. Returns how many grades changed.
CREATE OR REPLACE FUNCTION zhike_regrade_customers(ids uuid[]) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  r record;
  ws date := zhike_value_window_start();
  td date := (now() AT TIME ZONE 'Asia/Shanghai')::date;
  total numeric;
  n integer;
BEGIN
  SELECT * INTO r FROM zhike_value_rules();
  UPDATE customers c SET value_revenue = x.revenue, first_won_on = x.first_won, value_graded_at = now()
    FROM (SELECT c2.id, coalesce(sum(d.amount) FILTER (WHERE d.closed_on BETWEEN ws AND td), 0) AS revenue, min(d.closed_on) AS first_won
            FROM customers c2 LEFT JOIN deals d ON d.customer_id = c2.id AND d.deleted_at IS NULL AND d.status = 'won'
           WHERE c2.id = ANY(ids) GROUP BY c2.id) x
   WHERE c.id = x.id AND (c.value_revenue <> x.revenue OR c.first_won_on IS DISTINCT FROM x.first_won);
  total := CASE WHEN r.basis = 'share' THEN (SELECT sum(value_revenue) FROM customers WHERE deleted_at IS NULL AND value_revenue > 0) END;
  UPDATE customers c SET value_grade = x.grade, value_graded_at = now()
    FROM (SELECT c2.id, zhike_value_grade_pick(c2.value_revenue,
                   CASE WHEN r.basis = 'share' AND total > 0 AND c2.value_revenue > 0 THEN
                     100 * (SELECT coalesce(sum(o.value_revenue), 0) FROM customers o
                             WHERE o.deleted_at IS NULL AND o.value_revenue > 0
                               AND (o.value_revenue > c2.value_revenue OR (o.value_revenue = c2.value_revenue AND o.id < c2.id))) / total
                   ELSE 100 END, r.basis) AS grade
            FROM customers c2 WHERE c2.id = ANY(ids)) x
   WHERE c.id = x.id AND c.value_grade IS DISTINCT FROM x.grade;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
--> statement-breakpoint
-- Regrades every customer (a rule change; the daily roll of the window): one pass over the window's won
-- deals, then one ranked pass over the customers joined to the bands; only rows whose revenue or grade
-- changes are written.
CREATE OR REPLACE FUNCTION zhike_regrade_all() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  r record;
  ws date := zhike_value_window_start();
  td date := (now() AT TIME ZONE 'Asia/Shanghai')::date;
  total numeric;
  n integer;
BEGIN
  SELECT * INTO r FROM zhike_value_rules();
  -- every customer with a won deal or a stored figure: the window's revenue and the first won deal's date
  UPDATE customers c SET value_revenue = x.revenue, first_won_on = x.first_won, value_graded_at = now()
    FROM (SELECT coalesce(w.customer_id, h.id) AS id, coalesce(w.revenue, 0) AS revenue, w.first_won
            FROM (SELECT d.customer_id, coalesce(sum(d.amount) FILTER (WHERE d.closed_on BETWEEN ws AND td), 0) AS revenue, min(d.closed_on) AS first_won
                    FROM deals d WHERE d.deleted_at IS NULL AND d.status = 'won' GROUP BY d.customer_id) w
            FULL JOIN (SELECT id FROM customers WHERE value_revenue <> 0 OR first_won_on IS NOT NULL) h ON h.id = w.customer_id) x
   WHERE c.id = x.id AND (c.value_revenue <> x.revenue OR c.first_won_on IS DISTINCT FROM x.first_won);
  total := (SELECT sum(value_revenue) FROM customers WHERE deleted_at IS NULL AND value_revenue > 0);
  UPDATE customers c SET value_grade = x.grade, value_graded_at = now()
    FROM (SELECT p.id, b.code AS grade
            FROM (SELECT id, value_revenue AS revenue,
                         CASE WHEN r.basis = 'share' AND total > 0 AND value_revenue > 0 THEN
                           100 * coalesce(sum(value_revenue) OVER (ORDER BY value_revenue DESC, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / total
                         ELSE 100 END AS before
                    FROM customers WHERE deleted_at IS NULL) p
            LEFT JOIN zhike_value_grade_bands(r.basis) b
              ON CASE WHEN r.basis = 'share'
                      THEN (p.revenue > 0 AND p.before >= b.lo AND (b.hi IS NULL OR p.before < b.hi)) OR (p.revenue <= 0 AND b.rest)
                      ELSE p.revenue >= b.lo AND (b.hi IS NULL OR p.revenue < b.hi) END) x
   WHERE c.id = x.id AND c.value_grade IS DISTINCT FROM x.grade;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
--> statement-breakpoint
-- The deals that move a grade: won ones coming, going or changing amount, close date, customer or deletion.
CREATE OR REPLACE FUNCTION zhike_deals_value_grades() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT customer_id) INTO ids FROM new_rows WHERE status = 'won';
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT customer_id) INTO ids FROM old_rows WHERE status = 'won';
  ELSE
    SELECT array_agg(DISTINCT x.customer_id) INTO ids FROM (
      SELECT unnest(ARRAY[o.customer_id, n.customer_id]) AS customer_id
        FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE (o.status = 'won' OR n.status = 'won')
         AND (o.status, o.amount, o.closed_on, o.customer_id, o.deleted_at) IS DISTINCT FROM (n.status, n.amount, n.closed_on, n.customer_id, n.deleted_at)) x;
  END IF;
  IF ids IS NOT NULL THEN PERFORM zhike_regrade_customers(ids); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deals_value_grades_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deals_value_grades();
--> statement-breakpoint
CREATE TRIGGER deals_value_grades_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deals_value_grades();
--> statement-breakpoint
CREATE TRIGGER deals_value_grades_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deals_value_grades();
--> statement-breakpoint
-- The reminders trigger on customers joins the statement's old and new rows on id; with no statistics on
-- transition tables the planner nested-looped it, and a regrade writing 6,000 customers (value_grade only)
-- spent 16 s there of 18 s (100k customers, PostgreSQL 15). A hash join makes it 2.7 s in all.
ALTER FUNCTION zhike_customers_reminders() SET enable_nestloop = off;
--> statement-breakpoint
-- grade an existing database once (a new one is empty; the demo seed grades itself)
SELECT zhike_regrade_all();
--> statement-breakpoint
-- deals closed before this migration are not put up for review (their summaries were never submitted);
-- from now on closing a deal submits its 交易总结
SELECT 1;
--> statement-breakpoint
-- customer_value_rollup and the met / revenue of customer_month_rollup: what rows of customers add (`came`,
-- +1) and take away (`gone`, −1), live rows only. The revenue of a customer's won deals follows the customer
-- to its new (unit, owner, source, grade) key; keys that fall to nothing are removed.
CREATE OR REPLACE FUNCTION zhike_value_rollup_add(gone customers[], came customers[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO customer_value_rollup AS r (org_unit_id, owner_id, source_id, stage, grade, n, manual, revenue, buyers, days, timed)
  SELECT x.org_unit_id, x.owner_id, x.source_id, x.stage, coalesce(x.value_grade_override, x.value_grade),
         sum(x.s), coalesce(sum(x.s) FILTER (WHERE x.value_grade_override IS NOT NULL), 0), sum(x.s * x.value_revenue),
         coalesce(sum(x.s) FILTER (WHERE x.first_won_on IS NOT NULL), 0),
         coalesce(sum(x.s * (x.first_won_on - x.met)) FILTER (WHERE x.first_won_on >= x.met), 0),
         coalesce(sum(x.s) FILTER (WHERE x.first_won_on >= x.met), 0)
    FROM (SELECT -1 AS s, o.*, coalesce(o.met_on, (o.created_at AT TIME ZONE 'Asia/Shanghai')::date) AS met FROM unnest(gone) o
          UNION ALL
          SELECT 1, n.*, coalesce(n.met_on, (n.created_at AT TIME ZONE 'Asia/Shanghai')::date) FROM unnest(came) n) x
   WHERE x.deleted_at IS NULL
   GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT customer_value_rollup_key DO UPDATE
    SET n = r.n + excluded.n, manual = r.manual + excluded.manual, revenue = r.revenue + excluded.revenue,
        buyers = r.buyers + excluded.buyers, days = r.days + excluded.days, timed = r.timed + excluded.timed;
  DELETE FROM customer_value_rollup WHERE n = 0;
  INSERT INTO customer_month_rollup AS r (org_unit_id, owner_id, source_id, grade, month, met, revenue)
  SELECT k.org_unit_id, k.owner_id, k.source_id, k.grade, k.month, sum(k.met), sum(k.revenue)
    FROM (SELECT x.org_unit_id, x.owner_id, x.source_id, coalesce(x.value_grade_override, x.value_grade) AS grade,
                 date_trunc('month', x.met)::date AS month, x.s AS met, 0::numeric AS revenue
            FROM (SELECT -1 AS s, o.*, coalesce(o.met_on, (o.created_at AT TIME ZONE 'Asia/Shanghai')::date) AS met FROM unnest(gone) o
                  UNION ALL
                  SELECT 1, n.*, coalesce(n.met_on, (n.created_at AT TIME ZONE 'Asia/Shanghai')::date) FROM unnest(came) n) x
           WHERE x.deleted_at IS NULL
          UNION ALL
          SELECT x.org_unit_id, x.owner_id, x.source_id, coalesce(x.value_grade_override, x.value_grade),
                 date_trunc('month', d.closed_on)::date, 0, x.s * d.amount
            FROM (SELECT -1 AS s, o.* FROM unnest(gone) o UNION ALL SELECT 1, n.* FROM unnest(came) n) x
            JOIN deals d ON d.customer_id = x.id AND d.status = 'won' AND d.deleted_at IS NULL AND d.closed_on IS NOT NULL
           WHERE x.deleted_at IS NULL) k
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(k.met) <> 0 OR sum(k.revenue) <> 0
  ON CONFLICT ON CONSTRAINT customer_month_rollup_key DO UPDATE SET met = r.met + excluded.met, revenue = r.revenue + excluded.revenue;
  DELETE FROM customer_month_rollup WHERE met = 0 AND revenue = 0;
$$;
--> statement-breakpoint
-- Once per statement on customers; an update passes only the rows whose figures or keys changed (a new
-- communication touches its customer's counters, which these rollups do not read).
CREATE OR REPLACE FUNCTION zhike_customers_value_rollup() RETURNS trigger LANGUAGE plpgsql SET enable_nestloop = off AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM zhike_value_rollup_add('{}'::customers[], array(SELECT n::customers FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM zhike_value_rollup_add(array(SELECT o::customers FROM old_rows o), '{}'::customers[]);
  ELSE
    PERFORM zhike_value_rollup_add(
      array(SELECT o::customers FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.org_unit_id, o.owner_id, o.source_id, o.stage, o.value_grade, o.value_grade_override, o.value_revenue, o.first_won_on, o.met_on, o.created_at, o.deleted_at)
                   IS DISTINCT FROM (n.org_unit_id, n.owner_id, n.source_id, n.stage, n.value_grade, n.value_grade_override, n.value_revenue, n.first_won_on, n.met_on, n.created_at, n.deleted_at)),
      array(SELECT n::customers FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.org_unit_id, o.owner_id, o.source_id, o.stage, o.value_grade, o.value_grade_override, o.value_revenue, o.first_won_on, o.met_on, o.created_at, o.deleted_at)
                   IS DISTINCT FROM (n.org_unit_id, n.owner_id, n.source_id, n.stage, n.value_grade, n.value_grade_override, n.value_revenue, n.first_won_on, n.met_on, n.created_at, n.deleted_at)));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER customers_value_rollup_insert AFTER INSERT ON customers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_customers_value_rollup();
--> statement-breakpoint
CREATE TRIGGER customers_value_rollup_update AFTER UPDATE ON customers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_customers_value_rollup();
--> statement-breakpoint
CREATE TRIGGER customers_value_rollup_delete AFTER DELETE ON customers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_customers_value_rollup();
--> statement-breakpoint
-- A won deal's revenue under its customer's key as it is now. Named to fire before deals_value_grades_*
-- (triggers of one event fire in name order): the regrade that follows moves the customer's revenue, this
-- deal's included, to the new grade's key.
CREATE OR REPLACE FUNCTION zhike_deals_revenue_add(gone deals[], came deals[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO customer_month_rollup AS r (org_unit_id, owner_id, source_id, grade, month, revenue)
  SELECT c.org_unit_id, c.owner_id, c.source_id, coalesce(c.value_grade_override, c.value_grade), date_trunc('month', d.closed_on)::date, sum(d.s * d.amount)
    FROM (SELECT -1 AS s, o.customer_id, o.closed_on, o.amount, o.status, o.deleted_at FROM unnest(gone) o
          UNION ALL
          SELECT 1, n.customer_id, n.closed_on, n.amount, n.status, n.deleted_at FROM unnest(came) n) d
    JOIN customers c ON c.id = d.customer_id AND c.deleted_at IS NULL
   WHERE d.status = 'won' AND d.deleted_at IS NULL AND d.closed_on IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(d.s * d.amount) <> 0
  ON CONFLICT ON CONSTRAINT customer_month_rollup_key DO UPDATE SET revenue = r.revenue + excluded.revenue;
  DELETE FROM customer_month_rollup WHERE met = 0 AND revenue = 0;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zhike_deals_revenue_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM zhike_deals_revenue_add('{}'::deals[], array(SELECT n::deals FROM new_rows n WHERE n.status = 'won'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM zhike_deals_revenue_add(array(SELECT o::deals FROM old_rows o WHERE o.status = 'won'), '{}'::deals[]);
  ELSE
    PERFORM zhike_deals_revenue_add(array(SELECT o::deals FROM old_rows o WHERE o.status = 'won'), array(SELECT n::deals FROM new_rows n WHERE n.status = 'won'));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER deals_revenue_months_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deals_revenue_months();
--> statement-breakpoint
CREATE TRIGGER deals_revenue_months_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deals_revenue_months();
--> statement-breakpoint
CREATE TRIGGER deals_revenue_months_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_deals_revenue_months();
--> statement-breakpoint
-- Both rollups from scratch (after bulk loads, and to check them in tests): the same figures read straight
-- from the tables.
CREATE OR REPLACE FUNCTION zhike_value_rollup_rebuild() RETURNS void LANGUAGE sql AS $$
  TRUNCATE customer_value_rollup;
  TRUNCATE customer_month_rollup;
  INSERT INTO customer_value_rollup (org_unit_id, owner_id, source_id, stage, grade, n, manual, revenue, buyers, days, timed)
  SELECT x.org_unit_id, x.owner_id, x.source_id, x.stage, coalesce(x.value_grade_override, x.value_grade),
         count(*), count(x.value_grade_override), sum(x.value_revenue), count(x.first_won_on),
         coalesce(sum(x.first_won_on - x.met) FILTER (WHERE x.first_won_on >= x.met), 0), count(*) FILTER (WHERE x.first_won_on >= x.met)
    FROM (SELECT c.*, coalesce(c.met_on, (c.created_at AT TIME ZONE 'Asia/Shanghai')::date) AS met FROM customers c WHERE c.deleted_at IS NULL) x
   GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO customer_month_rollup (org_unit_id, owner_id, source_id, grade, month, met, revenue)
  SELECT k.org_unit_id, k.owner_id, k.source_id, k.grade, k.month, sum(k.met), sum(k.revenue)
    FROM (SELECT c.org_unit_id, c.owner_id, c.source_id, coalesce(c.value_grade_override, c.value_grade) AS grade,
                 date_trunc('month', coalesce(c.met_on, (c.created_at AT TIME ZONE 'Asia/Shanghai')::date))::date AS month, 1 AS met, 0::numeric AS revenue
            FROM customers c WHERE c.deleted_at IS NULL
          UNION ALL
          SELECT c.org_unit_id, c.owner_id, c.source_id, coalesce(c.value_grade_override, c.value_grade), date_trunc('month', d.closed_on)::date, 0, d.amount
            FROM deals d JOIN customers c ON c.id = d.customer_id AND c.deleted_at IS NULL
           WHERE d.status = 'won' AND d.deleted_at IS NULL AND d.closed_on IS NOT NULL) k
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(k.met) <> 0 OR sum(k.revenue) <> 0;
$$;
--> statement-breakpoint
SELECT zhike_value_rollup_rebuild();
--> statement-breakpoint
ANALYZE customer_value_rollup;
--> statement-breakpoint
ANALYZE customer_month_rollup;
