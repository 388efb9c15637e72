import { z } from "zod";

/**
 * The dashboard's time ranges and the resolution each is charted at: a bucket small enough to show
 * shape, large enough to keep a chart under ~100 points. `1h` reads raw samples (one per sampler pass);
 * the others read per-minute rollups.
 */
export const TIME_RANGES = {
  "1h": { label: "1 h", seconds: 3_600, bucketSeconds: 60 },
  "6h": { label: "6 h", seconds: 6 * 3_600, bucketSeconds: 5 * 60 },
  "24h": { label: "24 h", seconds: 24 * 3_600, bucketSeconds: 15 * 60 },
  "7d": { label: "7 d", seconds: 7 * 86_400, bucketSeconds: 2 * 3_600 },
} as const;
export type TimeRange = keyof typeof TIME_RANGES;
export const timeRangeSchema = z.enum(Object.keys(TIME_RANGES) as [TimeRange, ...TimeRange[]]);

/** What a resource chart shows. */
export const RESOURCE_CHARTS = ["cpu", "memory", "latency"] as const;
export type ResourceChart = (typeof RESOURCE_CHARTS)[number];

/** Hours in an average month: the estimate of a running resource's monthly cost is cost/hour × 730. */
export const HOURS_PER_MONTH = 730;

/** Resource types the sampler measures (the ones with CPU, memory, requests or latency). */
export const MEASURED_RESOURCE_TYPES = ["compute.instance", "compute.group", "network.loadBalancer"] as const;
