import type { z } from "zod";

/** Provider-neutral resource types (ARCHITECTURE.md "The resource abstraction"). */
export const RESOURCE_TYPES = [
  "compute.instance",
  "compute.group",
  "storage.bucket",
  "network.vpc",
  "network.subnet",
  "network.firewall",
  "network.loadBalancer",
  "dns.record",
  "app.deployment",
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const STEP_CATEGORIES = ["compute", "storage", "network", "deploy", "checks", "flow", "integrations"] as const;
export type StepCategory = (typeof STEP_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<StepCategory, string> = {
  compute: "Compute",
  storage: "Storage",
  network: "Network",
  deploy: "Deploy",
  checks: "Checks",
  flow: "Flow control",
  integrations: "Integrations",
};

export type OutputType = "string" | "number" | "boolean" | "list" | "map";

/**
 * One step type, declared once: the designer's palette and form, the validator, the engine and the policy
 * checks all read this object. The run/compensate code lives in server/steps/ under the same `type`.
 *
 * @example
 * defineStep({
 *   type: "wait", title: "Wait", description: "Pause the run.", category: "flow", icon: "Timer",
 *   config: z.object({ seconds: z.number().int().min(1).max(86400).default(60) }),
 *   outputs: {}, compensable: false,
 * })
 */
export type StepDefinition<C extends z.ZodObject = z.ZodObject> = {
  /** Stable id stored in definitions, kebab-case: "provision-instance". */
  type: string;
  title: string;
  description: string;
  category: StepCategory;
  /** A lucide-react icon name, e.g. "Server". */
  icon: string;
  /** Config form and validation. Use `.describe()`/`.meta({ title, description })` for labels and help. */
  config: C;
  /**
   * What later steps may reference as `steps.<id>.outputs.<name>`. `onFailure: true` marks an output that
   * is set when the step fails too (e.g. a health check's `healthy: false`), for failure/always branches.
   */
  outputs: Record<string, { type: OutputType; description: string; onFailure?: boolean }>;
  /** The provider resource this step creates, changes, deletes or reads, for the engine and policies. */
  resource?: { type: ResourceType; action: "create" | "update" | "delete" | "read" };
  /** Whether a saga rollback can undo it. */
  compensable: boolean;
  /** Condition steps branch on `true` / `false` edges instead of success/failure. */
  branches?: readonly ["true", "false"];
  /** The run ends when this step runs (a Fail step): no connection may leave it, and its failure always counts. */
  terminal?: boolean;
};

export function defineStep<C extends z.ZodObject>(definition: StepDefinition<C>): StepDefinition<C> {
  return definition;
}
