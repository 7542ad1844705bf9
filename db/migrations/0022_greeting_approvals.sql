ALTER TYPE "public"."reminder_kind" ADD VALUE 'greeting_approval' BEFORE 'solar_birthday';--> statement-breakpoint
-- 待确认的问候 in the reminder inbox: a campaign's owner has their inbox marked stale when one of theirs is
-- created, changes status (held for approval 'paused' → sent or cancelled), is renamed or changes size, through
-- the same trigger function as the other owned rows (migration 0011).
CREATE TRIGGER campaigns_reminders_insert AFTER INSERT ON campaigns REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders();
--> statement-breakpoint
CREATE TRIGGER campaigns_reminders_update AFTER UPDATE ON campaigns REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders('owner_id,status,name,total');
--> statement-breakpoint
CREATE TRIGGER campaigns_reminders_delete AFTER DELETE ON campaigns REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION zhike_owned_reminders();
