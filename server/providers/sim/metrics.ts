import { unitFrom } from "./random";
import type { Loaded } from "./state";

/**
 * Plausible, deterministic metrics: each object gets a base load from its id, shaped by a daily curve and a
 * per-minute wobble from (id, minute). The same id at the same clock minute always reads the same, so
 * dashboards and feedback-rule tests reproduce. A group's load is shared by its members, so scaling out
 * visibly lowers CPU per instance — what a scale-out rule should see.
 */

const round1 = (value: number) => Math.round(value * 10) / 10;
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

function traffic(id: string, now: Date): { requestsPerSecond: number; wobble: number } {
  const minute = Math.floor(now.getTime() / 60_000);
  const hour = now.getUTCHours() + now.getUTCMinutes() / 60;
  // Busiest mid-afternoon UTC, quietest at night: 0.55 … 1.45 of the base.
  const daily = 1 + 0.45 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
  const wobble = unitFrom(`${id}:${minute}`);
  const base = 20 + unitFrom(`${id}:base`) * 120;
  return { requestsPerSecond: base * daily * (0.85 + 0.3 * wobble), wobble };
}

function serving(id: string, now: Date, instances: number): Record<string, number> {
  if (instances === 0) return { instances: 0, cpuPercent: 0, memoryPercent: 0, requestsPerSecond: 0, latencyMs: 0, errorRatePercent: 0 };
  const { requestsPerSecond, wobble } = traffic(id, now);
  const cpuPercent = clamp(6 + (requestsPerSecond / instances) * 0.9, 1, 99);
  return {
    instances,
    cpuPercent: round1(cpuPercent),
    memoryPercent: round1(clamp(30 + unitFrom(`${id}:mem`) * 25 + cpuPercent * 0.2, 1, 99)),
    requestsPerSecond: round1(requestsPerSecond),
    // Latency climbs as CPU saturates.
    latencyMs: round1(12 + 30 * (cpuPercent / 100) ** 3 + wobble * 6),
    errorRatePercent: round1(cpuPercent > 90 ? (cpuPercent - 90) * 0.8 : wobble * 0.2),
  };
}

export function simMetrics(loaded: Loaded, now: Date): Record<string, number> {
  const id = loaded.row.externalId;
  switch (loaded.type) {
    case "compute.instance":
      return serving(id, now, 1);
    case "compute.group":
      return serving(id, now, loaded.facts.members?.length ?? 0);
    case "network.loadBalancer": {
      const { requestsPerSecond, wobble } = traffic(id, now);
      return { requestsPerSecond: round1(requestsPerSecond), latencyMs: round1(14 + wobble * 8), errorRatePercent: round1(wobble * 0.3) };
    }
    case "storage.bucket": {
      const objects = Math.floor(100 + unitFrom(`${id}:objects`) * 5000);
      return { objects, sizeGiB: round1(objects * 0.012), requestsPerSecond: round1(traffic(id, now).requestsPerSecond / 10) };
    }
    case "dns.record":
      return { queriesPerSecond: round1(traffic(id, now).requestsPerSecond / 4) };
    case "app.deployment":
      return { updatedInstances: loaded.facts.updatedInstances ?? 0, progressPercent: 100 };
    default: {
      // Networks and rules: traffic through them.
      const { requestsPerSecond } = traffic(id, now);
      return { packetsPerSecond: Math.round(requestsPerSecond * 40), bytesPerSecond: Math.round(requestsPerSecond * 28_000) };
    }
  }
}
