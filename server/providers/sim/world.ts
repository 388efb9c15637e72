import type { ResourceType } from "@/lib/catalog/define";
import { ProviderError } from "../types";
import { allocateHosts, defaultNetworkCidr } from "./network";
import type { Region, SimProfile } from "./profiles";
import { hexFrom } from "./random";
import type { Loaded, Member } from "./state";

/**
 * A snapshot of one simulated cloud, read inside the provider lock: what exists, which addresses are taken.
 * Placement decisions (references, addresses, quotas) are made against it.
 */
export type World = { profile: SimProfile; region: Region; regionIndex: number; objects: readonly Loaded[] };

export function where(world: World): string {
  return `${world.profile.id} ${world.region.id}`;
}

/** A live object of one of `types` in the world's region, or INVALID_SPEC naming the field that points at it. */
export function requireLive(world: World, field: string, id: string, types: readonly ResourceType[]): Loaded {
  const found = world.objects.find((o) => o.row.externalId === id && o.row.region === world.region.id);
  if (!found || !types.includes(found.type)) {
    const what = found ? `is a ${found.type}, not a ${types.join(" or ")}` : `does not exist (expected a live ${types.join(" or ")})`;
    throw new ProviderError("INVALID_SPEC", `${where(world)}: ${field} ${id} ${what}`);
  }
  return found;
}

/** The address range instances land in: the named subnet's, or the region's default network. */
export function networkOf(world: World, subnet: string): { key: string; cidr: string } {
  if (subnet === "") return { key: `default:${world.region.id}`, cidr: defaultNetworkCidr(world.regionIndex) };
  const found = requireLive(world, "subnet", subnet, ["network.subnet"]);
  return { key: subnet, cidr: found.type === "network.subnet" ? found.spec.cidr : "" };
}

function privateIpsIn(world: World, key: string): Set<string> {
  const used = new Set<string>();
  for (const o of world.objects) {
    if (o.type !== "compute.instance" && o.type !== "compute.group") continue;
    const objectKey = o.spec.subnet === "" ? `default:${o.row.region}` : o.spec.subnet;
    if (objectKey !== key) continue;
    if (o.facts.privateIp) used.add(o.facts.privateIp);
    for (const member of o.facts.members ?? []) used.add(member.privateIp);
  }
  return used;
}

/** `count` free private addresses in the subnet (or default network), or QUOTA_EXCEEDED when it is full. */
export function allocatePrivate(world: World, subnet: string, count: number): string[] {
  const network = networkOf(world, subnet);
  const found = allocateHosts(network.cidr, privateIpsIn(world, network.key), count);
  if (!found) {
    throw new ProviderError("QUOTA_EXCEEDED", `${where(world)}: ${subnet || "the default network"} (${network.cidr}) has fewer than ${count} free addresses`);
  }
  return found;
}

/** A free public address of the provider (public addresses are provider-wide, not per region). */
export function allocatePublic(world: World): string {
  const used = new Set(world.objects.flatMap((o) => (o.facts.publicIp ? [o.facts.publicIp] : [])));
  const [ip] = allocateHosts(world.profile.publicCidr, used, 1) ?? [];
  if (!ip) throw new ProviderError("QUOTA_EXCEEDED", `${where(world)}: no public addresses left in the simulated pool`);
  return ip;
}

export function zoneFor(world: World, externalId: string): string {
  const zones = world.region.zones;
  return zones[parseInt(hexFrom(externalId, 4), 16) % zones.length] ?? world.region.id;
}

/** Members `from`…`from+count-1` of a group, with stable ids derived from the group id and their number. */
export function newMembers(world: World, groupId: string, subnet: string, from: number, count: number): Member[] {
  const ips = allocatePrivate(world, subnet, count);
  const prefix = world.profile.idPrefix["compute.instance"];
  return ips.map((privateIp, i) => ({ instanceId: `${prefix}${hexFrom(`${groupId}#${from + i}`, 12)}`, privateIp }));
}
