CREATE TYPE "public"."image_people" AS ENUM('none', 'consent_recorded');--> statement-breakpoint
CREATE TYPE "public"."group_mode" AS ENUM('all_or_none', 'fill_then_wait');--> statement-breakpoint
ALTER TYPE "public"."token_purpose" ADD VALUE 'group';--> statement-breakpoint
CREATE TABLE "site_brand" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"name" text,
	"colour" text,
	"footer_links" jsonb,
	"logo_svg" text,
	"logo_png" "bytea",
	"logo_width" integer,
	"logo_height" integer,
	"logo_hash" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "site_brand_single_row" CHECK ("site_brand"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "event_image" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"alt_fi" text NOT NULL,
	"alt_sv" text DEFAULT '' NOT NULL,
	"alt_en" text DEFAULT '' NOT NULL,
	"people" "image_people" NOT NULL,
	"confirmed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_image_variant" (
	"event_id" uuid NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"format" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "event_image_variant_event_id_width_format_pk" PRIMARY KEY("event_id","width","format")
);
--> statement-breakpoint
CREATE TABLE "registration_group" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"booker_person_id" uuid NOT NULL,
	"booker_first_name" text,
	"booker_last_name" text,
	"booker_email" text,
	"booker_email_normalised" text,
	"booker_attends" boolean NOT NULL,
	"mode" "group_mode" NOT NULL,
	"locale" text NOT NULL,
	"notice_version" text NOT NULL,
	"purge_after" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registration_group_member" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"registration_id" uuid,
	"is_booker" boolean DEFAULT false NOT NULL,
	"first_name" text,
	"last_name" text,
	"email" text,
	"answered_status" "registration_status" NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_group_member_position_uq" UNIQUE("group_id","position"),
	CONSTRAINT "registration_group_member_position_positive" CHECK ("registration_group_member"."position" > 0)
);
--> statement-breakpoint
ALTER TABLE "access_token" DROP CONSTRAINT "access_token_has_subject";--> statement-breakpoint
ALTER TABLE "access_token" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "site_brand" ADD CONSTRAINT "site_brand_updated_by_staff_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_image" ADD CONSTRAINT "event_image_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_image" ADD CONSTRAINT "event_image_confirmed_by_staff_user_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."staff_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_image_variant" ADD CONSTRAINT "event_image_variant_event_id_event_image_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event_image"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_group" ADD CONSTRAINT "registration_group_event_id_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."event"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_group" ADD CONSTRAINT "registration_group_booker_person_id_person_id_fk" FOREIGN KEY ("booker_person_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_group_member" ADD CONSTRAINT "registration_group_member_group_id_registration_group_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."registration_group"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_group_member" ADD CONSTRAINT "registration_group_member_registration_id_registration_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registration"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registration_group_event_idx" ON "registration_group" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "registration_group_booker_idx" ON "registration_group" USING btree ("booker_person_id");--> statement-breakpoint
CREATE INDEX "registration_group_email_idx" ON "registration_group" USING btree ("booker_email_normalised");--> statement-breakpoint
CREATE INDEX "registration_group_purge_idx" ON "registration_group" USING btree ("purge_after");--> statement-breakpoint
CREATE INDEX "registration_group_member_registration_idx" ON "registration_group_member" USING btree ("registration_id");--> statement-breakpoint
ALTER TABLE "access_token" ADD CONSTRAINT "access_token_group_id_registration_group_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."registration_group"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_token_group_idx" ON "access_token" USING btree ("group_id");--> statement-breakpoint
ALTER TABLE "access_token" ADD CONSTRAINT "access_token_has_subject" CHECK ("access_token"."person_id" IS NOT NULL OR "access_token"."registration_id" IS NOT NULL OR "access_token"."group_id" IS NOT NULL);