-- Closes the gap left by 0009: an UPDATE that only sets actor_id to null was allowed from anywhere, so the
-- application's connection could detach an audit row from a user who still exists. Now it is allowed only
-- when that user is gone, i.e. inside the foreign key's own ON DELETE SET NULL (the users row is already
-- deleted when the referential action runs) and nested in that cascade (pg_trigger_depth() > 1).
CREATE OR REPLACE FUNCTION stratus_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
     AND pg_trigger_depth() > 1
     AND NOT EXISTS (SELECT 1 FROM users WHERE id = OLD.actor_id)
     AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
