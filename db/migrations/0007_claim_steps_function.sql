-- Step jobs that the committing process runs itself, written into pg-boss's job table already claimed
-- (server/engine/executor.ts `insertClaimed`): the state pg-boss's fetch would leave them in (active,
-- started and heartbeat now, first attempt) with the queue's settings as pg-boss's insert takes them.
-- One call instead of pg-boss's insert and fetch; as a PL/pgSQL function its plan is kept for the life
-- of the connection. pg-boss's schema is created by pg-boss at start, after the migrations: PL/pgSQL
-- resolves the tables when the function first runs, not here.
CREATE OR REPLACE FUNCTION stratus_claim_steps(p_queue text, p_jobs jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_now timestamptz := pgboss.job_now();
BEGIN
  INSERT INTO pgboss.job (id, name, data, state, start_after, created_on, started_on, heartbeat_on, expire_seconds,
    deletion_seconds, keep_until, retry_limit, retry_delay, retry_backoff, retry_delay_max, policy, dead_letter, heartbeat_seconds)
  SELECT x.id, q.name, x.data, 'active', v_now, v_now, v_now, v_now, x.expire,
    q.deletion_seconds, v_now + q.retention_seconds * interval '1s', q.retry_limit, q.retry_delay, q.retry_backoff,
    q.retry_delay_max, q.policy, q.dead_letter, q.heartbeat_seconds
  FROM jsonb_to_recordset(p_jobs) AS x(id uuid, data jsonb, expire int)
  JOIN pgboss.queue q ON q.name = p_queue;
END;
$$;
