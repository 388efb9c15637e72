-- The audit log is append-only for everyone who connects as the application's role (issue 6): a row can
-- be inserted, never changed or deleted, and the table cannot be truncated. The one change allowed is the
-- one the database itself makes when a user is deleted: actor_id set to null (the foreign key's ON DELETE
-- SET NULL); the row keeps the actor's e-mail and role, and nothing else may change with it.
CREATE OR REPLACE FUNCTION stratus_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
     AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION stratus_audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION stratus_audit_append_only();
