"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc-provider";
import { Dialog } from "@/components/ui/dialog";
import { FormActions, useFormErrors } from "@/components/ui/form";
import { Field, Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { formText } from "@/lib/form-data";
import { renameWorkflowInput } from "@/lib/workflows/schemas";
import type { WorkflowRow } from "./types";

/** Name and description of a workflow. Mount it only while open, so each opening starts from the row's values. */
export function RenameWorkflowDialog({ workflow, onClose, onRenamed }: { workflow: WorkflowRow; onClose: () => void; onRenamed: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const rename = useMutation(trpc.workflows.rename.mutationOptions());
  const { errors, formError, submit } = useFormErrors(["name", "description"]);

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="Rename workflow" description="The name and description shown in lists and runs.">
      {/* Uncontrolled fields keep what was typed when the server refuses it. */}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          void submit(async () => {
            const input = renameWorkflowInput.parse({ id: workflow.id, name: formText(form, "name"), description: formText(form, "description") });
            const renamed = await rename.mutateAsync(input);
            toast.success(`Saved "${renamed.name}".`);
            onRenamed();
            onClose();
          });
        }}
        className="space-y-4"
        noValidate
      >
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
        <FormActions formError={formError} onCancel={onClose} submitLabel="Save" isPending={rename.isPending} />
      </form>
    </Dialog>
  );
}
