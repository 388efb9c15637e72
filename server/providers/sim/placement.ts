import { ProviderError } from "../types";
import { isInside, overlaps, parseCidr } from "./network";
import { checkQuotas, emptyUsage, QUOTA_KEYS, sumUsage, usageOf, type Usage } from "./quotas";
import type { TypedSpec } from "./specs";
import type { Facts, Loaded, SimState } from "./state";
import type { Quotas } from "./profiles";
import { allocatePrivate, allocatePublic, newMembers, requireLive, where, zoneFor, type World } from "./world";

/**
 * What the simulated cloud decides when something is created or changed: it checks references, quotas and
 * address space, and records the facts (addresses, members, what a deployment replaced). A deployment also
 * changes its target's image; such writes to other objects are returned as `sideEffects`.
 */

export type SideEffect = { externalId: string; state: SimState };
export type Placement = { facts: Facts; sideEffects: SideEffect[] };

function inRegion(world: World): Loaded[] {
  return world.objects.filter((o) => o.row.region === world.region.id);
}

/** Only what grows is checked, so shrinking an over-quota group is always allowed. */
function checkGrowth(world: World, quotas: Quotas, before: Usage, after: Usage, inUse: Usage): void {
  const growth = emptyUsage();
  for (const key of QUOTA_KEYS) growth[key] = Math.max(0, after[key] - before[key]);
  checkQuotas(world.profile.id, world.region.id, quotas, inUse, growth);
}

/** Points a deployment's target at the new artifact; returns what it ran before and how many instances changed. */
function deploy(world: World, target: string, artifact: string): { previousArtifact: string; updatedInstances: number; sideEffects: SideEffect[] } {
  if (target === "") return { previousArtifact: "", updatedInstances: 0, sideEffects: [] };
  const found = requireLive(world, "target", target, ["compute.instance", "compute.group"]);
  if (found.type !== "compute.instance" && found.type !== "compute.group") return { previousArtifact: "", updatedInstances: 0, sideEffects: [] };
  const state: SimState = { spec: { ...found.spec, image: artifact }, facts: found.facts, lastUpdate: found.lastUpdate };
  const updatedInstances = found.type === "compute.group" ? (found.facts.members?.length ?? 0) : 1;
  return { previousArtifact: found.spec.image, updatedInstances, sideEffects: [{ externalId: target, state }] };
}

export function placeNew(world: World, quotas: Quotas, externalId: string, next: TypedSpec): Placement {
  checkGrowth(world, quotas, emptyUsage(), usageOf(world.profile, next), sumUsage(world.profile, inRegion(world)));
  const none: Placement = { facts: {}, sideEffects: [] };
  switch (next.type) {
    case "compute.instance": {
      const [privateIp] = allocatePrivate(world, next.spec.subnet, 1);
      const publicIp = next.spec.assignPublicIp ? allocatePublic(world) : undefined;
      return { facts: { zone: zoneFor(world, externalId), privateIp, publicIp }, sideEffects: [] };
    }
    case "compute.group":
      return { facts: { members: newMembers(world, externalId, next.spec.subnet, 0, next.spec.desired), memberSeq: next.spec.desired }, sideEffects: [] };
    case "network.subnet": {
      if (next.spec.vpc === "") return none;
      const vpc = requireLive(world, "vpc", next.spec.vpc, ["network.vpc"]);
      const block = parseCidr(next.spec.cidr);
      if (vpc.type === "network.vpc" && !isInside(block, parseCidr(vpc.spec.cidr))) {
        throw new ProviderError("INVALID_SPEC", `${where(world)}: cidr ${next.spec.cidr} is outside network ${next.spec.vpc} (${vpc.spec.cidr})`);
      }
      const clash = inRegion(world).find((o) => o.type === "network.subnet" && o.spec.vpc === next.spec.vpc && overlaps(block, parseCidr(o.spec.cidr)));
      if (clash) throw new ProviderError("CONFLICT", `${where(world)}: cidr ${next.spec.cidr} overlaps subnet ${clash.row.externalId} of ${next.spec.vpc}`);
      return none;
    }
    case "network.firewall":
      if (next.spec.target !== "") requireLive(world, "target", next.spec.target, ["network.vpc", "network.subnet", "compute.instance", "compute.group"]);
      return none;
    case "network.loadBalancer":
      if (next.spec.targets !== "") requireLive(world, "targets", next.spec.targets, ["compute.group", "compute.instance"]);
      if (next.spec.subnet !== "") requireLive(world, "subnet", next.spec.subnet, ["network.subnet"]);
      return { facts: next.spec.public ? { publicIp: allocatePublic(world) } : {}, sideEffects: [] };
    case "app.deployment": {
      const { sideEffects, ...facts } = deploy(world, next.spec.target, next.spec.artifact);
      return { facts, sideEffects };
    }
    default:
      return none;
  }
}

/** Facts after an update: members added or removed, addresses given or released, quotas checked for growth. */
export function planChange(world: World, quotas: Quotas, current: Loaded, next: TypedSpec): Placement {
  // In use counts the object as it is now; only the growth is requested.
  checkGrowth(world, quotas, usageOf(world.profile, current), usageOf(world.profile, next), sumUsage(world.profile, inRegion(world)));
  const facts = current.facts;
  if (next.type === "compute.group" && current.type === "compute.group") {
    const members = facts.members ?? [];
    const seq = facts.memberSeq ?? members.length;
    const grow = next.spec.desired - members.length;
    // Scale-in removes the newest members first; new members never reuse an old number.
    const kept = grow >= 0 ? members : members.slice(0, next.spec.desired);
    const added = grow > 0 ? newMembers(world, current.row.externalId, current.spec.subnet, seq, grow) : [];
    return { facts: { ...facts, members: [...kept, ...added], memberSeq: seq + Math.max(0, grow) }, sideEffects: [] };
  }
  if (next.type === "compute.instance" && current.type === "compute.instance" && next.spec.assignPublicIp !== current.spec.assignPublicIp) {
    return { facts: { ...facts, publicIp: next.spec.assignPublicIp ? allocatePublic(world) : undefined }, sideEffects: [] };
  }
  if (next.type === "network.loadBalancer" && current.type === "network.loadBalancer") {
    if (next.spec.targets !== "" && next.spec.targets !== current.spec.targets) requireLive(world, "targets", next.spec.targets, ["compute.group", "compute.instance"]);
    if (next.spec.public !== current.spec.public) return { facts: { ...facts, publicIp: next.spec.public ? allocatePublic(world) : undefined }, sideEffects: [] };
  }
  if (next.type === "app.deployment" && current.type === "app.deployment") {
    const { sideEffects, ...deployed } = deploy(world, current.spec.target, next.spec.artifact);
    return { facts: { ...facts, ...deployed }, sideEffects };
  }
  return { facts, sideEffects: [] };
}
