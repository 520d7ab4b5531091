CREATE TABLE "rate_limit" (
	"bucket" text NOT NULL,
	"key_hash" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limit_bucket_key_hash_window_start_pk" PRIMARY KEY("bucket","key_hash","window_start")
);
--> statement-breakpoint
CREATE INDEX "rate_limit_window_end_idx" ON "rate_limit" USING btree ("window_end");--> statement-breakpoint
CREATE UNIQUE INDEX "registration_active_email_uq" ON "registration" USING btree ("event_id","email_normalised") WHERE "registration"."status" <> 'cancelled';