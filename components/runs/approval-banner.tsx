import { Check, UserCheck, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { Decision } from "./approval-dialog";
import type { StepRow } from "./step-rows";

/** A waiting approval step: what is asked, of whom, and (for those who may act) the two answers. */
export function ApprovalBanner({ step, message, canDecide, onDecide }: { step: StepRow; message: string; canDecide: boolean; onDecide: (decision: Decision) => void }) {
  const role = typeof step.node.config.approverRole === "string" ? step.node.config.approverRole : "operator";
  return (
    <section aria-label={`Approval: ${step.node.name}`} className="mb-6 flex flex-wrap items-start gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <UserCheck className="mt-0.5 size-5 shrink-0 text-amber-700" aria-hidden />
      <div className="min-w-0 flex-1">
        <h2 className="text-sm font-semibold text-amber-900">Waiting for approval: {step.node.name}</h2>
        <p className="mt-1 text-sm whitespace-pre-wrap text-amber-900">{message}</p>
        <p className="mt-1 text-xs text-amber-800">
          {role === "admin" ? "An admin" : "An operator or an admin"} may decide.
        </p>
      </div>
      {canDecide ? (
        <div className="flex gap-2">
          <Button size="sm" variant="secondary" onClick={() => onDecide("reject")}>
            <X className="size-4" aria-hidden /> Reject
          </Button>
          <Button size="sm" onClick={() => onDecide("approve")}>
            <Check className="size-4" aria-hidden /> Approve
          </Button>
        </div>
      ) : null}
    </section>
  );
}
