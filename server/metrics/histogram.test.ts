import { describe, expect, it } from "vitest";
import { normalizeResourceMetrics, seriesKey } from "./catalog";
import { bucketOf, quantile } from "./histogram";

describe("duration histogram", () => {
  it("puts a duration in the first bucket whose bound it does not exceed", () => {
    expect(bucketOf(0)).toBe("10");
    expect(bucketOf(10)).toBe("10");
    expect(bucketOf(10.5)).toBe("25");
    expect(bucketOf(900_001)).toBe("+Inf");
  });

  it("interpolates quantiles inside their bucket, and caps at the last finite bound", () => {
    expect(quantile(0.5, {})).toBeNull();
    expect(quantile(0.5, { "100": 4 })).toBe(75); // rank 2 of 4 in (50, 100]
    expect(quantile(0.95, { "10": 19, "1000": 1 })).toBe(10);
    expect(quantile(0.99, { "10": 1, "+Inf": 9 })).toBe(900_000);
  });
});

describe("catalog", () => {
  it("keys a series by name and sorted, escaped labels", () => {
    expect(seriesKey("queue_depth", {})).toBe("queue_depth");
    expect(seriesKey("x", { b: "2", a: 'say "hi"' })).toBe('x{a="say \\"hi\\"",b="2"}');
  });

  it("maps what local and sim report onto the stored resource metrics", () => {
    expect(normalizeResourceMetrics({ cpuPercent: 12, memoryPercent: 40, requestsPerSecond: 3, latencyMs: 14, errorRatePercent: 0.1, instances: 2 })).toEqual({
      resource_cpu_percent: 12,
      resource_memory_percent: 40,
      resource_requests_per_second: 3,
      resource_latency_ms: 14,
      resource_error_rate_percent: 0.1,
      resource_instances: 2,
    });
    // The local proxy without traffic in its last minute: no latency or error rate to speak of.
    expect(normalizeResourceMetrics({ requests: 5, requestsLastMinute: 0, p50LatencyMs: 0, healthyTargets: 2 })).toEqual({ resource_requests_per_second: 0, resource_instances: 2 });
    expect(normalizeResourceMetrics({ cpuPercent: Number.NaN })).toEqual({});
  });
});
