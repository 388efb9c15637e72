import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The time-series store (ARCHITECTURE.md "Monitoring"). A series is a name plus labels, written once as a
 * Prometheus-style key (`resource_cpu_percent{resource="…"}`) so one index finds it. Raw samples are kept
 * for a short while, per-minute rollups for longer (STRATUS_METRICS_RAW_RETENTION_HOURS /
 * STRATUS_METRICS_ROLLUP_RETENTION_DAYS); server/metrics writes, rolls up and deletes them.
 */
export const metricSamples = pgTable(
  "metric_samples",
  {
    series: text("series").notNull(),
    name: text("name").notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull(),
    value: doublePrecision("value").notNull(),
  },
  (t) => [primaryKey({ name: "metric_samples_pk", columns: [t.series, t.at] }), index("metric_samples_name_at_idx").on(t.name, t.at), index("metric_samples_at_idx").on(t.at)],
);

/** One row per series and minute, recomputed from the raw samples while the minute is recent. */
export const metricRollups = pgTable(
  "metric_rollups",
  {
    series: text("series").notNull(),
    name: text("name").notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    count: integer("count").notNull(),
    sum: doublePrecision("sum").notNull(),
    min: doublePrecision("min").notNull(),
    max: doublePrecision("max").notNull(),
    /** The minute's last sample: what a gauge ended the minute at. */
    last: doublePrecision("last").notNull(),
  },
  (t) => [primaryKey({ name: "metric_rollups_pk", columns: [t.series, t.minute] }), index("metric_rollups_name_minute_idx").on(t.name, t.minute), index("metric_rollups_minute_idx").on(t.minute)],
);

/**
 * The sampler's shared state, one row: which process holds the sampling lease (so several worker processes
 * do not sample twice), where the engine-metrics window ended, and when retention last ran.
 */
export const metricSamplerState = pgTable("metric_sampler_state", {
  id: text("id").primaryKey(),
  holder: text("holder").notNull(),
  leaseUntil: timestamp("lease_until", { withTimezone: true }).notNull(),
  windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
  retentionAt: timestamp("retention_at", { withTimezone: true }),
});

export type MetricSample = typeof metricSamples.$inferSelect;
export type MetricRollup = typeof metricRollups.$inferSelect;
