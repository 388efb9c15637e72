import "server-only";
import { and, asc, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { metricRollups, metricSamples } from "@/db/schema";
import { seriesKey } from "./catalog";
import { quantile } from "./histogram";
import { rowsOf } from "./rows";

type Window = { since: Date; now: Date; bucketSeconds: number };
export type RunsBucket = { t: number; started: number; succeeded: number; failed: number; cancelled: number; rolled_back: number };

/** Runs started and finished (by status) per bucket, from the rollups; empty buckets are zeros. */
export async function runsOverTime(db: Db, { since, now, bucketSeconds }: Window): Promise<RunsBucket[]> {
  const rows = rowsOf<{ t: number; name: string; status: string | null; n: number }>(
    await db.execute(sql`
      select extract(epoch from date_bin(${`${bucketSeconds} seconds`}::interval, minute, timestamptz '2000-01-01'))::float8 * 1000 as t,
        name, labels->>'status' as status, sum(sum)::float8 as n
      from metric_rollups
      where name in ('runs_started', 'runs_finished') and minute >= date_trunc('minute', ${since.toISOString()}::timestamptz)
      group by 1, 2, 3`),
  );
  const step = bucketSeconds * 1000;
  const buckets = new Map<number, RunsBucket>();
  for (let t = Math.floor(since.getTime() / step) * step; t <= now.getTime(); t += step) {
    buckets.set(t, { t, started: 0, succeeded: 0, failed: 0, cancelled: 0, rolled_back: 0 });
  }
  for (const row of rows) {
    const t = Number(row.t);
    const bucket = buckets.get(t) ?? { t, started: 0, succeeded: 0, failed: 0, cancelled: 0, rolled_back: 0 };
    buckets.set(t, bucket);
    const key = row.name === "runs_started" ? "started" : row.status;
    if (key === "started" || key === "succeeded" || key === "failed" || key === "cancelled" || key === "rolled_back") bucket[key] += Number(row.n);
  }
  return [...buckets.values()].sort((a, b) => a.t - b.t);
}

export type StepDuration = { type: string; count: number; p50Ms: number | null; p95Ms: number | null; meanMs: number | null };

/** p50/p95 of step attempts that ended since `since`, by step type, from the summed duration histograms. */
export async function stepDurations(db: Db, since: Date): Promise<StepDuration[]> {
  const rows = await db
    .select({ name: metricRollups.name, type: sql<string>`${metricRollups.labels}->>'type'`, le: sql<string | null>`${metricRollups.labels}->>'le'`, n: sql<number>`sum(${metricRollups.sum})::float8` })
    .from(metricRollups)
    .where(and(inArray(metricRollups.name, ["step_duration_ms_bucket", "step_duration_ms_sum"]), gte(metricRollups.minute, sql`date_trunc('minute', ${since.toISOString()}::timestamptz)`)))
    .groupBy(metricRollups.name, sql`2`, sql`3`);
  const byType = new Map<string, { counts: Record<string, number>; totalMs: number }>();
  for (const row of rows) {
    const entry = byType.get(row.type) ?? { counts: {}, totalMs: 0 };
    byType.set(row.type, entry);
    if (row.name === "step_duration_ms_sum") entry.totalMs += Number(row.n);
    else if (row.le) entry.counts[row.le] = (entry.counts[row.le] ?? 0) + Number(row.n);
  }
  return [...byType]
    .map(([type, { counts, totalMs }]) => {
      const n = Object.values(counts).reduce((a, b) => a + b, 0);
      return { type, count: n, p50Ms: quantile(0.5, counts), p95Ms: quantile(0.95, counts), meanMs: n > 0 ? totalMs / n : null };
    })
    .filter((d) => d.count > 0)
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

export const RESOURCE_CHART_METRICS = {
  cpu: ["resource_cpu_percent"],
  memory: ["resource_memory_percent", "resource_memory_bytes"],
  latency: ["resource_latency_ms"],
} as const;
export type ChartRow = { t: number } & Record<string, number>;

/**
 * CPU, memory and latency of the chosen resources, one row per instant with a column per resource id:
 * raw samples (`bucketSeconds` null), else per-bucket means of the rollups. Memory is in percent where the
 * provider reports it (sim), else in MB (local); `memoryUnits` says which, per resource.
 */
export async function resourceSeries(db: Db, input: { resourceIds: string[]; since: Date; bucketSeconds: number | null }) {
  const names = Object.values(RESOURCE_CHART_METRICS).flat();
  const keys = input.resourceIds.flatMap((id) => names.map((name) => seriesKey(name, { resource: id })));
  const points =
    keys.length === 0
      ? []
      : input.bucketSeconds === null
        ? await db
            .select({ t: sql<number>`extract(epoch from ${metricSamples.at})::float8 * 1000`, name: metricSamples.name, resource: sql<string>`${metricSamples.labels}->>'resource'`, v: metricSamples.value })
            .from(metricSamples)
            .where(and(inArray(metricSamples.series, keys), gte(metricSamples.at, input.since)))
            .orderBy(asc(metricSamples.at))
        : await db
            .select({
              t: sql<number>`extract(epoch from date_bin(${`${input.bucketSeconds} seconds`}::interval, ${metricRollups.minute}, timestamptz '2000-01-01'))::float8 * 1000`,
              name: metricRollups.name,
              resource: sql<string>`${metricRollups.labels}->>'resource'`,
              v: sql<number>`(sum(${metricRollups.sum}) / sum(${metricRollups.count}))::float8`,
            })
            .from(metricRollups)
            .where(and(inArray(metricRollups.series, keys), gte(metricRollups.minute, input.since)))
            .groupBy(sql`1`, metricRollups.name, sql`3`)
            .orderBy(sql`1`);
  const hasPercent = new Set(points.filter((p) => p.name === "resource_memory_percent").map((p) => p.resource));
  const charts = { cpu: new Map<number, ChartRow>(), memory: new Map<number, ChartRow>(), latency: new Map<number, ChartRow>() };
  for (const p of points) {
    const chart = p.name === "resource_cpu_percent" ? "cpu" : p.name === "resource_latency_ms" ? "latency" : "memory";
    if (p.name === "resource_memory_bytes" && hasPercent.has(p.resource)) continue;
    const value = p.name === "resource_memory_bytes" ? Number(p.v) / 1_048_576 : Number(p.v);
    const t = Number(p.t);
    const row = charts[chart].get(t) ?? { t };
    row[p.resource] = Math.round(value * 100) / 100;
    charts[chart].set(t, row);
  }
  const rows = (m: Map<number, ChartRow>) => [...m.values()].sort((a, b) => a.t - b.t);
  return {
    cpu: rows(charts.cpu),
    memory: rows(charts.memory),
    latency: rows(charts.latency),
    memoryUnits: Object.fromEntries(input.resourceIds.map((id) => [id, hasPercent.has(id) ? "%" : "MB"])) as Record<string, "%" | "MB">,
  };
}
