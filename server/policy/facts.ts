import "server-only";
import { getStep } from "@/lib/catalog";
import { SIZES } from "@/lib/catalog/steps/fields";
import { hasTemplate } from "@/lib/catalog/steps/fields";
import type { PolicyFacts } from "@/lib/policy/schemas";
import type { WorkflowDefinition, WorkflowNode } from "@/lib/workflow/schema";
import { SIM_PROFILES, type SimProviderId, type Size } from "../providers/sim/profiles";
import { hourlyPrice } from "../providers/sim/view";

/**
 * The facts a policy judges a step on (lib/policy/schemas.ts lists them), read from the step's settings:
 * at design time from the configuration as written (a `${{ … }}` value is not known yet: null), at run
 * time from the resolved configuration.
 */
const HOURS_PER_MONTH = 730;
type Context = { workflow: { id: string; name: string }; actorRole: string };

/** A literal value of a config field, or null when it is a template (or absent). */
function known<T>(value: unknown, isType: (v: unknown) => v is T): T | null {
  if (typeof value === "string" && hasTemplate(value)) return null;
  return isType(value) ? value : null;
}
const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isSize = (v: unknown): v is Size => typeof v === "string" && (SIZES as readonly string[]).includes(v);

function tagsOf(value: unknown): Record<string, string> | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.some(([, v]) => typeof v !== "string" || hasTemplate(v))) return null;
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Whether the resource is reachable from the internet, per step type's own setting. */
function publicOf(type: string, config: Record<string, unknown>): boolean | null {
  switch (type) {
    case "bucket":
      return known(config.publicAccess, isBoolean) ?? (config.publicAccess === undefined ? false : null);
    case "provision-instance":
      return known(config.assignPublicIp, isBoolean) ?? (config.assignPublicIp === undefined ? false : null);
    case "load-balancer":
    case "subnet":
      return known(config.public, isBoolean) ?? (config.public === undefined ? false : null);
    case "firewall-rule": {
      const sources = config.sourceCidrs;
      if (!Array.isArray(sources)) return false;
      if (sources.some((s) => typeof s === "string" && hasTemplate(s))) return null;
      return config.direction !== "egress" && config.action !== "deny" && sources.some((s) => s === "0.0.0.0/0" || s === "::/0");
    }
    default:
      return false;
  }
}

function countOf(type: string, config: Record<string, unknown>): number | null {
  if (type === "instance-group" || type === "scale-group") return known(config.desired, isNumber);
  return 1;
}

/** Estimated USD per month from the provider's price table (the local provider costs nothing). */
export function monthlyCost(provider: string | null, region: string | null, resourceType: string | null, size: Size | null, count: number | null): number | null {
  if (!resourceType) return 0;
  if (provider === null || region === null || count === null) return null;
  const profile = SIM_PROFILES[provider as SimProviderId];
  if (!profile) return 0;
  return Math.round(hourlyPrice(profile, region, resourceType, size, count) * HOURS_PER_MONTH * 100) / 100;
}

/** The step's facts; `run.monthlyCost` is filled in by `definitionFacts` (it needs every step). */
export function stepFacts(node: WorkflowNode, config: Record<string, unknown>, ctx: Context): PolicyFacts {
  const step = getStep(node.type);
  const resource = step?.resource;
  const provider = resource ? known(config.provider, isString) : null;
  const region = resource ? known(config.region, isString) : null;
  const size = resource ? known(config.size, isSize) : null;
  const count = resource ? countOf(node.type, config) : null;
  const creates = resource && resource.action !== "read" && resource.action !== "delete";
  return {
    resource: {
      type: resource?.type ?? null,
      action: resource?.action ?? null,
      provider,
      region,
      size: resource ? (size ?? (config.size === undefined ? "" : null)) : null,
      count,
      tags: resource ? tagsOf(config.tags) : null,
      public: resource ? publicOf(node.type, config) : null,
      monthlyCost: creates ? monthlyCost(provider, region, resource.type, size, count) : 0,
    },
    step: { id: node.id, type: node.type, name: node.name },
    workflow: ctx.workflow,
    actor: { role: ctx.actorRole },
    run: { monthlyCost: null },
  };
}

/** Facts of every node of a definition, with the run's total estimated monthly cost. */
export function definitionFacts(definition: WorkflowDefinition, configs: (node: WorkflowNode) => Record<string, unknown>, ctx: Context): Map<string, PolicyFacts> {
  const facts = new Map(definition.nodes.map((n) => [n.id, stepFacts(n, configs(n), ctx)]));
  const costs = [...facts.values()].map((f) => f.resource.monthlyCost);
  const total = costs.some((c) => c === null) ? null : Math.round(costs.reduce<number>((a, c) => a + (c ?? 0), 0) * 100) / 100;
  for (const f of facts.values()) f.run.monthlyCost = total;
  return facts;
}
