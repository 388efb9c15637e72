import { z } from "zod";
import { worstOutcome } from "@/components/policies/policy-badges";
import type { PolicyBadge } from "@/components/designer/use-policy-check";
import type { StepRow } from "./step-rows";
import type { RunDetailData } from "./types";

export type PolicyDecision = RunDetailData["decisions"][number];

/** Every stored decision per step, in the order they were made. */
export function decisionsByStep(decisions: readonly PolicyDecision[]): Map<string, PolicyDecision[]> {
  const map = new Map<string, PolicyDecision[]>();
  for (const d of decisions) map.set(d.stepId, [...(map.get(d.stepId) ?? []), d]);
  return map;
}

/** A graph node's badge: the worst deny / require_approval / warn the step received (passes show nothing). */
export function decisionBadge(decisions: readonly PolicyDecision[] | undefined): PolicyBadge | null {
  const relevant = (decisions ?? []).filter((d) => d.outcome === "deny" || d.outcome === "require_approval" || d.outcome === "warn");
  const worst = worstOutcome(relevant.map((d) => d.outcome));
  if (!worst) return null;
  return { outcome: worst, title: relevant.map((d) => `${d.policyName}: ${d.message ?? d.outcome}`).join("\n") };
}

const heldSchema = z.object({ policyApproval: z.object({ policyIds: z.array(z.string()), message: z.string().nullish() }) });

/** The hold of a step waiting for an admin because a `require_approval` policy did not hold, if any. */
export function policyHoldOf(row: StepRow): { message: string } | null {
  if (row.status !== "waiting") return null;
  const parsed = heldSchema.safeParse(row.latest?.output);
  return parsed.success ? { message: parsed.data.policyApproval.message ?? "A policy asks for an admin's approval." } : null;
}
