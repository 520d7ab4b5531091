CREATE TYPE "public"."check_in_outcome" AS ENUM('accepted', 'duplicate', 'refused');--> statement-breakpoint
CREATE TYPE "public"."check_in_source" AS ENUM('search', 'scan', 'offline');--> statement-breakpoint
CREATE TABLE "check_in" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"staff_user_id" uuid,
	"device_id" text,
	"source" "check_in_source" NOT NULL,
	"outcome" "check_in_outcome" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "registration" ADD COLUMN "ticket_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "registration" ADD COLUMN "ticket_hash" text;--> statement-breakpoint
ALTER TABLE "registration" ADD COLUMN "void_ticket_hash" text;--> statement-breakpoint
ALTER TABLE "staff_session" ADD COLUMN "kiosk_event_id" uuid;--> statement-breakpoint
ALTER TABLE "check_in" ADD CONSTRAINT "check_in_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_in" ADD CONSTRAINT "check_in_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_in" ADD CONSTRAINT "check_in_staff_user_id_staff_user_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_in_registration_idx" ON "check_in" USING btree ("registration_id","at");--> statement-breakpoint
CREATE INDEX "check_in_event_idx" ON "check_in" USING btree ("event_id","at");--> statement-breakpoint
ALTER TABLE "staff_session" ADD CONSTRAINT "staff_session_kiosk_event_id_event_id_fk" FOREIGN KEY ("kiosk_event_id") REFERENCES "public"."event"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "registration_ticket_hash_uq" ON "registration" USING btree ("ticket_hash") WHERE "registration"."ticket_hash" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "registration_void_ticket_hash_idx" ON "registration" USING btree ("void_ticket_hash") WHERE "registration"."void_ticket_hash" IS NOT NULL;