import "server-only";
import { z } from "zod";
import { defineProvider, type ProviderContext, type ProviderDriver, type ProviderFactory } from "../types";
import { createSimDriverFrom } from "./driver";
import { SIM_PROFILES, type SimProviderId } from "./profiles";
import { QUOTA_KEYS } from "./quotas";

export { SIM_PROFILES, SIM_PROVIDER_IDS, type SimProfile, type SimProviderId } from "./profiles";

const rate = z.number().min(0).max(1).default(0);
const limit = z.number().int().min(0).optional();

const simOptionsSchema = z
  .object({
    /** Seeds the fault stream: the same seed and the same calls give the same faults. */
    seed: z.number().int().default(1),
    /** Mean API latency per call (±50 % jitter); 0 in tests. */
    latencyMs: z.number().min(0).max(60_000).default(5),
    faults: z
      .object({
        /** Share of calls failing with a retryable UNAVAILABLE before doing anything. */
        errorRate: rate,
        /** Share of calls hanging until the caller's AbortSignal fires (or timeoutMs), then TIMEOUT. */
        timeoutRate: rate,
        /** Share of writes that commit, then lose the reply (retryable UNAVAILABLE). */
        dropReplyRate: rate,
        timeoutMs: z.number().int().min(0).max(600_000).default(10_000),
      })
      .default({ errorRate: 0, timeoutRate: 0, dropReplyRate: 0, timeoutMs: 10_000 })
      .refine((f) => f.errorRate + f.timeoutRate + f.dropReplyRate <= 1, "errorRate + timeoutRate + dropReplyRate must not exceed 1"),
    /** Per-region limits replacing the profile's defaults, e.g. { vcpus: 8 } for a quota demo. */
    quotas: z.object({ vcpus: limit, instances: limit, buckets: limit, networks: limit, loadBalancers: limit }).default({}),
  })
  .strict();

/** Options of the simulated clouds; everything is optional and faults are off by default. */
export type SimOptions = z.input<typeof simOptionsSchema>;

/**
 * A simulated cloud driver (aws-sim, azure-sim or gcp-sim) keeping its state in sim_objects.
 *
 * @example createSimDriver("aws-sim", context, { seed: 7, latencyMs: 0, faults: { dropReplyRate: 0.2 } })
 */
export function createSimDriver(providerId: SimProviderId, context: ProviderContext, options: SimOptions = {}): ProviderDriver {
  const parsed = simOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new Error(`Invalid ${providerId} options: ${parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; ")}`);
  }
  const { seed, latencyMs, faults, quotas } = parsed.data;
  const profile = SIM_PROFILES[providerId];
  const limits = { ...profile.quotas };
  for (const key of QUOTA_KEYS) limits[key] = quotas[key] ?? profile.quotas[key];
  return createSimDriverFrom(context, { profile, quotas: limits, faults: { seed, latencyMs, ...faults } });
}

/** The registry's factory for one simulated cloud. */
export function simProvider(providerId: SimProviderId, options: SimOptions = {}): ProviderFactory {
  return defineProvider((context) => createSimDriver(providerId, context, options));
}
