-- Throttle rows were keyed on a plain SHA-256 of the typed email, which a guess list can reverse
-- (and a password typed into the email field with it): they now carry HMACs under a server key.
-- The rows only hold recent failure counts, so dropping them costs nothing.
DELETE FROM "sign_in_throttle";--> statement-breakpoint
ALTER TABLE "staff_user" ADD COLUMN "totp_last_step" bigint;--> statement-breakpoint
CREATE INDEX "sign_in_throttle_updated_idx" ON "sign_in_throttle" USING btree ("updated_at");
