CREATE TYPE "public"."waitlist_mode" AS ENUM('automatic', 'offer');--> statement-breakpoint
CREATE TYPE "public"."message_audience" AS ENUM('confirmed', 'waitlisted', 'checked_in', 'not_checked_in');--> statement-breakpoint
CREATE TYPE "public"."message_status" AS ENUM('draft', 'sending', 'sent');--> statement-breakpoint
CREATE TYPE "public"."reminder_kind" AS ENUM('before_start', 'after_end');--> statement-breakpoint
CREATE TABLE "event_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"author_id" uuid,
	"audience" "message_audience"[] NOT NULL,
	"marketing" boolean DEFAULT false NOT NULL,
	"subject_fi" text DEFAULT '' NOT NULL,
	"subject_sv" text DEFAULT '' NOT NULL,
	"subject_en" text DEFAULT '' NOT NULL,
	"body_fi" text DEFAULT '' NOT NULL,
	"body_sv" text DEFAULT '' NOT NULL,
	"body_en" text DEFAULT '' NOT NULL,
	"status" "message_status" DEFAULT 'draft' NOT NULL,
	"recipient_count" integer DEFAULT 0 NOT NULL,
	"excluded_count" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_message_recipient" (
	"message_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"outbox_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_message_recipient_message_id_registration_id_pk" PRIMARY KEY("message_id","registration_id")
);
--> statement-breakpoint
CREATE TABLE "event_reminder" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"kind" "reminder_kind" DEFAULT 'before_start' NOT NULL,
	"hours" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"subject_fi" text DEFAULT '' NOT NULL,
	"subject_sv" text DEFAULT '' NOT NULL,
	"subject_en" text DEFAULT '' NOT NULL,
	"body_fi" text DEFAULT '' NOT NULL,
	"body_sv" text DEFAULT '' NOT NULL,
	"body_en" text DEFAULT '' NOT NULL,
	"sent_at" timestamp with time zone,
	"queued_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_reminder_event_kind_hours_uq" UNIQUE("event_id","kind","hours"),
	CONSTRAINT "event_reminder_hours_positive" CHECK ("event_reminder"."hours" > 0)
);
--> statement-breakpoint
CREATE TABLE "reminder_delivery" (
	"reminder_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"outbox_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_delivery_reminder_id_registration_id_pk" PRIMARY KEY("reminder_id","registration_id")
);
--> statement-breakpoint
ALTER TABLE "event" ADD COLUMN "contact_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "event" ADD COLUMN "contact_email" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "event" ADD COLUMN "contact_phone" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "event" ADD COLUMN "waitlist_mode" "waitlist_mode" DEFAULT 'automatic' NOT NULL;--> statement-breakpoint
ALTER TABLE "event" ADD COLUMN "offer_hours" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "event" ADD COLUMN "series_id" uuid;--> statement-breakpoint
ALTER TABLE "registration" ADD COLUMN "reminders_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "registration" ADD COLUMN "offer_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "event_message" ADD CONSTRAINT "event_message_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_message" ADD CONSTRAINT "event_message_author_id_staff_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."staff_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_message_recipient" ADD CONSTRAINT "event_message_recipient_message_id_event_message_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."event_message"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_message_recipient" ADD CONSTRAINT "event_message_recipient_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_reminder" ADD CONSTRAINT "event_reminder_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_delivery" ADD CONSTRAINT "reminder_delivery_reminder_id_event_reminder_id_fk" FOREIGN KEY ("reminder_id") REFERENCES "public"."event_reminder"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_delivery" ADD CONSTRAINT "reminder_delivery_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_message_event_idx" ON "event_message" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE INDEX "event_message_recipient_registration_idx" ON "event_message_recipient" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "reminder_delivery_registration_idx" ON "reminder_delivery" USING btree ("registration_id");--> statement-breakpoint
ALTER TABLE "event" ADD CONSTRAINT "event_series_id_event_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."event_series"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registration_offer_idx" ON "registration" USING btree ("offer_expires_at") WHERE "registration"."offer_expires_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "event" ADD CONSTRAINT "event_offer_hours_positive" CHECK ("event"."offer_hours" > 0);--> statement-breakpoint
ALTER TABLE "registration" ADD CONSTRAINT "registration_offer_waitlisted" CHECK ("registration"."offer_expires_at" IS NULL OR "registration"."status" = 'waitlisted');--> statement-breakpoint
-- Events still to come get the default reminder a new event gets: one, 24 hours before the start.
INSERT INTO "event_reminder" ("event_id", "hours") SELECT "id", 24 FROM "event" WHERE "starts_at" > now();
