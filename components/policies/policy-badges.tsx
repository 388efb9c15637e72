import { Badge } from "@/components/ui/badge";
import { EFFECT_LABELS, type PolicyEffect, type PolicyOutcome } from "@/lib/policy/schemas";

type Tone = "neutral" | "amber" | "red" | "green";
const EFFECT_TONES: Record<PolicyEffect, Tone> = { deny: "red", require_approval: "amber", warn: "amber" };

/** What a policy does when its expression does not hold. */
export function EffectBadge({ effect }: { effect: PolicyEffect }) {
  return <Badge tone={EFFECT_TONES[effect]}>{EFFECT_LABELS[effect]}</Badge>;
}

export const OUTCOME_LABELS: Record<PolicyOutcome, string> = {
  pass: "Passed",
  deny: "Denied",
  warn: "Warning",
  require_approval: "Needs approval",
  unknown: "Unknown yet",
  error: "Error",
};

/** Worst first: the one a badge shows when a step has several results. */
export const OUTCOME_RANK: Record<PolicyOutcome, number> = { deny: 5, require_approval: 4, warn: 3, error: 2, unknown: 1, pass: 0 };

/** Colours per outcome (deny red, approval amber, warn yellow, unknown/error grey), shared by canvas and run view. */
export const OUTCOME_STYLES: Record<PolicyOutcome, string> = {
  deny: "bg-red-100 text-red-700 ring-red-200",
  require_approval: "bg-amber-100 text-amber-800 ring-amber-300",
  warn: "bg-yellow-100 text-yellow-800 ring-yellow-300",
  error: "bg-slate-100 text-slate-700 ring-slate-300",
  unknown: "bg-slate-100 text-slate-600 ring-slate-200",
  pass: "bg-emerald-50 text-emerald-700 ring-emerald-200",
};

export function OutcomeBadge({ outcome }: { outcome: PolicyOutcome }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${OUTCOME_STYLES[outcome]}`}>{OUTCOME_LABELS[outcome]}</span>;
}

/** The worst outcome of a list, or null when every result passed (nothing to show). */
export function worstOutcome(outcomes: readonly PolicyOutcome[]): PolicyOutcome | null {
  let worst: PolicyOutcome | null = null;
  for (const o of outcomes) if (o !== "pass" && (worst === null || OUTCOME_RANK[o] > OUTCOME_RANK[worst])) worst = o;
  return worst;
}
