CREATE TABLE "reminder_items" (
	"owner_id" uuid NOT NULL,
	"dedupe_key" text NOT NULL,
	"position" integer NOT NULL,
	"kind" "reminder_kind" NOT NULL,
	"title" text NOT NULL,
	"detail" jsonb NOT NULL,
	"due_on" date NOT NULL,
	"customer_id" uuid,
	"customer_name" text,
	"ref_type" text NOT NULL,
	"ref_id" uuid NOT NULL,
	"href" text NOT NULL,
	"done_at" timestamp with time zone,
	"snoozed_until" date,
	CONSTRAINT "reminder_items_pkey" PRIMARY KEY("owner_id","dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "reminder_owners" (
	"owner_id" uuid PRIMARY KEY NOT NULL,
	"computed_for" date,
	"stale_seq" bigint DEFAULT 1 NOT NULL,
	"fresh_seq" bigint DEFAULT 0 NOT NULL,
	"issues" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"overdue_follow_ups" integer DEFAULT 0 NOT NULL,
	"plans_to_review" integer DEFAULT 0 NOT NULL,
	"refreshed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "reminder_items" ADD CONSTRAINT "reminder_items_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_owners" ADD CONSTRAINT "reminder_owners_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reminder_items_owner_position_idx" ON "reminder_items" USING btree ("owner_id","position");--> statement-breakpoint
-- The materialised reminder inbox is kept current by the writes that change it, whoever writes (the app,
-- imports, sync, the company cascade, psql): once per statement, every person whose own work a changed
-- row belongs to — before or after the change — has their inbox marked stale (stale_seq + 1). The next
-- read of that inbox, or the daily roll-over, recomputes it (db/queries/reminder-inbox.ts). Only the
-- columns the engine reads count as a change. Owners are upserted in id order so that two statements
-- marking overlapping sets cannot deadlock.
CREATE OR REPLACE FUNCTION zhike_reminders_stale(owners uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO reminder_owners AS r (owner_id)
  SELECT DISTINCT o FROM unnest(owners) o WHERE o IS NOT NULL ORDER BY 1
  ON CONFLICT (owner_id) DO UPDATE SET stale_seq = r.stale_seq + 1;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zhike_customers_reminders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM zhike_reminders_stale(array(SELECT DISTINCT owner_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM zhike_reminders_stale(array(SELECT DISTINCT owner_id FROM old_rows));
  ELSE
    -- the customer's owner before and after, and the owners of its deals (a deal reminder names its
    -- customer, and is shown only while that customer is its owner's)
    PERFORM zhike_reminders_stale(array(
      WITH changed AS (
        SELECT o.id, o.owner_id AS old_owner, n.owner_id AS new_owner
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE (o.owner_id, o.name, o.deleted_at, o.solar_birthday, o.lunar_birth_year, o.lunar_birth_month, o.lunar_birth_day,
                o.lunar_birth_leap, o.wedding_anniversary, o.met_on, o.created_at, o.contact_count, o.last_contact_at,
                o.next_touch_on, o.follow_up_on, o.follow_up_id)
               IS DISTINCT FROM
               (n.owner_id, n.name, n.deleted_at, n.solar_birthday, n.lunar_birth_year, n.lunar_birth_month, n.lunar_birth_day,
                n.lunar_birth_leap, n.wedding_anniversary, n.met_on, n.created_at, n.contact_count, n.last_contact_at,
                n.next_touch_on, n.follow_up_on, n.follow_up_id)
      )
      SELECT old_owner FROM changed
      UNION SELECT new_owner FROM changed
      UNION SELECT d.owner_id FROM deals d JOIN changed c ON d.customer_id = c.id
       WHERE d.deleted_at IS NULL AND d.status = 'open'));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER customers_reminders_insert AFTER INSERT ON customers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_customers_reminders();
--> statement-breakpoint
CREATE TRIGGER customers_reminders_update AFTER UPDATE ON customers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_customers_reminders();
--> statement-breakpoint
CREATE TRIGGER customers_reminders_delete AFTER DELETE ON customers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_customers_reminders();
--> statement-breakpoint
-- 重要日期 belong to their customer's owner
CREATE OR REPLACE FUNCTION zhike_customer_dates_reminders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM zhike_reminders_stale(array(SELECT DISTINCT c.owner_id FROM new_rows x JOIN customers c ON c.id = x.customer_id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM zhike_reminders_stale(array(SELECT DISTINCT c.owner_id FROM old_rows x JOIN customers c ON c.id = x.customer_id));
  ELSE
    PERFORM zhike_reminders_stale(array(
      SELECT c.owner_id FROM old_rows x JOIN customers c ON c.id = x.customer_id
      UNION SELECT c.owner_id FROM new_rows x JOIN customers c ON c.id = x.customer_id));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER customer_dates_reminders_insert AFTER INSERT ON customer_dates REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_customer_dates_reminders();
--> statement-breakpoint
CREATE TRIGGER customer_dates_reminders_update AFTER UPDATE ON customer_dates REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_customer_dates_reminders();
--> statement-breakpoint
CREATE TRIGGER customer_dates_reminders_delete AFTER DELETE ON customer_dates REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_customer_dates_reminders();
--> statement-breakpoint
-- Tables whose rows carry their owner: communications (a follow-up shows its topic), deals, to-dos, plans.
-- TG_ARGV[0] lists the columns the engine reads, compared between the old and the new row.
CREATE OR REPLACE FUNCTION zhike_owned_reminders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM zhike_reminders_stale(array(SELECT DISTINCT owner_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM zhike_reminders_stale(array(SELECT DISTINCT owner_id FROM old_rows));
  ELSE
    EXECUTE format(
      'SELECT zhike_reminders_stale(array(
         SELECT o.owner_id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (%1$s) IS DISTINCT FROM (%2$s)
         UNION SELECT n.owner_id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (%1$s) IS DISTINCT FROM (%2$s)))',
      'o.' || replace(TG_ARGV[0], ',', ', o.'), 'n.' || replace(TG_ARGV[0], ',', ', n.'));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER communications_reminders_insert AFTER INSERT ON communications REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders();
--> statement-breakpoint
CREATE TRIGGER communications_reminders_update AFTER UPDATE ON communications REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders('owner_id,customer_id,topic,next_follow_up,deleted_at');
--> statement-breakpoint
CREATE TRIGGER communications_reminders_delete AFTER DELETE ON communications REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders();
--> statement-breakpoint
CREATE TRIGGER deals_reminders_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders();
--> statement-breakpoint
CREATE TRIGGER deals_reminders_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders('owner_id,customer_id,title,expected_date,status,deleted_at');
--> statement-breakpoint
CREATE TRIGGER deals_reminders_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders();
--> statement-breakpoint
CREATE TRIGGER todos_reminders_insert AFTER INSERT ON todos REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders();
--> statement-breakpoint
CREATE TRIGGER todos_reminders_update AFTER UPDATE ON todos REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders('owner_id,title,due_on,done_at,customer_id,deleted_at');
--> statement-breakpoint
CREATE TRIGGER todos_reminders_delete AFTER DELETE ON todos REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders();
--> statement-breakpoint
CREATE TRIGGER plans_reminders_insert AFTER INSERT ON plans REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders();
--> statement-breakpoint
CREATE TRIGGER plans_reminders_update AFTER UPDATE ON plans REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders('owner_id,subject,start_date,end_date,completed_on,review_status,deleted_at');
--> statement-breakpoint
CREATE TRIGGER plans_reminders_delete AFTER DELETE ON plans REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders();
--> statement-breakpoint
-- The advance notice and the touch intervals change everybody's inbox.
CREATE OR REPLACE FUNCTION zhike_settings_reminders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (CASE WHEN TG_OP = 'DELETE' THEN OLD.key ELSE NEW.key END) IN ('reminder_advance_days', 'forgetting_curve_days') THEN
    UPDATE reminder_owners SET stale_seq = stale_seq + 1;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER app_settings_reminders AFTER INSERT OR UPDATE OR DELETE ON app_settings FOR EACH ROW EXECUTE FUNCTION zhike_settings_reminders();
