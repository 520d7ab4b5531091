CREATE TYPE "public"."person_alias_reason" AS ENUM('link', 'merge');--> statement-breakpoint
CREATE TYPE "public"."contact_basis" AS ENUM('customer_relationship', 'legitimate_interest', 'consent');--> statement-breakpoint
CREATE TYPE "public"."contact_source" AS ENUM('import', 'registration', 'manual');--> statement-breakpoint
CREATE TYPE "public"."customer_status" AS ENUM('current', 'former', 'prospect');--> statement-breakpoint
CREATE TABLE "contact_person" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"organisation_id" uuid,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text,
	"email_normalised" text,
	"phone" text,
	"title" text,
	"source" "contact_source" NOT NULL,
	"basis" "contact_basis" NOT NULL,
	"from_registration_id" uuid,
	"notice_sent_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"merged_into_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"business_id" text,
	"street" text,
	"postal_code" text,
	"city" text,
	"email" text,
	"email_domain" text,
	"phone" text,
	"customer_status" "customer_status" DEFAULT 'prospect' NOT NULL,
	"notes" text,
	"archived_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_alias" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"canonical_id" uuid NOT NULL,
	"reason" "person_alias_reason" NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_alias_not_self" CHECK ("person_alias"."person_id" <> "person_alias"."canonical_id")
);
--> statement-breakpoint
CREATE TABLE "registrant_dismissal" (
	"person_id" uuid NOT NULL,
	"dismissed_by" uuid,
	"dismissed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registrant_dismissal_person_id_pk" PRIMARY KEY("person_id")
);
--> statement-breakpoint
ALTER TABLE "contact_person" ADD CONSTRAINT "contact_person_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_person" ADD CONSTRAINT "contact_person_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_person" ADD CONSTRAINT "contact_person_from_registration_id_registration_id_fk" FOREIGN KEY ("from_registration_id") REFERENCES "public"."registration"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_person" ADD CONSTRAINT "contact_person_merged_into_id_contact_person_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."contact_person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_person" ADD CONSTRAINT "contact_person_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_alias" ADD CONSTRAINT "person_alias_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_alias" ADD CONSTRAINT "person_alias_canonical_id_person_id_fk" FOREIGN KEY ("canonical_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_alias" ADD CONSTRAINT "person_alias_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrant_dismissal" ADD CONSTRAINT "registrant_dismissal_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrant_dismissal" ADD CONSTRAINT "registrant_dismissal_dismissed_by_staff_user_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."staff_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contact_person_person_uq" ON "contact_person" USING btree ("person_id") WHERE "contact_person"."merged_into_id" IS NULL;--> statement-breakpoint
CREATE INDEX "contact_person_org_idx" ON "contact_person" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "contact_person_name_idx" ON "contact_person" USING btree ((translate(lower("last_name"), 'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ', 'àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷÿźżž') COLLATE "C"),(translate(lower("first_name"), 'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ', 'àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷÿźżž') COLLATE "C"));--> statement-breakpoint
CREATE INDEX "contact_person_first_name_idx" ON "contact_person" USING btree ((translate(lower("first_name"), 'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ', 'àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷÿźżž') COLLATE "C"));--> statement-breakpoint
CREATE INDEX "contact_person_email_idx" ON "contact_person" USING btree (("email_normalised" COLLATE "C"));--> statement-breakpoint
CREATE INDEX "contact_person_phone_idx" ON "contact_person" USING btree (("phone" COLLATE "C"));--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_business_id_uq" ON "organisation" USING btree ("business_id") WHERE "organisation"."business_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "organisation_name_idx" ON "organisation" USING btree ((translate(lower("name"), 'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ', 'àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷÿźżž') COLLATE "C"));--> statement-breakpoint
CREATE INDEX "organisation_email_idx" ON "organisation" USING btree (("email" COLLATE "C"));--> statement-breakpoint
CREATE INDEX "organisation_domain_idx" ON "organisation" USING btree ("email_domain");--> statement-breakpoint
CREATE INDEX "organisation_city_idx" ON "organisation" USING btree ((translate(lower("city"), 'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ', 'àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷÿźżž') COLLATE "C"));--> statement-breakpoint
CREATE INDEX "person_alias_canonical_idx" ON "person_alias" USING btree ("canonical_id");