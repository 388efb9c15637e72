"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Dialog } from "@/components/ui/dialog";
import { FormActions, useFormErrors } from "@/components/ui/form";
import { Field, Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { formText } from "@/lib/form-data";
import { createWorkflowInput } from "@/lib/workflows/schemas";
import { BLANK, TemplateChoice } from "./template-choice";
import type { TemplateSummary } from "./types";

/** Creates a workflow, blank or from a template, and opens it. Mount it only while open. */
export function NewWorkflowDialog({
  templates,
  initialTemplateId,
  onClose,
}: {
  templates: readonly TemplateSummary[];
  initialTemplateId: string | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const templateName = (id: string) => templates.find((t) => t.id === id)?.name ?? "";
  const [templateId, setTemplateId] = useState(initialTemplateId ?? BLANK);
  // The name follows the chosen template until the person types one of their own.
  const [name, setName] = useState(() => templateName(initialTemplateId ?? BLANK));
  const [isNameTyped, setNameTyped] = useState(false);
  // A refused template shows as the form's error.
  const { errors, setErrors, formError, submit } = useFormErrors(["name", "description"]);
  const create = useMutation(trpc.workflows.create.mutationOptions());

  function choose(id: string) {
    setTemplateId(id);
    if (!isNameTyped) changeName(templateName(id));
  }

  function changeName(value: string) {
    setName(value);
    if (errors.name) setErrors(({ name: _, ...rest }) => rest);
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="New workflow" description="Start blank or from a template; you can change everything in the designer.">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          void submit(async () => {
            const input = createWorkflowInput.parse({
              name,
              description: formText(form, "description"),
              templateId: templateId === BLANK ? undefined : templateId,
            });
            const created = await create.mutateAsync(input);
            toast.success(`Created "${created.name}".`);
            void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() });
            router.push(`/workflows/${created.id}`);
          });
        }}
        className="space-y-4"
        noValidate
      >
        <Field id="new-workflow-name" label="Name" error={errors.name}>
          <Input
            id="new-workflow-name"
            name="name"
            value={name}
            onChange={(e) => {
              changeName(e.target.value);
              setNameTyped(true);
            }}
            autoComplete="off"
            maxLength={200}
            required
            aria-invalid={Boolean(errors.name)}
            aria-describedby={errors.name ? "new-workflow-name-error" : undefined}
          />
        </Field>
        <Field id="new-workflow-description" label="Description" error={errors.description} hint="Optional.">
          <Input
            id="new-workflow-description"
            name="description"
            autoComplete="off"
            aria-invalid={Boolean(errors.description)}
            aria-describedby={errors.description ? "new-workflow-description-error" : "new-workflow-description-hint"}
          />
        </Field>
        <TemplateChoice templates={templates} value={templateId} onChange={choose} />
        <FormActions formError={formError} onCancel={onClose} submitLabel="Create workflow" isPending={create.isPending || create.isSuccess} />
      </form>
    </Dialog>
  );
}
