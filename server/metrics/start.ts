import "server-only";
import type { Database } from "@/db/client";
import { engine } from "../engine/executor";
import { env } from "../env";
import { startSampler } from "./sampler";

/** Starts this process's sampler (server/bootstrap.ts, next to the workers); off when the interval is 0. */
export function startMetrics(database: Database): void {
  const e = env();
  if (e.STRATUS_METRICS_INTERVAL_SECONDS === 0) return;
  startSampler({
    db: database.db,
    providers: () => engine().deps.providers,
    intervalMs: e.STRATUS_METRICS_INTERVAL_SECONDS * 1000,
    retention: { rawHours: e.STRATUS_METRICS_RAW_RETENTION_HOURS, rollupDays: e.STRATUS_METRICS_ROLLUP_RETENTION_DAYS },
  });
}

export { stopSampler as stopMetrics } from "./sampler";
