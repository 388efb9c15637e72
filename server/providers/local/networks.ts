import "server-only";
import { z } from "zod";
import { ProviderError } from "../types";
import { type CidrRange, contains, overlaps, parseCidr } from "./cidr";
import { type Handler, type Runtime, parseSpec, recordsOf } from "./runtime";
import type { LocalRecord } from "./store";

// Networks on this host are records: validated like a cloud would (CIDR syntax, containment, overlap)
// and reported, but no traffic is routed or filtered by them.

const cidrField = z.string().trim().refine((v) => parseCidr(v) !== undefined, "must be an IPv4 CIDR block such as 10.0.0.0/16");

const vpcSpecSchema = z.object({ cidr: cidrField.default("10.0.0.0/16") });
const subnetSpecSchema = z.object({ vpc: z.string().trim().min(1, "names the network (vpc id) the subnet belongs to"), cidr: cidrField.default("10.0.1.0/24"), public: z.boolean().default(false) });
const firewallSpecSchema = z
  .object({
    target: z.string().trim().default(""),
    direction: z.enum(["ingress", "egress"]).default("ingress"),
    action: z.enum(["allow", "deny"]).default("allow"),
    protocol: z.enum(["tcp", "udp", "icmp", "all"]).default("tcp"),
    fromPort: z.number().int().min(1).max(65_535).default(443),
    toPort: z.number().int().min(1).max(65_535).default(443),
    sourceCidrs: z.array(cidrField).min(1).max(50).default(["10.0.0.0/16"]),
  })
  .refine((f) => f.fromPort <= f.toPort, { path: ["toPort"], message: "must be at least fromPort" });

function rangeOf(record: LocalRecord): CidrRange | undefined {
  return typeof record.attributes.cidr === "string" ? parseCidr(record.attributes.cidr) : undefined;
}

function refuseOverlap(range: CidrRange, siblings: LocalRecord[], kind: string): void {
  for (const sibling of siblings) {
    const other = rangeOf(sibling);
    if (other && overlaps(range, other)) {
      throw new ProviderError("CONFLICT", `${range.cidr} overlaps ${kind} ${sibling.name} (${other.cidr})`);
    }
  }
}

/** Facts of the address space, so a network reports numbers like any other resource. */
function addressMetrics(record: LocalRecord): Record<string, number> {
  const range = rangeOf(record);
  return { addresses: range ? range.end - range.start : 0 };
}

function subnetsOf(rt: Runtime, vpcId: string): LocalRecord[] {
  return recordsOf(rt, "network.subnet").filter((s) => s.attributes.vpcId === vpcId);
}

export const vpcHandler: Handler = {
  prefix: "vpc",
  // Separate networks may use the same addresses, as in the clouds (AWS VPCs, Azure VNets): only the
  // subnets of one network must not overlap. (Refusing it made a template unrunnable a second time.)
  check(_rt, spec) {
    parseSpec(vpcSpecSchema, spec, "network.vpc");
  },
  async create(_rt, record) {
    const { cidr } = parseSpec(vpcSpecSchema, record.spec, "network.vpc");
    record.attributes = { vpcId: record.externalId, cidr: parseCidr(cidr)?.cidr ?? cidr, isEnforced: false };
    await Promise.resolve();
  },
  async delete(rt, record) {
    const subnets = subnetsOf(rt, record.externalId);
    if (subnets.length > 0) {
      throw new ProviderError("CONFLICT", `vpc ${record.name} still has subnets: ${subnets.map((s) => s.name).join(", ")}. Delete them first.`);
    }
    await Promise.resolve();
  },
  metrics(rt, record) {
    return Promise.resolve({ ...addressMetrics(record), subnets: subnetsOf(rt, record.externalId).length });
  },
};

export const subnetHandler: Handler = {
  prefix: "subnet",
  check(rt, spec) {
    const parsed = parseSpec(subnetSpecSchema, spec, "network.subnet");
    const vpc = rt.store.state.resources[parsed.vpc];
    if (vpc?.type !== "network.vpc") throw new ProviderError("INVALID_SPEC", `local network.subnet: vpc ${parsed.vpc} does not exist on the local provider.`);
    const range = parseCidr(parsed.cidr);
    const outer = rangeOf(vpc);
    if (!range || !outer) return;
    if (!contains(outer, range)) throw new ProviderError("INVALID_SPEC", `${range.cidr} is not inside vpc ${vpc.name} (${outer.cidr})`);
    refuseOverlap(range, subnetsOf(rt, vpc.externalId), "subnet");
  },
  async create(_rt, record) {
    const parsed = parseSpec(subnetSpecSchema, record.spec, "network.subnet");
    record.attributes = { subnetId: record.externalId, vpcId: parsed.vpc, cidr: parseCidr(parsed.cidr)?.cidr ?? parsed.cidr, public: parsed.public, isEnforced: false };
    await Promise.resolve();
  },
  async delete() {},
  metrics(rt, record) {
    const instances = recordsOf(rt, "compute.instance").filter((i) => i.attributes.subnetId === record.externalId).length;
    return Promise.resolve({ ...addressMetrics(record), instances });
  },
};

export const firewallHandler: Handler = {
  prefix: "fw",
  check(rt, spec) {
    const parsed = parseSpec(firewallSpecSchema, spec, "network.firewall");
    if (parsed.target !== "" && !rt.store.state.resources[parsed.target]) {
      throw new ProviderError("INVALID_SPEC", `local network.firewall: target ${parsed.target} does not exist on the local provider.`);
    }
  },
  async create(_rt, record) {
    const rule = parseSpec(firewallSpecSchema, record.spec, "network.firewall");
    record.attributes = { ruleId: record.externalId, ...rule, isEnforced: false };
    await Promise.resolve();
  },
  async delete() {},
  metrics(_rt, record) {
    const rule = parseSpec(firewallSpecSchema, record.spec, "network.firewall");
    const ports = rule.protocol === "tcp" || rule.protocol === "udp" ? rule.toPort - rule.fromPort + 1 : 0;
    return Promise.resolve({ sourceCidrs: rule.sourceCidrs.length, ports });
  },
};
