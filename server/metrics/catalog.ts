/**
 * Every metric the sampler records. `delta` metrics count what happened between two passes (rolled up as
 * sums); `gauge` metrics are a level at the pass (rolled up as avg/min/max/last). Names are stored without
 * the `stratus_` prefix that /api/metrics adds.
 */
export type MetricKind = "delta" | "gauge";
export type MetricDef = { kind: MetricKind; help: string };

export const ENGINE_METRICS = {
  runs_started: { kind: "delta", help: "Runs that started." },
  runs_finished: { kind: "delta", help: "Runs that reached a final state, by status." },
  steps_finished: { kind: "delta", help: "Step attempts that ended, by status." },
  step_retries: { kind: "delta", help: "Step attempts after the first (retries) that started." },
  step_duration_ms_bucket: { kind: "delta", help: "Step attempts that ended, by step type and duration bucket (upper bound `le`, ms)." },
  step_duration_ms_sum: { kind: "delta", help: "Total duration of the step attempts that ended, by step type (ms)." },
  queue_depth: { kind: "gauge", help: "Step jobs waiting for a worker (due now)." },
  runs_active: { kind: "gauge", help: "Runs not yet final." },
  steps_running: { kind: "gauge", help: "Step attempts running." },
} as const satisfies Record<string, MetricDef>;

export const RESOURCE_METRICS = {
  resource_cpu_percent: { kind: "gauge", help: "CPU use of a resource (percent of one core; a group's is the mean of its members)." },
  resource_memory_percent: { kind: "gauge", help: "Memory use of a resource (percent; simulated providers)." },
  resource_memory_bytes: { kind: "gauge", help: "Resident memory of a resource's processes (bytes; local provider)." },
  resource_requests_per_second: { kind: "gauge", help: "Requests per second served by a resource." },
  resource_latency_ms: { kind: "gauge", help: "Typical (p50) request latency of a resource (ms)." },
  resource_error_rate_percent: { kind: "gauge", help: "Share of requests that failed (percent)." },
  resource_instances: { kind: "gauge", help: "Instances (or healthy targets) behind a group or load balancer." },
} as const satisfies Record<string, MetricDef>;

export type EngineMetricName = keyof typeof ENGINE_METRICS;
export type ResourceMetricName = keyof typeof RESOURCE_METRICS;
export type MetricName = EngineMetricName | ResourceMetricName;

/** One value of one series at one pass. */
export type Sample = { name: MetricName; labels: Record<string, string>; value: number };

/** Prometheus-style key of a series: `name{a="x",b="y"}`, labels sorted, so the same series always has the same key. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return name;
  const escape = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  return `${name}{${keys.map((k) => `${k}="${escape(labels[k]!)}"`).join(",")}}`;
}

const finite = (v: number | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Drivers report what they can (local measures processes and its proxy; sim models a cloud): this maps
 * their keys onto the few resource metrics the store keeps. A key a driver does not report is left out.
 */
export function normalizeResourceMetrics(raw: Record<string, number>): Partial<Record<ResourceMetricName, number>> {
  const perMinute = raw.requestsLastMinute;
  const hasTraffic = finite(perMinute) && perMinute > 0;
  const out: Partial<Record<ResourceMetricName, number>> = {
    resource_cpu_percent: raw.cpuPercent,
    resource_memory_percent: raw.memoryPercent,
    resource_memory_bytes: raw.memoryBytes,
    resource_requests_per_second: raw.requestsPerSecond ?? (finite(perMinute) ? perMinute / 60 : undefined),
    // The local proxy's p50 over its last minute means nothing without requests in that minute.
    resource_latency_ms: raw.latencyMs ?? (hasTraffic ? raw.p50LatencyMs : undefined),
    resource_error_rate_percent: raw.errorRatePercent ?? (hasTraffic ? ((raw.errorsLastMinute ?? 0) / perMinute) * 100 : undefined),
    resource_instances: raw.instances ?? raw.healthyTargets,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => finite(v)));
}
