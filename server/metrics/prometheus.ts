import "server-only";
import { sql } from "drizzle-orm";
import { Counter, Gauge, Registry } from "prom-client";
import type { Db } from "@/db/client";
import { STEP_QUEUE } from "../engine/executor";
import { RESOURCE_METRICS, type ResourceMetricName } from "./catalog";
import { stepDurations } from "./charts";
import { jsonOf, rowsOf } from "./rows";

type Totals = {
  started: number;
  finished: unknown;
  steps: unknown;
  retries: number;
  active: number;
  running: number;
  depth: number;
  resources: unknown;
};
/** A resource's latest sample is exported while it is at most this old. */
const FRESH_MINUTES = 5;

/**
 * The metrics in the Prometheus text format, in a registry of their own (never prom-client's global one).
 * Counters are counted from the tables, so they only grow and survive restarts and retention; levels are
 * read now; resource metrics are each series' latest sample; step durations are last hour's p50/p95.
 */
export async function renderPrometheus(db: Db): Promise<{ contentType: string; body: string }> {
  const [totals] = rowsOf<Totals>(
    await db.execute(sql`
    select
      (select count(*)::int from runs where started_at is not null) as started,
      (select json_object_agg(status, n) from (select status, count(*)::int n from runs where finished_at is not null group by status) x) as finished,
      (select json_object_agg(status, n) from (select status, count(*)::int n from run_steps where finished_at is not null group by status) x) as steps,
      (select count(*)::int from run_steps where attempt > 1 and started_at is not null) as retries,
      (select count(*)::int from runs where status in ('queued', 'running', 'waiting', 'rolling_back')) as active,
      (select count(*)::int from run_steps where status = 'running') as running,
      (select count(*)::int from pgboss.job where name = ${STEP_QUEUE} and state < 'active' and start_after <= now()) as depth,
      (select json_agg(x) from (select provider, count(*)::int n, sum(cost_per_hour)::float8 cost from resources where status <> 'deleted' group by provider) x) as resources`),
  );
  const latest = rowsOf<{ name: ResourceMetricName; resource: string; value: number; provider: string | null; type: string | null; resourceName: string | null }>(
    await db.execute(sql`
    select distinct on (s.series) s.name, s.labels->>'resource' as resource, s.value, r.provider, r.type, r.name as "resourceName"
    from metric_samples s left join resources r on r.id::text = s.labels->>'resource'
    where s.name like 'resource\_%' and s.at >= now() - ${`${FRESH_MINUTES} minutes`}::interval
    order by s.series, s.at desc`),
  );
  const durations = await stepDurations(db, new Date(Date.now() - 3_600_000));

  const registry = new Registry();
  const counter = (name: string, help: string, labelNames: string[] = []) => new Counter({ name, help, labelNames, registers: [registry] });
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });
  const t = totals!;
  counter("stratus_runs_started_total", "Runs that started.").inc(t.started);
  const finished = counter("stratus_runs_finished_total", "Runs that reached a final state, by status.", ["status"]);
  for (const [status, n] of Object.entries(jsonOf<Record<string, number>>(t.finished) ?? {})) finished.inc({ status }, n);
  const steps = counter("stratus_step_attempts_finished_total", "Step attempts that ended, by status.", ["status"]);
  for (const [status, n] of Object.entries(jsonOf<Record<string, number>>(t.steps) ?? {})) steps.inc({ status }, n);
  counter("stratus_step_retries_total", "Step attempts after the first (retries) that started.").inc(t.retries);
  gauge("stratus_queue_depth", "Step jobs waiting for a worker (due now).").set(t.depth);
  gauge("stratus_runs_active", "Runs not yet final.").set(t.active);
  gauge("stratus_steps_running", "Step attempts running.").set(t.running);
  const count = gauge("stratus_resources", "Resources not deleted, by provider.", ["provider"]);
  const cost = gauge("stratus_resources_cost_per_hour", "Cost per hour of the resources not deleted, by provider.", ["provider"]);
  for (const r of jsonOf<{ provider: string; n: number; cost: number }[]>(t.resources) ?? []) {
    count.set({ provider: r.provider }, r.n);
    cost.set({ provider: r.provider }, r.cost);
  }
  const duration = gauge("stratus_step_duration_last_hour_seconds", "Step attempt duration over the last hour, by step type (p50 and p95 from the duration histogram).", ["type", "quantile"]);
  for (const d of durations) {
    if (d.p50Ms !== null) duration.set({ type: d.type, quantile: "0.5" }, d.p50Ms / 1000);
    if (d.p95Ms !== null) duration.set({ type: d.type, quantile: "0.95" }, d.p95Ms / 1000);
  }
  const resourceGauges = new Map<string, Gauge>();
  for (const s of latest) {
    if (!Object.hasOwn(RESOURCE_METRICS, s.name)) continue;
    const def = RESOURCE_METRICS[s.name];
    const name = `stratus_${s.name}`;
    const g = resourceGauges.get(name) ?? gauge(name, def.help, ["resource", "provider", "type", "resource_name"]);
    resourceGauges.set(name, g);
    g.set({ resource: s.resource, provider: s.provider ?? "", type: s.type ?? "", resource_name: s.resourceName ?? "" }, s.value);
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
