import type { Role } from "@/lib/auth/roles";
import type { StepState } from "../engine/planner";
import { policyHoldOf } from "../engine/transitions";
import { can } from "./permissions";

/**
 * Who may decide a step that waits for a person — the one rule behind `runs.approve` and the lists of what
 * waits for the signed-in user (server/services/approvals.ts), so the two can never disagree.
 *
 * A step held by a `require_approval` policy waits for an admin. A `manual-approval` step waits for the
 * least role its config names (`approverRole`, operator by default); admins may always decide.
 *
 * @example mayDecideApproval("operator", approverRoleOf(node, step)) // false for a policy hold
 */
export function approverRoleOf(node: { config: Record<string, unknown> }, step: StepState | undefined): string {
  if (policyHoldOf(step)) return "admin";
  return typeof node.config.approverRole === "string" ? node.config.approverRole : "operator";
}

export function mayDecideApproval(actorRole: Role, approverRole: string): boolean {
  return actorRole === "admin" || actorRole === approverRole || (approverRole === "operator" && can(actorRole, "runs:approve"));
}
