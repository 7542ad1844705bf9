-- Keeps customers.contact_count and customers.last_contact_at in step with communications, whoever
-- writes them (the app, the seed, imports, sync). Serves the reminder inbox: the forgetting curve needs
-- each customer's touches, which would otherwise be a count over every communication in scope.
CREATE OR REPLACE FUNCTION zhike_communications_touch() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.deleted_at IS NULL THEN
      UPDATE customers
         SET contact_count = contact_count + 1,
             last_contact_at = greatest(last_contact_at, NEW.contacted_at)
       WHERE id = NEW.customer_id;
    END IF;
    RETURN NEW;
  END IF;
  -- update (soft delete, restore, move to another customer, new time) or delete: recount the customers involved
  UPDATE customers c
     SET contact_count = (SELECT count(*) FROM communications m WHERE m.customer_id = c.id AND m.deleted_at IS NULL),
         last_contact_at = (SELECT max(m.contacted_at) FROM communications m WHERE m.customer_id = c.id AND m.deleted_at IS NULL)
   WHERE c.id IN (OLD.customer_id, CASE WHEN TG_OP = 'UPDATE' THEN NEW.customer_id ELSE OLD.customer_id END);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER communications_touch_insert AFTER INSERT ON communications
  FOR EACH ROW EXECUTE FUNCTION zhike_communications_touch();
--> statement-breakpoint
CREATE TRIGGER communications_touch_change AFTER UPDATE OF deleted_at, customer_id, contacted_at OR DELETE ON communications
  FOR EACH ROW EXECUTE FUNCTION zhike_communications_touch();
--> statement-breakpoint
UPDATE customers c
   SET contact_count = s.n
  FROM (SELECT customer_id, count(*)::int AS n FROM communications WHERE deleted_at IS NULL GROUP BY customer_id) s
 WHERE s.customer_id = c.id;
