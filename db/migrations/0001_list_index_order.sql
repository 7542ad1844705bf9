DROP INDEX "customer_stage_history_customer_idx";--> statement-breakpoint
DROP INDEX "customers_owner_updated_idx";--> statement-breakpoint
DROP INDEX "customers_unit_updated_idx";--> statement-breakpoint
DROP INDEX "customers_updated_idx";--> statement-breakpoint
DROP INDEX "customers_created_idx";--> statement-breakpoint
DROP INDEX "communications_customer_idx";--> statement-breakpoint
DROP INDEX "communications_owner_idx";--> statement-breakpoint
DROP INDEX "communications_unit_idx";--> statement-breakpoint
DROP INDEX "communications_contacted_idx";--> statement-breakpoint
DROP INDEX "deals_owner_idx";--> statement-breakpoint
DROP INDEX "deals_unit_idx";--> statement-breakpoint
CREATE INDEX "customers_contact_idx" ON "customers" USING btree (coalesce("last_contact_at", '-infinity'::timestamptz) desc,"id" DESC NULLS FIRST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "customer_stage_history_customer_idx" ON "customer_stage_history" USING btree ("customer_id","changed_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "customers_owner_updated_idx" ON "customers" USING btree ("owner_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "customers_unit_updated_idx" ON "customers" USING btree ("org_unit_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "customers_updated_idx" ON "customers" USING btree ("updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "customers_created_idx" ON "customers" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "communications_customer_idx" ON "communications" USING btree ("customer_id","contacted_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "communications_owner_idx" ON "communications" USING btree ("owner_id","contacted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "communications_unit_idx" ON "communications" USING btree ("org_unit_id","contacted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "communications_contacted_idx" ON "communications" USING btree ("contacted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "deals_owner_idx" ON "deals" USING btree ("owner_id","updated_at" DESC NULLS FIRST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "deals_unit_idx" ON "deals" USING btree ("org_unit_id","updated_at" DESC NULLS FIRST) WHERE deleted_at is null;