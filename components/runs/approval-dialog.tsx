"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Label } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { StepRow } from "./step-rows";

export type Decision = "approve" | "reject";
/** The step type that stops a run until a person decides (lib/catalog/steps/manual-approval.ts). */
export const APPROVAL_STEP_TYPE = "manual-approval";

/** Approves or rejects a waiting approval step with a comment. Mount it only while open. */
export function ApprovalDialog({
  runId,
  step,
  message,
  decision,
  onClose,
  onDecided,
}: {
  runId: string;
  step: StepRow;
  message: string;
  decision: Decision;
  onClose: () => void;
  onDecided: () => void;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const [comment, setComment] = useState("");
  const [formError, setFormError] = useState<string>();
  const approve = useMutation(trpc.runs.approve.mutationOptions());
  const isApproved = decision === "approve";

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    try {
      await approve.mutateAsync({ id: runId, stepId: step.node.id, isApproved, comment });
      toast.success(isApproved ? `Approved "${step.node.name}".` : `Rejected "${step.node.name}".`);
      onDecided();
      onClose();
    } catch (error) {
      // The server checks the role the step names (FORBIDDEN) and that it is still waiting (CONFLICT).
      setFormError(errorMessage(error));
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={isApproved ? `Approve "${step.node.name}"?` : `Reject "${step.node.name}"?`}
      description={isApproved ? "The run continues with the next steps." : "The step fails: its failure branches run, then the run fails (or rolls back) unless the step's On error is continue."}
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {message ? <p className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm whitespace-pre-wrap text-amber-900">{message}</p> : null}
        <div>
          <Label htmlFor="approval-comment">Comment</Label>
          <textarea
            id="approval-comment"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={2000}
            rows={3}
            aria-describedby="approval-comment-hint"
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
          />
          <p id="approval-comment-hint" className="mt-1 text-xs text-slate-500">
            Optional. Kept in the run&apos;s history with your name.
          </p>
        </div>
        {formError ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            {formError}
          </p>
        ) : null}
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant={isApproved ? "primary" : "danger"} isLoading={approve.isPending}>
            {isApproved ? "Approve" : "Reject"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
