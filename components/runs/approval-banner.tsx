import { Check, ShieldAlert, UserCheck, X, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import type { Decision } from "./approval-dialog";
import type { StepRow } from "./step-rows";

type BannerProps = { step: StepRow; message: string; canDecide: boolean; onDecide: (decision: Decision) => void };

/** A step held for a person's decision: what is asked, who may answer, and (for them) Reject / Approve. */
function HeldStepBanner({ label, icon: Icon, testId, children, canDecide, onDecide }: { label: string; icon: LucideIcon; testId?: string; children: ReactNode } & Omit<BannerProps, "step" | "message">) {
  return (
    <section aria-label={label} className="mb-6 flex flex-wrap items-start gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4" data-testid={testId}>
      <Icon className="mt-0.5 size-5 shrink-0 text-amber-700" aria-hidden />
      <div className="min-w-0 flex-1">{children}</div>
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

/** When a step's time limit ends its wait (the deadline is kept in the waiting attempt's `notBefore`). */
function DecideBy({ step }: { step: StepRow }) {
  const deadline = step.latest?.status === "waiting" ? step.latest.notBefore : null;
  if (!deadline) return null;
  return (
    <p className="mt-1 text-xs text-amber-800">
      Without a decision by{" "}
      <time dateTime={deadline.toISOString()} suppressHydrationWarning>
        {deadline.toLocaleString()}
      </time>{" "}
      the step fails: the approval expires.
    </p>
  );
}

/** A waiting manual-approval step: what is asked, of whom, and (for those who may act) the two answers. */
export function ApprovalBanner({ step, message, canDecide, onDecide }: BannerProps) {
  const role = typeof step.node.config.approverRole === "string" ? step.node.config.approverRole : "operator";
  return (
    <HeldStepBanner label={`Approval: ${step.node.name}`} icon={UserCheck} canDecide={canDecide} onDecide={onDecide}>
      <h2 className="text-sm font-semibold text-amber-900">Waiting for approval: {step.node.name}</h2>
      <p className="mt-1 text-sm whitespace-pre-wrap text-amber-900">{message}</p>
      <p className="mt-1 text-xs text-amber-800">{role === "admin" ? "An admin" : "An operator or an admin"} may decide.</p>
      <DecideBy step={step} />
    </HeldStepBanner>
  );
}

/** A step a `require_approval` policy holds: only an admin may let it run (the server enforces it). */
export function PolicyApprovalBanner({ step, message, canDecide, onDecide }: BannerProps) {
  return (
    <HeldStepBanner label={`Policy approval: ${step.node.name}`} icon={ShieldAlert} testId="policy-approval-banner" canDecide={canDecide} onDecide={onDecide}>
      <h2 className="text-sm font-semibold text-amber-900">
        {step.node.name}: Waiting for an admin&apos;s approval: {message}
      </h2>
      <p className="mt-1 text-xs text-amber-800">
        {canDecide
          ? "Approve to let this step run; reject to fail it."
          : "A policy holds this step until an admin approves it. You can follow the run here; ask an admin to decide."}
      </p>
      <DecideBy step={step} />
    </HeldStepBanner>
  );
}
