import { previousAttributes } from "../previous";
import type { ProviderResource } from "../types";
import { findRegion, type SimProfile, type Size } from "./profiles";
import { hexFrom } from "./random";
import type { Loaded } from "./state";

/**
 * How a stored object looks to callers: the attributes a real cloud would report for its type, and its
 * hourly cost. Computed on read from the spec and the recorded facts, so there is one source of truth.
 */

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

// Typical monthly fees spread over 730 hours: ~70 GB of standard storage, one hosted-zone share.
const BUCKET_PER_HOUR = 0.0022;
const DNS_PER_HOUR = 0.0007;

export function costPerHour(profile: SimProfile, loaded: Loaded): number {
  const spec = loaded.spec as { size?: Size; desired?: number };
  return hourlyPrice(profile, loaded.row.region, loaded.type, spec.size ?? null, spec.desired ?? 1);
}

/**
 * The list price per hour of a resource of `type` (machines of `size`, `count` of them) in `region`: what
 * the inventory shows for a resource and what policies estimate before it exists.
 */
export function hourlyPrice(profile: SimProfile, region: string, type: string, size: Size | null, count: number): number {
  const factor = findRegion(profile, region)?.priceFactor ?? 1;
  switch (type) {
    case "compute.instance":
      return size ? round4(profile.machineTypes[size].pricePerHour * factor) : 0;
    case "compute.group":
      return size ? round4(profile.machineTypes[size].pricePerHour * count * factor) : 0;
    case "network.loadBalancer":
      return round4(profile.lbPricePerHour * factor);
    case "storage.bucket":
      return round4(BUCKET_PER_HOUR * factor);
    case "dns.record":
      return DNS_PER_HOUR;
    default:
      return 0;
  }
}

export function lbDnsName(profile: SimProfile, loaded: Loaded): string {
  return profile.lbHost(loaded.row.name, hexFrom(loaded.row.externalId, 10), loaded.row.region);
}

function typeAttributes(profile: SimProfile, loaded: Loaded): Record<string, unknown> {
  const id = loaded.row.externalId;
  const { facts } = loaded;
  switch (loaded.type) {
    case "compute.instance": {
      const { size, image, port, subnet, assignPublicIp } = loaded.spec;
      const machine = profile.machineTypes[size];
      const ip = facts.publicIp ?? facts.privateIp ?? "";
      return {
        instanceId: id, size, instanceType: machine.name, vcpus: machine.vcpus, memoryGiB: machine.memoryGiB, image, port, subnet,
        zone: facts.zone ?? "", privateIp: facts.privateIp ?? "", publicIp: facts.publicIp ?? "", assignPublicIp, url: `http://${ip}:${port}`,
      };
    }
    case "compute.group": {
      const { size, image, port, subnet, min, desired, max } = loaded.spec;
      const machine = profile.machineTypes[size];
      const members = facts.members ?? [];
      return {
        groupId: id, machineSize: size, instanceType: machine.name, vcpus: machine.vcpus, memoryGiB: machine.memoryGiB, image, port, subnet,
        min, desired, max, size: members.length, instanceIds: members.map((m) => m.instanceId), instances: members,
      };
    }
    case "storage.bucket": {
      const { versioning, retentionDays, publicAccess } = loaded.spec;
      return { bucketId: id, url: profile.bucketUrl(id), versioning, retentionDays, publicAccess };
    }
    case "network.vpc":
      return { vpcId: id, cidr: loaded.spec.cidr };
    case "network.subnet":
      return { subnetId: id, vpcId: loaded.spec.vpc, cidr: loaded.spec.cidr, public: loaded.spec.public };
    case "network.firewall": {
      const { name: _name, region: _region, tags: _tags, ...rule } = loaded.spec;
      return { ruleId: id, ...rule };
    }
    case "network.loadBalancer": {
      const { name: _name, region: _region, tags: _tags, ...settings } = loaded.spec;
      const dnsName = lbDnsName(profile, loaded);
      const port = settings.listenerPort === 80 ? "" : `:${settings.listenerPort}`;
      return { loadBalancerId: id, dnsName, url: `http://${dnsName}${port}`, publicIp: facts.publicIp ?? "", ...settings };
    }
    case "dns.record": {
      const { zone, recordType, value, ttlSeconds } = loaded.spec;
      return { recordId: id, fqdn: `${loaded.row.name}.${zone}`, zone, recordType, value, ttlSeconds, previousValue: "" };
    }
    case "app.deployment": {
      const { target, artifact, strategy, batchSize } = loaded.spec;
      return {
        deploymentId: id, target, artifact, strategy, batchSize,
        previousArtifact: facts.previousArtifact ?? "", updatedInstances: facts.updatedInstances ?? 0,
      };
    }
  }
}

function previousOf(loaded: Loaded): Record<string, unknown> {
  return loaded.lastUpdate ? previousAttributes(loaded.lastUpdate.previous) : {};
}

export function toResource(profile: SimProfile, loaded: Loaded): ProviderResource {
  return {
    externalId: loaded.row.externalId,
    type: loaded.type,
    region: loaded.row.region,
    name: loaded.row.name,
    status: loaded.row.deletedAt ? "deleted" : "ready",
    attributes: { ...typeAttributes(profile, loaded), ...previousOf(loaded) },
    tags: loaded.spec.tags,
    costPerHour: costPerHour(profile, loaded),
  };
}
