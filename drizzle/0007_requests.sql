CREATE TYPE "public"."request_channel" AS ENUM('email', 'phone', 'letter', 'in_person', 'manage_page', 'other');--> statement-breakpoint
CREATE TYPE "public"."request_kind" AS ENUM('access', 'rectification', 'erasure', 'objection');--> statement-breakpoint
CREATE TYPE "public"."request_status" AS ENUM('received', 'verifying', 'verified', 'completed', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."request_verification" AS ENUM('email_link', 'manage_link', 'staff_check');--> statement-breakpoint
CREATE TYPE "public"."suppression_kind" AS ENUM('email', 'phone');--> statement-breakpoint
CREATE TABLE "data_subject_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "request_kind" NOT NULL,
	"status" "request_status" DEFAULT 'received' NOT NULL,
	"channel" "request_channel" NOT NULL,
	"requester_email" text,
	"requester_phone" text,
	"person_id" uuid,
	"locale" text DEFAULT 'fi' NOT NULL,
	"note" text,
	"received_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"extended_until" timestamp with time zone,
	"extension_reason" text,
	"verification_email" text,
	"verification_token_hash" text,
	"verification_sent_at" timestamp with time zone,
	"verification_expires_at" timestamp with time zone,
	"verification_method" "request_verification",
	"identity_check" text,
	"verified_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"outcome" text,
	"report_sent_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_subject_request_verification_token_hash_unique" UNIQUE("verification_token_hash"),
	CONSTRAINT "data_subject_request_extension_reason" CHECK (("data_subject_request"."extended_until" IS NULL) = ("data_subject_request"."extension_reason" IS NULL)),
	CONSTRAINT "data_subject_request_extension_later" CHECK ("data_subject_request"."extended_until" IS NULL OR "data_subject_request"."extended_until" > "data_subject_request"."due_at"),
	CONSTRAINT "data_subject_request_staff_check_note" CHECK ("data_subject_request"."verification_method" IS DISTINCT FROM 'staff_check' OR btrim(coalesce("data_subject_request"."identity_check", '')) <> '')
);
--> statement-breakpoint
CREATE TABLE "erasure_journal" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL,
	"request_id" uuid,
	"actor_id" uuid,
	"person_keys" uuid[] NOT NULL,
	"registration_ids" uuid[] NOT NULL,
	"contact_ids" uuid[] NOT NULL,
	"organisation_ids" uuid[] NOT NULL,
	"request_ids" uuid[] NOT NULL,
	"outbox_ids" bigint[] NOT NULL,
	"email_hmacs" text[] NOT NULL,
	"phone_hmacs" text[] NOT NULL,
	"suppressed" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "marketing_suppression" (
	"hmac" text PRIMARY KEY NOT NULL,
	"kind" "suppression_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "data_subject_request" ADD CONSTRAINT "data_subject_request_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_subject_request" ADD CONSTRAINT "data_subject_request_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_subject_request_status_due_idx" ON "data_subject_request" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "data_subject_request_person_idx" ON "data_subject_request" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "data_subject_request_email_idx" ON "data_subject_request" USING btree ("requester_email");--> statement-breakpoint
-- The erasure journal and the suppression list are append-only like the audit trail (ilmo_refuse_change()
-- is defined in 0003): a row removed from either would let an erased person, or marketing to someone
-- who prohibited it, come back. Only restore (which empties and refills every table, keeping the
-- journal) and the other maintenance modes may change them.
CREATE TRIGGER erasure_journal_append_only
	BEFORE UPDATE OR DELETE ON erasure_journal
	FOR EACH ROW EXECUTE FUNCTION ilmo_refuse_change();
--> statement-breakpoint
CREATE TRIGGER erasure_journal_no_truncate
	BEFORE TRUNCATE ON erasure_journal
	FOR EACH STATEMENT EXECUTE FUNCTION ilmo_refuse_change();
--> statement-breakpoint
CREATE TRIGGER marketing_suppression_append_only
	BEFORE UPDATE OR DELETE ON marketing_suppression
	FOR EACH ROW EXECUTE FUNCTION ilmo_refuse_change();
--> statement-breakpoint
CREATE TRIGGER marketing_suppression_no_truncate
	BEFORE TRUNCATE ON marketing_suppression
	FOR EACH STATEMENT EXECUTE FUNCTION ilmo_refuse_change();
