-- The engine's write of a group of transitions (server/engine/store.ts `persistMany`), as one call.
-- A PL/pgSQL function keeps its statements' plans for the life of the connection, so a transition no
-- longer pays for parsing and planning its statements (half of its cost on PGlite).
-- Each item is one transition of one run: compare-and-set on runs.event_seq, then its step rows and
-- history. An item whose compare-and-set fails writes nothing, and neither does any later item of the
-- same run (they were planned on top of it). Returns one boolean per item: written or not.
-- Every write publishes a "run" event on the event bus (server/events/bus.ts), sent when the caller commits.
CREATE OR REPLACE FUNCTION stratus_persist(p_items jsonb, p_at timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_item jsonb;
  v_run uuid;
  v_status run_status;
  v_failed uuid[] := '{}';
  v_result jsonb := '[]'::jsonb;
BEGIN
  FOR v_item IN SELECT e.value FROM jsonb_array_elements(p_items) WITH ORDINALITY AS e(value, n) ORDER BY e.n LOOP
    v_run := (v_item->>'run')::uuid;
    IF v_run = ANY(v_failed) THEN
      v_result := v_result || 'false'::jsonb;
      CONTINUE;
    END IF;
    UPDATE runs SET
      event_seq = (v_item->>'seq')::bigint,
      status = coalesce((v_item->>'status')::run_status, status),
      started_at = CASE WHEN (v_item->>'isStarted')::boolean THEN p_at ELSE started_at END,
      finished_at = CASE WHEN (v_item->>'isFinished')::boolean THEN p_at ELSE finished_at END,
      cancel_requested_at = CASE WHEN (v_item->>'isCancelRequested')::boolean THEN p_at ELSE cancel_requested_at END,
      error = coalesce(v_item->>'error', error)
    WHERE id = v_run AND event_seq = (v_item->>'expected')::bigint
    RETURNING status INTO v_status;
    IF NOT FOUND THEN
      v_failed := v_failed || v_run;
      v_result := v_result || 'false'::jsonb;
      CONTINUE;
    END IF;
    IF jsonb_array_length(v_item->'updates') > 0 THEN
      UPDATE run_steps s
      SET status = v.status, output = v.output, error = v.error, not_before = v.not_before, finished_at = v.finished_at,
          logs = CASE WHEN v.logs IS NULL THEN s.logs ELSE s.logs || v.logs END
      FROM jsonb_to_recordset(v_item->'updates')
        AS v(step_id text, attempt int, status step_status, output jsonb, error text, not_before timestamptz, finished_at timestamptz, logs jsonb)
      WHERE s.run_id = v_run AND s.step_id = v.step_id AND s.attempt = v.attempt;
    END IF;
    IF jsonb_array_length(v_item->'inserts') > 0 THEN
      INSERT INTO run_steps (run_id, step_id, attempt, idempotency_key, status, output, error, not_before, finished_at, started_at)
      SELECT v_run, v.step_id, v.attempt, v.idempotency_key, v.status, v.output, v.error, v.not_before, v.finished_at, v.started_at
      FROM jsonb_to_recordset(v_item->'inserts')
        AS v(step_id text, attempt int, idempotency_key text, status step_status, output jsonb, error text, not_before timestamptz, finished_at timestamptz, started_at timestamptz);
    END IF;
    IF jsonb_array_length(v_item->'history') > 0 THEN
      INSERT INTO run_events (run_id, seq, type, step_id, payload, at)
      SELECT v_run, v.seq, v.type, v.step_id, coalesce(v.payload, '{}'::jsonb), p_at
      FROM jsonb_to_recordset(v_item->'history') AS v(seq bigint, type text, step_id text, payload jsonb);
    END IF;
    PERFORM pg_notify('stratus_events', json_build_object('type', 'run', 'runId', v_run, 'seq', (v_item->>'seq')::bigint, 'status', v_status)::text);
    v_result := v_result || 'true'::jsonb;
  END LOOP;
  RETURN v_result;
END $$;
