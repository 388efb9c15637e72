"use client";
import { useState } from "react";
import { z } from "zod";
import { errorMessage, fieldErrors, type FieldErrors } from "@/components/admin/use-error-message";
import { Button } from "./button";

/**
 * Errors of a form that submits through a mutation: per field (from the browser's own zod check or from the
 * server's answer) and for the whole form (when no shown field is at fault). Fields are uncontrolled or kept
 * by the caller, so nothing typed is lost when a submission is refused.
 *
 * @example
 * const { errors, formError, submit } = useFormErrors(["name", "description"]);
 * <form onSubmit={(e) => { e.preventDefault(); const form = new FormData(e.currentTarget);
 *   void submit(async () => { await rename.mutateAsync(renameInput.parse({ name: formText(form, "name") })); onClose(); }); }}>
 */
export function useFormErrors(shownFields?: readonly string[]) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();

  /** Runs one submission: a ZodError or a server error fills the errors; anything else, the form error. */
  async function submit(action: () => Promise<void>): Promise<void> {
    setErrors({});
    setFormError(undefined);
    try {
      await action();
    } catch (error) {
      const isZod = error instanceof z.ZodError;
      const fields = isZod ? Object.fromEntries(error.issues.map((i) => [i.path.join("."), i.message])) : fieldErrors(error);
      setErrors(fields);
      const isShown = Object.keys(fields).some((f) => !shownFields || shownFields.includes(f));
      if (!isShown) setFormError(isZod ? error.issues[0]?.message : errorMessage(error));
    }
  }

  return { errors, setErrors, formError, submit };
}

/** The end of a dialog's form: its error (an alert, read out at once), then Cancel and the submit button. */
export function FormActions({ formError, onCancel, submitLabel, isPending }: { formError: string | undefined; onCancel: () => void; submitLabel: string; isPending: boolean }) {
  return (
    <>
      {formError ? (
        <p role="alert" className="text-sm text-red-600">
          {formError}
        </p>
      ) : null}
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" isLoading={isPending}>
          {submitLabel}
        </Button>
      </div>
    </>
  );
}
