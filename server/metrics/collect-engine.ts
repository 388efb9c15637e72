import "server-only";
import { inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workflowVersions } from "@/db/schema";
import { STEP_QUEUE } from "../engine/executor";
import type { Sample } from "./catalog";
import { bucketOf } from "./histogram";
import { jsonOf, rowsOf } from "./rows";

type Window = { from: Date; to: Date };
type Counts = Record<string, number>;

// Versions are immutable: the step types of each are read once per process (bounded).
const stepTypes = new Map<string, Map<string, string>>();
const MAX_CACHED_VERSIONS = 1_000;

async function typesOf(db: Db, versionIds: string[]): Promise<Map<string, Map<string, string>>> {
  const missing = versionIds.filter((id) => !stepTypes.has(id));
  if (missing.length > 0) {
    const rows = await db.select({ id: workflowVersions.id, definition: workflowVersions.definition }).from(workflowVersions).where(inArray(workflowVersions.id, missing));
    if (stepTypes.size + rows.length > MAX_CACHED_VERSIONS) stepTypes.clear();
    for (const row of rows) stepTypes.set(row.id, new Map(row.definition.nodes.map((n) => [n.id, n.type])));
  }
  return stepTypes;
}

/**
 * Engine metrics for the window (from, to]: what started and ended in it (by the rows' own timestamps)
 * and the levels now. Two statements, plus one for step types the first time a version is seen.
 */
export async function collectEngine(db: Db, { from, to }: Window): Promise<Sample[]> {
  const f = from.toISOString();
  const t = to.toISOString();
  const [levels] = rowsOf<{ started: number; finished: unknown; steps: unknown; retries: number; active: number; running: number; depth: number }>(
    await db.execute(sql`
    select
      (select count(*)::int from runs where started_at > ${f} and started_at <= ${t}) as started,
      (select json_object_agg(status, n) from (select status, count(*)::int n from runs where finished_at > ${f} and finished_at <= ${t} group by status) x) as finished,
      (select json_object_agg(status, n) from (select status, count(*)::int n from run_steps where finished_at > ${f} and finished_at <= ${t} group by status) x) as steps,
      (select count(*)::int from run_steps where attempt > 1 and started_at > ${f} and started_at <= ${t}) as retries,
      (select count(*)::int from runs where status in ('queued', 'running', 'waiting', 'rolling_back')) as active,
      (select count(*)::int from run_steps where status = 'running') as running,
      (select count(*)::int from pgboss.job where name = ${STEP_QUEUE} and state < 'active' and start_after <= now()) as depth`),
  );
  const durations = rowsOf<{ versionId: string; stepId: string; ms: number }>(
    await db.execute(sql`
    select r.version_id as "versionId", s.step_id as "stepId", extract(epoch from s.finished_at - s.started_at)::float8 * 1000 as ms
    from run_steps s join runs r on r.id = s.run_id
    where s.finished_at > ${f} and s.finished_at <= ${t} and s.started_at is not null and s.status in ('succeeded', 'failed')`),
  );

  const samples: Sample[] = [
    { name: "runs_started", labels: {}, value: levels?.started ?? 0 },
    { name: "step_retries", labels: {}, value: levels?.retries ?? 0 },
    { name: "runs_active", labels: {}, value: levels?.active ?? 0 },
    { name: "steps_running", labels: {}, value: levels?.running ?? 0 },
    { name: "queue_depth", labels: {}, value: levels?.depth ?? 0 },
  ];
  for (const [status, n] of Object.entries(jsonOf<Counts>(levels?.finished) ?? {})) samples.push({ name: "runs_finished", labels: { status }, value: n });
  for (const [status, n] of Object.entries(jsonOf<Counts>(levels?.steps) ?? {})) samples.push({ name: "steps_finished", labels: { status }, value: n });
  samples.push(...(await durationSamples(db, durations)));
  return samples;
}

/** Non-cumulative bucket counts and the total per step type; only buckets that received something. */
async function durationSamples(db: Db, rows: { versionId: string; stepId: string; ms: number }[]): Promise<Sample[]> {
  if (rows.length === 0) return [];
  const types = await typesOf(db, [...new Set(rows.map((r) => r.versionId))]);
  const buckets = new Map<string, { type: string; le: string; n: number }>();
  const sums = new Map<string, number>();
  for (const row of rows) {
    const type = types.get(row.versionId)?.get(row.stepId) ?? "unknown";
    const ms = Math.max(0, Number(row.ms));
    const le = bucketOf(ms);
    const key = `${type}\u0000${le}`;
    const bucket = buckets.get(key) ?? { type, le, n: 0 };
    bucket.n += 1;
    buckets.set(key, bucket);
    sums.set(type, (sums.get(type) ?? 0) + ms);
  }
  return [
    ...[...buckets.values()].map((b): Sample => ({ name: "step_duration_ms_bucket", labels: { type: b.type, le: b.le }, value: b.n })),
    ...[...sums].map(([type, ms]): Sample => ({ name: "step_duration_ms_sum", labels: { type }, value: ms })),
  ];
}
