"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors, type FieldErrors } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const create = useMutation(trpc.workflows.create.mutationOptions());

  function choose(id: string) {
    setTemplateId(id);
    if (!isNameTyped) changeName(templateName(id));
  }

  function changeName(value: string) {
    setName(value);
    if (errors.name) setErrors(({ name: _, ...rest }) => rest);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = createWorkflowInput.safeParse({
      name,
      description: formText(form, "description"),
      templateId: templateId === BLANK ? undefined : templateId,
    });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])));
      return;
    }
    setErrors({});
    setFormError(undefined);
    try {
      const created = await create.mutateAsync(parsed.data);
      toast.success(`Created "${created.name}".`);
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() });
      router.push(`/workflows/${created.id}`);
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      if (!fields.name && !fields.description) setFormError(errorMessage(error));
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="New workflow" description="Start blank or from a template; you can change everything in the designer.">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
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
        {formError || errors.templateId ? (
          <p role="alert" className="text-sm text-red-600">
            {errors.templateId ?? formError}
          </p>
        ) : null}
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" isLoading={create.isPending || create.isSuccess}>
            Create workflow
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
