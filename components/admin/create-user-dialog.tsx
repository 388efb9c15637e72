"use client";
import { formText } from "@/lib/form-data";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/input";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";
import { createUserInput } from "@/lib/users/schemas";
import { errorMessage, fieldErrors, type FieldErrors } from "./use-error-message";

export function CreateUserDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (created: { email: string; password: string }) => void;
}) {
  const trpc = useTRPC();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const create = useMutation(trpc.users.create.mutationOptions());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = createUserInput.safeParse({
      email: formText(form, "email").trim(),
      name: formText(form, "name"),
      role: (formText(form, "role") || "viewer") as Role,
    });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])));
      return;
    }
    setErrors({});
    setFormError(undefined);
    try {
      const result = await create.mutateAsync(parsed.data);
      onOpenChange(false);
      onCreated({ email: result.user.email, password: result.oneTimePassword });
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(errorMessage(error));
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Add user" description="They get a one-time password to change at first sign-in.">
      {/* Values stay in the form on error: nothing typed is lost. */}
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field id="new-email" label="Email" error={errors.email}>
          <Input id="new-email" name="email" type="email" autoComplete="off" aria-invalid={Boolean(errors.email)} required />
        </Field>
        <Field id="new-name" label="Name" error={errors.name}>
          <Input id="new-name" name="name" autoComplete="off" aria-invalid={Boolean(errors.name)} required />
        </Field>
        <Field id="new-role" label="Role" error={errors.role}>
          <Select id="new-role" name="role" defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
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
          <Button type="submit" isLoading={create.isPending}>
            Create user
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
