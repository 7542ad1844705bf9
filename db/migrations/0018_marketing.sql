-- 服务营销 (#15): reps send marketing messages to their own customers (their data scope "self" keeps it to
-- them); databases created before get the permission here, a fresh one from the seed's DEFAULT_ROLES.
UPDATE roles SET permissions = array_append(permissions, 'marketing:send')
 WHERE code = 'rep' AND NOT ('marketing:send' = ANY (permissions));
--> statement-breakpoint
CREATE TYPE "public"."campaign_status" AS ENUM('sending', 'paused', 'done', 'cancelled');--> statement-breakpoint
ALTER TYPE "public"."send_status" ADD VALUE 'sending';--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" "message_channel" NOT NULL,
	"name" text NOT NULL,
	"template_id" uuid,
	"subject" text,
	"body" text NOT NULL,
	"audience" jsonb NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"status" "campaign_status" DEFAULT 'sending' NOT NULL,
	"transport" text NOT NULL,
	"owner_id" uuid,
	"org_unit_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"job" text NOT NULL,
	"day" date NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"result" jsonb,
	"error" text,
	CONSTRAINT "job_runs_job_day_pk" PRIMARY KEY("job","day")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "salutation" text;--> statement-breakpoint
ALTER TABLE "message_sends" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
ALTER TABLE "message_sends" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "message_sends" ADD COLUMN "provider_id" text;--> statement-breakpoint
ALTER TABLE "message_sends" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD COLUMN "source" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_template_id_message_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."message_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaigns_owner_idx" ON "campaigns" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "campaigns_unit_idx" ON "campaigns" USING btree ("org_unit_id","created_at");--> statement-breakpoint
CREATE INDEX "campaigns_status_idx" ON "campaigns" USING btree ("status");--> statement-breakpoint
ALTER TABLE "message_sends" ADD CONSTRAINT "message_sends_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_sends_campaign_status_idx" ON "message_sends" USING btree ("campaign_id","status","id");--> statement-breakpoint
CREATE INDEX "message_sends_campaign_idx" ON "message_sends" USING btree ("campaign_id","id");