import { Check, ShieldAlert, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { Decision } from "./approval-dialog";
import type { StepRow } from "./step-rows";

/** A step a `require_approval` policy holds: only an admin may let it run (the server enforces it). */
export function PolicyApprovalBanner({ step, message, canDecide, onDecide }: { step: StepRow; message: string; canDecide: boolean; onDecide: (decision: Decision) => void }) {
  return (
    <section aria-label={`Policy approval: ${step.node.name}`} className="mb-6 flex flex-wrap items-start gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4" data-testid="policy-approval-banner">
      <ShieldAlert className="mt-0.5 size-5 shrink-0 text-amber-700" aria-hidden />
      <div className="min-w-0 flex-1">
        <h2 className="text-sm font-semibold text-amber-900">
          {step.node.name}: Waiting for an admin&apos;s approval: {message}
        </h2>
        <p className="mt-1 text-xs text-amber-800">
          {canDecide
            ? "Approve to let this step run; reject to fail it."
            : "A policy holds this step until an admin approves it. You can follow the run here; ask an admin to decide."}
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
