-- Append-only records: the audit trail (and, with the permissions issue, the consent ledger) refuse
-- UPDATE, DELETE and TRUNCATE. PGlite connects as a superuser, so grants alone would do nothing.
-- Only erasure, restore and the retention job may change them, each inside a transaction that has
-- run SET LOCAL ilmo.maintenance = 'erase' | 'restore' | 'retention' (and is itself audited).
CREATE OR REPLACE FUNCTION ilmo_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF coalesce(current_setting('ilmo.maintenance', true), '') IN ('erase', 'restore', 'retention') THEN
		IF TG_OP = 'DELETE' THEN
			RETURN OLD;
		END IF;
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'table % is append-only (% refused)', TG_TABLE_NAME, TG_OP
		USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_event_append_only
	BEFORE UPDATE OR DELETE ON audit_event
	FOR EACH ROW EXECUTE FUNCTION ilmo_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_event_no_truncate
	BEFORE TRUNCATE ON audit_event
	FOR EACH STATEMENT EXECUTE FUNCTION ilmo_refuse_change();
