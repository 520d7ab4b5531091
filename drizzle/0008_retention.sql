CREATE TYPE "public"."retention_trigger" AS ENUM('timer', 'cli', 'staff');--> statement-breakpoint
CREATE TABLE "retention_run" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" "retention_trigger" NOT NULL,
	"dry_run" boolean NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"counts" jsonb,
	"error" text
);
--> statement-breakpoint
CREATE INDEX "retention_run_started_idx" ON "retention_run" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "registration_phone_idx" ON "registration" USING btree (("phone" COLLATE "C"));--> statement-breakpoint
CREATE INDEX "audit_event_detail_registration_idx" ON "audit_event" USING btree (("details" ->> 'registrationId'));--> statement-breakpoint
CREATE INDEX "audit_event_detail_duplicate_idx" ON "audit_event" USING btree (("details" ->> 'duplicateId'));--> statement-breakpoint
CREATE INDEX "audit_event_detail_person_idx" ON "audit_event" USING btree (("details" ->> 'personId'));--> statement-breakpoint
CREATE INDEX "audit_event_actor_action_idx" ON "audit_event" USING btree ("actor_id","action");--> statement-breakpoint
CREATE INDEX "organisation_business_id_prefix_idx" ON "organisation" USING btree (("business_id" COLLATE "C"));--> statement-breakpoint
CREATE INDEX "organisation_phone_idx" ON "organisation" USING btree (("phone" COLLATE "C"));