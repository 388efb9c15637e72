import { z } from "zod";

/**
 * Policies as code (issue 6, ARCHITECTURE.md "Governance"): the shapes shared by the server (server/policy,
 * server/routers/policies.ts) and the browser (admin page, designer badges, run view).
 *
 * A policy's `expression` is CEL that must hold (evaluate to `true`) for a step to pass; when it is false
 * the policy's `effect` applies with its `message`. It sees these variables (the step's facts):
 *
 *   resource.type        "compute.instance", "storage.bucket", … (the step's resource type)
 *   resource.action      "create" | "update" | "delete" | "read"
 *   resource.provider    "local" | "aws-sim" | "azure-sim" | "gcp-sim"
 *   resource.region      e.g. "us-east-1"
 *   resource.size        "small" | "medium" | "large" | "xlarge" | "" (no size)
 *   resource.count       number of machines it makes (1, or an instance group's desired count)
 *   resource.tags        map of string → string
 *   resource.public      whether it is reachable from the internet (public bucket, public IP, …)
 *   resource.monthlyCost estimated USD per month from the provider's price table (double)
 *   step.id, step.type, step.name
 *   workflow.id, workflow.name
 *   actor.role           "admin" | "operator" | "viewer" (who starts the run)
 *   run.monthlyCost      estimated USD per month of every resource the run creates (double)
 *
 * Numbers compare across int and double (`run.monthlyCost <= 500`). A value the designer cannot
 * know yet (a `${{ … }}` expression) makes the policy's result "unknown" on the canvas; at run time every
 * value is resolved. An expression that fails at run time counts as not holding (fail closed).
 */
export const POLICY_EFFECTS = ["deny", "warn", "require_approval"] as const;
export type PolicyEffect = (typeof POLICY_EFFECTS)[number];
export const EFFECT_LABELS: Record<PolicyEffect, string> = { deny: "Deny", warn: "Warn", require_approval: "Require approval" };

/** pass: the expression held; unknown: the canvas cannot tell yet; error: the expression failed. */
export const POLICY_OUTCOMES = ["pass", "deny", "warn", "require_approval", "unknown", "error"] as const;
export type PolicyOutcome = (typeof POLICY_OUTCOMES)[number];

export const policyInput = z.strictObject({
  name: z.string().trim().min(1, "is required").max(100),
  description: z.string().trim().max(2000).default(""),
  expression: z.string().trim().min(1, "is required").max(4000),
  message: z.string().trim().min(1, "is required").max(500),
  effect: z.enum(POLICY_EFFECTS),
  scopeProviders: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
  scopeStepTypes: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  isEnabled: z.boolean().default(true),
});
export type PolicyInput = z.infer<typeof policyInput>;

export const updatePolicyInput = policyInput.extend({ id: z.uuid() });
export const policyIdInput = z.strictObject({ id: z.uuid() });
export const setPolicyEnabledInput = z.strictObject({ id: z.uuid(), isEnabled: z.boolean() });

/** CEL syntax check as the admin types: `{ ok: true }` or the first error with its position. */
export const validateExpressionInput = z.strictObject({ expression: z.string().max(4000) });
export type ExpressionCheck = { ok: true } | { ok: false; message: string; position?: number };

/** The facts a step is judged on; `null` where the designer cannot know the value yet. */
export type PolicyFacts = {
  resource: {
    type: string | null;
    action: string | null;
    provider: string | null;
    region: string | null;
    size: string | null;
    count: number | null;
    tags: Record<string, string> | null;
    public: boolean | null;
    monthlyCost: number | null;
  };
  step: { id: string; type: string; name: string };
  workflow: { id: string; name: string };
  actor: { role: string };
  run: { monthlyCost: number | null };
};

/** "Test against sample facts": an expression (saved or not) on facts the admin edits as JSON. */
export const testPolicyInput = z.strictObject({
  expression: z.string().max(4000),
  facts: z.record(z.string(), z.unknown()),
});
export type PolicyTestResult = { ok: true; holds: boolean } | { ok: false; message: string };

/** One policy's result on one step. */
export type PolicyResult = {
  policyId: string;
  policyName: string;
  effect: PolicyEffect;
  outcome: PolicyOutcome;
  /** The policy's message when it did not hold; the reason when unknown or error. */
  message: string | null;
};

/** The designer's live check: results per node (only policies in scope), and whether a run may start. */
export const checkDefinitionInput = z.strictObject({
  workflowId: z.uuid().optional(),
  name: z.string().max(200).default(""),
  definition: z.unknown(),
});
export type DefinitionCheck = {
  nodes: Record<string, PolicyResult[]>;
  /** Reasons a run cannot start (deny results), one line per node and policy. */
  blocking: string[];
};
