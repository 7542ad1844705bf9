-- Value rollups (0014): an update of customers that moves nothing the rollups count — a contact logged
-- (last_contact_at, contact_count), a note or a phone number edited — no longer calls zhike_value_rollup_add
-- with two empty arrays. That call planned and ran its four statements anyway (~5 ms), twice for every
-- communication saved (the app's last-contact update and the contact-count trigger's), which made an offline
-- push of 50 communications cost ~1 s on the server. The changed rows are read in one pass.
CREATE OR REPLACE FUNCTION zhike_customers_value_rollup() RETURNS trigger LANGUAGE plpgsql SET enable_nestloop = off AS $$
DECLARE
  gone customers[];
  came customers[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM zhike_value_rollup_add('{}'::customers[], array(SELECT n::customers FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM zhike_value_rollup_add(array(SELECT o::customers FROM old_rows o), '{}'::customers[]);
  ELSE
    SELECT array_agg(o::customers), array_agg(n::customers) INTO gone, came
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE (o.org_unit_id, o.owner_id, o.source_id, o.stage, o.value_grade, o.value_grade_override, o.value_revenue, o.first_won_on, o.met_on, o.created_at, o.deleted_at)
           IS DISTINCT FROM (n.org_unit_id, n.owner_id, n.source_id, n.stage, n.value_grade, n.value_grade_override, n.value_revenue, n.first_won_on, n.met_on, n.created_at, n.deleted_at);
    IF gone IS NOT NULL THEN
      PERFORM zhike_value_rollup_add(gone, came);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
