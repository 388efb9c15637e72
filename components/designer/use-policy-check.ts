"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { useDebounced } from "@/components/workflows/use-debounced";
import { OUTCOME_RANK, worstOutcome } from "@/components/policies/policy-badges";
import type { DefinitionCheck, PolicyOutcome, PolicyResult } from "@/lib/policy/schemas";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const EMPTY: DefinitionCheck = { nodes: {}, blocking: [] };

/** A node's policy badge: its worst result and the messages behind it. */
export type PolicyBadge = { outcome: PolicyOutcome; title: string };
/** One policy result in the designer's problems list (deny is an error; the rest warn or inform). */
export type PolicyProblem = { nodeId: string; severity: "error" | "warning" | "info"; outcome: PolicyOutcome; policyName: string; message: string };

const SEVERITY: Record<PolicyOutcome, PolicyProblem["severity"] | null> = { deny: "error", require_approval: "warning", warn: "warning", error: "info", unknown: "info", pass: null };

export function resultLine(r: PolicyResult): string {
  return `${r.policyName}: ${r.message ?? r.outcome}`;
}

/**
 * The policies' verdict on the definition being edited (`workflows.checkPolicies`), debounced ~400 ms. The
 * last results stay on screen while a new check runs, so badges do not flicker as one types.
 */
export function usePolicyCheck(workflowId: string, name: string, definition: WorkflowDefinition) {
  const trpc = useTRPC();
  const debounced = useDebounced(definition, 400);
  const query = useQuery({ ...trpc.workflows.checkPolicies.queryOptions({ workflowId, name, definition: debounced }), placeholderData: keepPreviousData, staleTime: 5_000 });
  const check = query.data ?? EMPTY;
  return useMemo(() => {
    const badges = new Map<string, PolicyBadge>();
    const problems: PolicyProblem[] = [];
    for (const [nodeId, results] of Object.entries(check.nodes)) {
      const worst = worstOutcome(results.map((r) => r.outcome));
      if (worst) badges.set(nodeId, { outcome: worst, title: results.filter((r) => r.outcome !== "pass").map(resultLine).join("\n") });
      for (const r of results) {
        const severity = SEVERITY[r.outcome];
        if (severity) problems.push({ nodeId, severity, outcome: r.outcome, policyName: r.policyName, message: r.message ?? r.outcome });
      }
    }
    problems.sort((a, b) => OUTCOME_RANK[b.outcome] - OUTCOME_RANK[a.outcome]);
    return { results: check.nodes, badges, problems, blocking: check.blocking, isChecking: query.isFetching, isError: query.isError };
  }, [check, query.isFetching, query.isError]);
}
