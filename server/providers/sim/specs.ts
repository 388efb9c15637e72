import { z } from "zod";
import type { ResourceType } from "@/lib/catalog/define";
import { isCidr, SIZES } from "@/lib/catalog/steps/fields";
import { ProviderError } from "../types";

/**
 * What the simulated cloud APIs accept, per resource type. Defaults match the step catalog, so a step's
 * config maps onto a spec one to one; unknown fields (provider, env, command …) are ignored like a real API
 * ignores what it does not read. Changes are checked against the merged spec, so cross-field rules
 * (min ≤ desired ≤ max) hold after every update too.
 */

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const port = (fallback: number) => z.number().int().min(1).max(65_535).default(fallback);
const cidr = (fallback: string) => z.string().refine(isCidr, "must be an IPv4 CIDR block such as 10.0.0.0/16").default(fallback);
const ref = z.string().trim().default("");

const common = {
  name: z.string({ error: "is required" }).regex(NAME, "use lower-case letters, digits and dashes, starting with a letter (at most 63)"),
  region: z.string({ error: "is required" }),
  tags: z.record(z.string(), z.string()).default({}),
};
const machine = { size: z.enum(SIZES).default("small"), image: z.string().min(1).default("sample-web"), port: port(8080), subnet: ref };
const count = z.number().int().min(0).max(100);

const schemas = {
  "compute.instance": z.object({ ...common, ...machine, assignPublicIp: z.boolean().default(false) }),
  "compute.group": z
    .object({ ...common, ...machine, min: count.default(1), desired: count.default(2), max: count.default(4) })
    .refine((s) => s.min <= s.desired && s.desired <= s.max, {
      path: ["desired"],
      message: "must lie between the group's min and max",
    }),
  "storage.bucket": z.object({
    ...common,
    versioning: z.boolean().default(false),
    retentionDays: z.number().int().min(0).max(3650).default(0),
    publicAccess: z.boolean().default(false),
  }),
  "network.vpc": z.object({ ...common, cidr: cidr("10.0.0.0/16") }),
  "network.subnet": z.object({ ...common, vpc: ref, cidr: cidr("10.0.1.0/24"), public: z.boolean().default(false) }),
  "network.firewall": z
    .object({
      ...common,
      target: ref,
      direction: z.enum(["ingress", "egress"]).default("ingress"),
      action: z.enum(["allow", "deny"]).default("allow"),
      protocol: z.enum(["tcp", "udp", "icmp", "all"]).default("tcp"),
      fromPort: port(443),
      toPort: port(443),
      sourceCidrs: z.array(z.string().refine(isCidr, "must be an IPv4 CIDR block")).min(1).default(["10.0.0.0/16"]),
    })
    .refine((s) => s.fromPort <= s.toPort, { path: ["toPort"], message: "must be at least fromPort" }),
  "network.loadBalancer": z.object({
    ...common,
    targets: ref,
    subnet: ref,
    listenerPort: port(80),
    targetPort: port(8080),
    healthCheckPath: z.string().regex(/^\/\S*$/, "must start with /").default("/health"),
    healthCheckIntervalSeconds: z.number().int().min(1).max(300).default(10),
    /** How long old targets keep in-flight requests when the targets change (deregistration delay). */
    drainSeconds: z.number().int().min(0).max(3600).default(30),
    public: z.boolean().default(false),
  }),
  "dns.record": z.object({
    ...common,
    zone: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, "must be a domain such as example.com")
      .default("stratus.local"),
    recordType: z.enum(["A", "AAAA", "CNAME"]).default("CNAME"),
    value: z.string().default(""),
    ttlSeconds: z.number().int().min(30).max(86_400).default(60),
  }),
  "app.deployment": z.object({
    ...common,
    target: ref,
    artifact: z.string().min(1).default("sample-web"),
    strategy: z.enum(["rolling", "all-at-once"]).default("rolling"),
    batchSize: z.number().int().min(1).max(100).default(1),
  }),
} satisfies Record<ResourceType, z.ZodType>;

export type Specs = { [T in ResourceType]: z.infer<(typeof schemas)[T]> };
/** A spec paired with its type; `switch (x.type)` narrows `x.spec`. */
export type TypedSpec = { [T in ResourceType]: { type: T; spec: Specs[T] } }[ResourceType];

/** What an update may change per type; everything else (name, region, cidr, subnet …) is fixed at create. */
const MUTABLE: Record<ResourceType, readonly string[]> = {
  "compute.instance": ["tags", "size", "image", "assignPublicIp"],
  "compute.group": ["tags", "size", "image", "min", "desired", "max"],
  "storage.bucket": ["tags", "versioning", "retentionDays", "publicAccess"],
  "network.vpc": ["tags"],
  "network.subnet": ["tags", "public"],
  "network.firewall": ["tags", "direction", "action", "protocol", "fromPort", "toPort", "sourceCidrs"],
  "network.loadBalancer": ["tags", "targets", "listenerPort", "targetPort", "healthCheckPath", "healthCheckIntervalSeconds", "drainSeconds", "public"],
  "dns.record": ["tags", "recordType", "value", "ttlSeconds"],
  "app.deployment": ["tags", "artifact", "strategy", "batchSize"],
};

function invalid(prefix: string, error: z.ZodError): ProviderError {
  const details = error.issues.map((issue) => `${issue.path.join(".") || "spec"}: ${issue.message}`).join("; ");
  return new ProviderError("INVALID_SPEC", `${prefix}: ${details}`);
}

/** Validates a spec for its type, or throws INVALID_SPEC listing every problem with its field. */
export function parseSpec(provider: string, type: ResourceType, raw: Record<string, unknown>): TypedSpec {
  const result = schemas[type].safeParse(raw);
  if (!result.success) throw invalid(`${provider}: invalid ${type} spec`, result.error);
  // Indexing the schema table by a union key loses the type/spec pairing; the parse above is that check.
  return { type, spec: result.data } as TypedSpec;
}

/** The spec after `changes`, or INVALID_SPEC naming a field that cannot change or a value that is wrong. */
export function applyChanges(provider: string, current: TypedSpec, externalId: string, changes: Record<string, unknown>): TypedSpec {
  const { type } = current;
  const fixed = Object.keys(changes).filter((key) => !MUTABLE[type].includes(key));
  if (fixed.length > 0) {
    throw new ProviderError(
      "INVALID_SPEC",
      `${provider}: cannot change ${fixed.join(", ")} of ${type} ${externalId}; changeable: ${MUTABLE[type].join(", ")}`,
    );
  }
  return parseSpec(provider, type, { ...current.spec, ...changes });
}
