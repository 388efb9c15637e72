import { ShieldAlert } from "lucide-react";
import { OUTCOME_LABELS, OUTCOME_STYLES } from "@/components/policies/policy-badges";
import { cn } from "@/lib/cn";
import type { PolicyBadge } from "./use-policy-check";

/**
 * A step's worst policy result on a canvas node (designer and run view); its messages show on hover and
 * on keyboard focus (the badge is focusable), and are read out through its label.
 */
/** `isCompact`: the shield alone (the outcome is in its colour, its label and its tooltip), for tight nodes. */
export function PolicyNodeBadge({ badge, testId = "policy-badge", isCompact = false }: { badge: PolicyBadge; testId?: string; isCompact?: boolean }) {
  const label = `Policy: ${OUTCOME_LABELS[badge.outcome]}`;
  return (
    <span className="group/policy relative inline-flex">
      <span
        tabIndex={0}
        role="img"
        aria-label={`${label}. ${badge.title}`}
        data-testid={testId}
        data-outcome={badge.outcome}
        className={cn("nodrag inline-flex shrink-0 items-center gap-0.5 rounded-full px-1.5 whitespace-nowrap text-[11px] font-medium ring-1 ring-inset focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none", OUTCOME_STYLES[badge.outcome])}
      >
        <ShieldAlert className="size-3" aria-hidden />
        {isCompact ? null : ` ${OUTCOME_LABELS[badge.outcome]}`}
      </span>
      <span
        role="tooltip"
        className="pointer-events-none invisible absolute top-full right-0 z-50 mt-1 w-64 rounded-md bg-slate-900 px-2 py-1.5 text-left text-xs whitespace-pre-line text-white shadow-lg group-focus-within/policy:visible group-hover/policy:visible"
      >
        {badge.title}
      </span>
    </span>
  );
}
