"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/input";
import { formText } from "@/lib/form-data";
import { errorMessage, fieldErrors, type FieldErrors } from "./use-error-message";

/** Adds one allow-list entry; the server checks the pattern and says what is wrong with it. */
export function NetworkAddDialog({ open, onOpenChange, onAdded }: { open: boolean; onOpenChange: (open: boolean) => void; onAdded: (pattern: string) => void }) {
  const trpc = useTRPC();
  const add = useMutation(trpc.egress.add.mutationOptions());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setErrors({});
    setFormError(undefined);
    try {
      const entry = await add.mutateAsync({ pattern: formText(form, "pattern"), note: formText(form, "note") });
      onOpenChange(false);
      onAdded(entry.pattern);
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(errorMessage(error));
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Allow a destination" description="Steps may then call it although it is a private, loopback, link-local or metadata address.">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field id="allow-pattern" label="Host name, IP address or CIDR block" error={errors.pattern} hint="e.g. api.internal.example, 10.0.4.20 or 10.0.0.0/16 (IPv6 too). Every port.">
          <Input id="allow-pattern" name="pattern" autoComplete="off" spellCheck={false} aria-invalid={Boolean(errors.pattern)} aria-describedby={errors.pattern ? "allow-pattern-error" : "allow-pattern-hint"} required />
        </Field>
        <Field id="allow-note" label="Note" error={errors.note} hint="Why it is allowed, for the next admin.">
          <Input id="allow-note" name="note" autoComplete="off" aria-invalid={Boolean(errors.note)} />
        </Field>
        {formError ? (
          <p role="alert" className="text-sm text-red-600">
            {formError}
          </p>
        ) : null}
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" isLoading={add.isPending}>
            Allow
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
