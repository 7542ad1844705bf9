ALTER TABLE "customers" ADD COLUMN "next_touch_on" date;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "follow_up_on" date;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "follow_up_id" uuid;--> statement-breakpoint
CREATE INDEX "customers_birthday_md_idx" ON "customers" USING btree (((extract(month from "solar_birthday"))::int * 100 + (extract(day from "solar_birthday"))::int)) WHERE deleted_at is null and solar_birthday is not null;--> statement-breakpoint
CREATE INDEX "customers_anniversary_md_idx" ON "customers" USING btree (((extract(month from "wedding_anniversary"))::int * 100 + (extract(day from "wedding_anniversary"))::int)) WHERE deleted_at is null and wedding_anniversary is not null;--> statement-breakpoint
CREATE INDEX "customers_lunar_md_idx" ON "customers" USING btree (("lunar_birth_month" * 100 + "lunar_birth_day")) WHERE deleted_at is null and lunar_birth_month is not null;--> statement-breakpoint
CREATE INDEX "customers_next_touch_idx" ON "customers" USING btree ("next_touch_on") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "customers_follow_up_idx" ON "customers" USING btree ("follow_up_on") WHERE deleted_at is null and follow_up_on is not null;--> statement-breakpoint
-- The forgetting curve's intervals (渐忘曲线间隔): the admin's setting, else lib/forgetting-curve.ts's
-- DEFAULT_TOUCH_DAYS (a database test checks the two agree).
CREATE OR REPLACE FUNCTION zhike_touch_days() RETURNS int[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT array_agg(e.x::int ORDER BY e.ord)
       FROM app_settings s, jsonb_array_elements_text(s.value) WITH ORDINALITY AS e(x, ord)
      WHERE s.key = 'forgetting_curve_days' AND jsonb_typeof(s.value) = 'array'),
    ARRAY[1, 2, 4, 7, 15, 30, 60, 90, 180]);
$$;
--> statement-breakpoint
-- lib/reminders/forgetting.ts forgettingState().nextTouchOn, in SQL: the n-th touch is due sched(n) days
-- after the meeting, or — when the rep touched late — the same gap after the last touch, whichever is later.
CREATE OR REPLACE FUNCTION zhike_next_touch(met date, touches int, last_touch date, days int[], every int DEFAULT 180)
RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT greatest(met + s.cur, greatest(met, coalesce(last_touch, met)) + (s.cur - s.prev))
    FROM (SELECT CASE WHEN k.n < k.l THEN days[k.n + 1] ELSE days[k.l] + (k.n - k.l + 1) * every END AS cur,
                 CASE WHEN k.n = 0 THEN 0 WHEN k.n - 1 < k.l THEN days[k.n] ELSE days[k.l] + (k.n - k.l) * every END AS prev
            FROM (SELECT greatest(coalesce(touches, 0), 0) AS n, cardinality(days) AS l) k) s;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zhike_customer_next_touch(met_on date, created_at timestamptz, contact_count int, last_contact_at timestamptz, days int[])
RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT zhike_next_touch(coalesce(met_on, (created_at AT TIME ZONE 'Asia/Shanghai')::date), contact_count,
                          (last_contact_at AT TIME ZONE 'Asia/Shanghai')::date, days);
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zhike_customers_next_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.next_touch_on := zhike_customer_next_touch(NEW.met_on, NEW.created_at, NEW.contact_count, NEW.last_contact_at, zhike_touch_days());
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER customers_next_touch BEFORE INSERT OR UPDATE OF met_on, created_at, contact_count, last_contact_at ON customers
  FOR EACH ROW EXECUTE FUNCTION zhike_customers_next_touch();
--> statement-breakpoint
UPDATE customers SET next_touch_on = zhike_customer_next_touch(met_on, created_at, contact_count, last_contact_at, zhike_touch_days());
--> statement-breakpoint
-- Migration 0003's trigger, now also keeping the customer's open follow-up: the next_follow_up of the
-- latest live communication (ties on contacted_at: the later id), with that communication's id.
CREATE OR REPLACE FUNCTION zhike_communications_touch() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.deleted_at IS NULL THEN
      -- (last_contact_at may be later than the customer's own communications: a company is also
      -- "contacted" through its contact people, so the latest own record is looked up, not inferred)
      UPDATE customers c
         SET contact_count = contact_count + 1,
             last_contact_at = greatest(last_contact_at, NEW.contacted_at),
             (follow_up_on, follow_up_id) = (
               SELECT m.next_follow_up, CASE WHEN m.next_follow_up IS NULL THEN NULL ELSE m.id END
                 FROM communications m WHERE m.customer_id = c.id AND m.deleted_at IS NULL
                ORDER BY m.contacted_at DESC, m.id DESC LIMIT 1)
       WHERE c.id = NEW.customer_id;
    END IF;
    RETURN NEW;
  END IF;
  -- update (soft delete, restore, move to another customer, new time or follow-up date) or delete:
  -- recount the customers involved
  UPDATE customers c
     SET contact_count = (SELECT count(*) FROM communications m WHERE m.customer_id = c.id AND m.deleted_at IS NULL),
         last_contact_at = (SELECT max(m.contacted_at) FROM communications m WHERE m.customer_id = c.id AND m.deleted_at IS NULL),
         (follow_up_on, follow_up_id) = (
           SELECT m.next_follow_up, CASE WHEN m.next_follow_up IS NULL THEN NULL ELSE m.id END
             FROM communications m WHERE m.customer_id = c.id AND m.deleted_at IS NULL
            ORDER BY m.contacted_at DESC, m.id DESC LIMIT 1)
   WHERE c.id IN (OLD.customer_id, CASE WHEN TG_OP = 'UPDATE' THEN NEW.customer_id ELSE OLD.customer_id END);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS communications_touch_change ON communications;
--> statement-breakpoint
CREATE TRIGGER communications_touch_change AFTER UPDATE OF deleted_at, customer_id, contacted_at, next_follow_up OR DELETE ON communications
  FOR EACH ROW EXECUTE FUNCTION zhike_communications_touch();
--> statement-breakpoint
-- Recomputes every customer's open follow-up at once (this migration; bulk loads that skip the trigger).
CREATE OR REPLACE FUNCTION zhike_refresh_follow_ups() RETURNS void LANGUAGE sql AS $$
  UPDATE customers c
     SET follow_up_on = l.next_follow_up,
         follow_up_id = CASE WHEN l.next_follow_up IS NULL THEN NULL ELSE l.id END
    FROM (SELECT DISTINCT ON (customer_id) customer_id, id, next_follow_up FROM communications
           WHERE deleted_at IS NULL ORDER BY customer_id, contacted_at DESC, id DESC) l
   WHERE l.customer_id = c.id AND (c.follow_up_on, c.follow_up_id) IS DISTINCT FROM (l.next_follow_up, CASE WHEN l.next_follow_up IS NULL THEN NULL ELSE l.id END);
$$;
--> statement-breakpoint
SELECT zhike_refresh_follow_ups();
