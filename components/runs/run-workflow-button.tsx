"use client";
import { Play } from "lucide-react";
import { useState } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";
import type { WorkflowInput } from "@/lib/workflow/schema";
import { StartRunDialog } from "./start-run-dialog";

/**
 * Opens the start-run form. Without `inputs` the form loads them from the workflow's current version (what
 * the server will run), e.g. from a list row that does not carry the definition.
 */
export function RunWorkflowButton({
  workflowId,
  inputs,
  initialValues,
  disabledReason,
  label = "Run",
  size,
  variant,
}: {
  workflowId: string;
  inputs?: readonly WorkflowInput[];
  initialValues?: Record<string, unknown>;
  /** Why it cannot run now (unsaved changes, archived …): the button is disabled and says so. */
  disabledReason?: string;
  label?: string;
  size?: ButtonProps["size"];
  variant?: ButtonProps["variant"];
}) {
  const [isOpen, setOpen] = useState(false);
  return (
    <>
      <Button size={size} variant={variant} disabled={Boolean(disabledReason)} title={disabledReason} aria-describedby={disabledReason ? `run-disabled-${workflowId}` : undefined} onClick={() => setOpen(true)}>
        <Play className="size-4" aria-hidden /> {label}
      </Button>
      {disabledReason ? (
        <span id={`run-disabled-${workflowId}`} className="sr-only">
          {disabledReason}
        </span>
      ) : null}
      {isOpen ? <StartRunDialog workflowId={workflowId} inputs={inputs} initialValues={initialValues} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
