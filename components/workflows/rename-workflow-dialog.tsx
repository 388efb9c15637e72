"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors, type FieldErrors } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { formText } from "@/lib/form-data";
import { renameWorkflowInput } from "@/lib/workflows/schemas";
import type { WorkflowRow } from "./types";

/** Name and description of a workflow. Mount it only while open, so each opening starts from the row's values. */
export function RenameWorkflowDialog({ workflow, onClose, onRenamed }: { workflow: WorkflowRow; onClose: () => void; onRenamed: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const rename = useMutation(trpc.workflows.rename.mutationOptions());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = renameWorkflowInput.safeParse({ id: workflow.id, name: formText(form, "name"), description: formText(form, "description") });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])));
      return;
    }
    setErrors({});
    setFormError(undefined);
    try {
      const renamed = await rename.mutateAsync(parsed.data);
      toast.success(`Saved "${renamed.name}".`);
      onRenamed();
      onClose();
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      if (!fields.name && !fields.description) setFormError(errorMessage(error));
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="Rename workflow" description="The name and description shown in lists and runs.">
      {/* Uncontrolled fields keep what was typed when the server refuses it. */}
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field id="rename-name" label="Name" error={errors.name}>
          <Input
            id="rename-name"
            name="name"
            defaultValue={workflow.name}
            autoComplete="off"
            maxLength={200}
            required
            aria-invalid={Boolean(errors.name)}
            aria-describedby={errors.name ? "rename-name-error" : undefined}
          />
        </Field>
        <Field id="rename-description" label="Description" error={errors.description} hint="Optional.">
          <Input
            id="rename-description"
            name="description"
            defaultValue={workflow.description}
            autoComplete="off"
            aria-invalid={Boolean(errors.description)}
            aria-describedby={errors.description ? "rename-description-error" : "rename-description-hint"}
          />
        </Field>
        {formError ? (
          <p role="alert" className="text-sm text-red-600">
            {formError}
          </p>
        ) : null}
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" isLoading={rename.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
