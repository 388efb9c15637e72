"use client";
import { formText } from "@/lib/form-data";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors, type FieldErrors } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { changePasswordInput, MIN_PASSWORD_LENGTH } from "@/lib/users/schemas";

export function ChangePasswordForm() {
  const trpc = useTRPC();
  const change = useMutation(trpc.me.changePassword.mutationOptions());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const confirm = formText(form, "confirmPassword");
    const parsed = changePasswordInput.safeParse({
      currentPassword: formText(form, "currentPassword"),
      newPassword: formText(form, "newPassword"),
    });
    const next: FieldErrors = parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
    if (parsed.success && parsed.data.newPassword !== confirm) next.confirmPassword = "The two new passwords differ.";
    setErrors(next);
    setFormError(undefined);
    if (!parsed.success || Object.keys(next).length > 0) return;
    try {
      await change.mutateAsync(parsed.data);
      window.location.assign("/");
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(errorMessage(error));
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-md space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <Field id="currentPassword" label="Current password" error={errors.currentPassword}>
        <Input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" aria-invalid={Boolean(errors.currentPassword)} />
      </Field>
      <Field id="newPassword" label="New password" error={errors.newPassword} hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" aria-invalid={Boolean(errors.newPassword)} />
      </Field>
      <Field id="confirmPassword" label="Repeat new password" error={errors.confirmPassword}>
        <Input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" aria-invalid={Boolean(errors.confirmPassword)} />
      </Field>
      {formError ? (
        <p role="alert" className="text-sm text-red-600">
          {formError}
        </p>
      ) : null}
      <Button type="submit" isLoading={change.isPending}>
        Change password
      </Button>
    </form>
  );
}
