CREATE TYPE "public"."marketing_basis" AS ENUM('consent', 'work_role');--> statement-breakpoint
CREATE TYPE "public"."marketing_channel" AS ENUM('email', 'sms', 'phone', 'post', 'all');--> statement-breakpoint
CREATE TYPE "public"."marketing_decision" AS ENUM('granted', 'withdrawn', 'prohibited');--> statement-breakpoint
CREATE TYPE "public"."marketing_source" AS ENUM('form', 'manage', 'link', 'staff', 'import');--> statement-breakpoint
CREATE TABLE "marketing_consent_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"channel" "marketing_channel" NOT NULL,
	"wording_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"email" text NOT NULL,
	"locale" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "marketing_consent_request_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "marketing_permission" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"channel" "marketing_channel" NOT NULL,
	"decision" "marketing_decision" NOT NULL,
	"basis" "marketing_basis",
	"source" "marketing_source" NOT NULL,
	"wording_id" uuid,
	"note" text,
	"recorded_by_staff" uuid,
	"recorded_by_person" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	CONSTRAINT "marketing_permission_basis" CHECK (("marketing_permission"."decision" = 'granted') = ("marketing_permission"."basis" IS NOT NULL)),
	CONSTRAINT "marketing_permission_grant_channel" CHECK (NOT ("marketing_permission"."decision" = 'granted' AND "marketing_permission"."channel" = 'all')),
	CONSTRAINT "marketing_permission_work_role_note" CHECK ("marketing_permission"."basis" IS DISTINCT FROM 'work_role' OR btrim(coalesce("marketing_permission"."note", '')) <> '')
);
--> statement-breakpoint
CREATE TABLE "wording" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"version" text NOT NULL,
	"locale" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "marketing_consent_request" ADD CONSTRAINT "marketing_consent_request_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing_consent_request" ADD CONSTRAINT "marketing_consent_request_wording_id_wording_id_fk" FOREIGN KEY ("wording_id") REFERENCES "public"."wording"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing_permission" ADD CONSTRAINT "marketing_permission_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing_permission" ADD CONSTRAINT "marketing_permission_wording_id_wording_id_fk" FOREIGN KEY ("wording_id") REFERENCES "public"."wording"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing_permission" ADD CONSTRAINT "marketing_permission_recorded_by_staff_staff_user_id_fk" FOREIGN KEY ("recorded_by_staff") REFERENCES "public"."staff_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "marketing_consent_request_person_idx" ON "marketing_consent_request" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "marketing_consent_request_expiry_idx" ON "marketing_consent_request" USING btree ("expires_at") WHERE "marketing_consent_request"."confirmed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "marketing_permission_person_idx" ON "marketing_permission" USING btree ("person_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "wording_key_version_locale_uq" ON "wording" USING btree ("key","version","locale");--> statement-breakpoint
-- The direct-marketing ledger and the texts it points at are append-only, like audit_event
-- (ilmo_refuse_change() is defined in 0003): only erasure, restore and the retention job, each
-- inside a transaction that set ilmo.maintenance, may change them.
CREATE TRIGGER marketing_permission_append_only
	BEFORE UPDATE OR DELETE ON marketing_permission
	FOR EACH ROW EXECUTE FUNCTION ilmo_refuse_change();
--> statement-breakpoint
CREATE TRIGGER marketing_permission_no_truncate
	BEFORE TRUNCATE ON marketing_permission
	FOR EACH STATEMENT EXECUTE FUNCTION ilmo_refuse_change();
--> statement-breakpoint
CREATE TRIGGER wording_append_only
	BEFORE UPDATE OR DELETE ON wording
	FOR EACH ROW EXECUTE FUNCTION ilmo_refuse_change();
--> statement-breakpoint
CREATE TRIGGER wording_no_truncate
	BEFORE TRUNCATE ON wording
	FOR EACH STATEMENT EXECUTE FUNCTION ilmo_refuse_change();
