import { ProviderError } from "../types";
import type { Quotas, SimProfile } from "./profiles";
import type { TypedSpec } from "./specs";

/**
 * Regional quotas, counted over the live objects of a region. A request that would pass a limit is refused
 * with the numbers an operator needs to act (limit, requested, in use), like the real clouds do.
 */

export type Usage = Quotas;

const LABELS: Record<keyof Quotas, string> = {
  vcpus: "vCPU",
  instances: "instance",
  buckets: "bucket",
  networks: "network",
  loadBalancers: "load balancer",
};

export const QUOTA_KEYS = ["vcpus", "instances", "buckets", "networks", "loadBalancers"] as const satisfies readonly (keyof Quotas)[];

export function emptyUsage(): Usage {
  return { vcpus: 0, instances: 0, buckets: 0, networks: 0, loadBalancers: 0 };
}

/** What one object holds against the quotas. */
export function usageOf(profile: SimProfile, loaded: TypedSpec): Usage {
  const usage = emptyUsage();
  switch (loaded.type) {
    case "compute.instance":
      usage.instances = 1;
      usage.vcpus = profile.machineTypes[loaded.spec.size].vcpus;
      break;
    case "compute.group":
      usage.instances = loaded.spec.desired;
      usage.vcpus = loaded.spec.desired * profile.machineTypes[loaded.spec.size].vcpus;
      break;
    case "storage.bucket":
      usage.buckets = 1;
      break;
    case "network.vpc":
      usage.networks = 1;
      break;
    case "network.loadBalancer":
      usage.loadBalancers = 1;
      break;
    default:
      break;
  }
  return usage;
}

export function sumUsage(profile: SimProfile, objects: readonly TypedSpec[]): Usage {
  const total = emptyUsage();
  for (const object of objects) {
    const usage = usageOf(profile, object);
    for (const key of QUOTA_KEYS) total[key] += usage[key];
  }
  return total;
}

/** Throws QUOTA_EXCEEDED if adding `requested` to `inUse` passes a limit of the region. */
export function checkQuotas(provider: string, region: string, quotas: Quotas, inUse: Usage, requested: Usage): void {
  for (const key of QUOTA_KEYS) {
    if (requested[key] > 0 && inUse[key] + requested[key] > quotas[key]) {
      throw new ProviderError(
        "QUOTA_EXCEEDED",
        `${provider} ${region}: ${LABELS[key]} limit ${quotas[key]} reached (${requested[key]} requested, ${inUse[key]} in use)`,
      );
    }
  }
}
