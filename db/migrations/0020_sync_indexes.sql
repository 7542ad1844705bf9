CREATE INDEX "customers_owner_sync_idx" ON "customers" USING btree ("owner_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "communications_owner_sync_idx" ON "communications" USING btree ("owner_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "deals_owner_sync_idx" ON "deals" USING btree ("owner_id","updated_at","id");
