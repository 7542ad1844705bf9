ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- A session token carries the session_version it was issued under; any change to who the user is or
-- what they may do retires every token issued before it, whoever writes the row (admin screens not
-- built yet, scripts, a psql session). Sign-out bumps the column itself (bumpSessionVersion).
CREATE OR REPLACE FUNCTION zhike_users_session_version() RETURNS trigger AS $$
BEGIN
  NEW.session_version := greatest(NEW.session_version, OLD.session_version + 1);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER users_session_version BEFORE UPDATE OF password_hash, role_id, org_unit_id, active, deleted_at ON users
  FOR EACH ROW
  WHEN ((OLD.password_hash, OLD.role_id, OLD.org_unit_id, OLD.active, OLD.deleted_at)
        IS DISTINCT FROM (NEW.password_hash, NEW.role_id, NEW.org_unit_id, NEW.active, NEW.deleted_at))
  EXECUTE FUNCTION zhike_users_session_version();
