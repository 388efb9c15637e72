"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc-provider";
import { Dialog } from "@/components/ui/dialog";
import { FormActions, useFormErrors } from "@/components/ui/form";
import { Field, Input, Select } from "@/components/ui/input";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";
import { formText } from "@/lib/form-data";
import { createUserInput } from "@/lib/users/schemas";

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
  const create = useMutation(trpc.users.create.mutationOptions());
  const { errors, formError, submit } = useFormErrors(["email", "name", "role"]);

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Add user" description="They get a one-time password to change at first sign-in.">
      {/* Values stay in the form on error: nothing typed is lost. */}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          void submit(async () => {
            const input = createUserInput.parse({
              email: formText(form, "email").trim(),
              name: formText(form, "name"),
              role: (formText(form, "role") || "viewer") as Role,
            });
            const result = await create.mutateAsync(input);
            onOpenChange(false);
            onCreated({ email: result.user.email, password: result.oneTimePassword });
          });
        }}
        className="space-y-4"
        noValidate
      >
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
        <FormActions formError={formError} onCancel={() => onOpenChange(false)} submitLabel="Create user" isPending={create.isPending} />
      </form>
    </Dialog>
  );
}
