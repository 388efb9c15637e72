"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Dialog } from "@/components/ui/dialog";
import { FormActions, useFormErrors } from "@/components/ui/form";
import { Field, Input, Select } from "@/components/ui/input";
import { formText } from "@/lib/form-data";
import {
  createProviderAccountInput,
  PROVIDER_SPECS,
  PROVIDERS,
  providerSchema,
  providerSpec,
  updateProviderAccountInput,
  type ProviderAccountView,
  type ProviderId,
  type SecretsInput,
} from "@/lib/providers/accounts";

type Props = {
  /** `null`: closed; "new": add an account; an account: edit it. */
  account: ProviderAccountView | "new" | null;
  onClose: () => void;
  onSaved: (name: string, isNew: boolean) => void;
};

/**
 * Adds or edits a provider account. Secret inputs are password fields that start empty every time: the
 * stored values never come back from the server. When editing, an empty field keeps the stored value and
 * "Remove" clears it.
 */
export function ProviderAccountDialog({ account, onClose, onSaved }: Props) {
  const isNew = account === "new";
  const existing = account !== null && account !== "new" ? account : null;
  return (
    <Dialog
      open={account !== null}
      onOpenChange={(open) => !open && onClose()}
      title={isNew ? "Add provider account" : "Edit provider account"}
      description={isNew ? "Secrets are encrypted before they are stored and are never shown again." : "Leave a secret field empty to keep the stored secret."}
    >
      {/* Keyed so each opening starts from a blank form (no secret typed earlier survives). */}
      {account !== null ? <AccountForm key={existing?.id ?? "new"} existing={existing} onClose={onClose} onSaved={onSaved} /> : null}
    </Dialog>
  );
}

function AccountForm({ existing, onClose, onSaved }: { existing: ProviderAccountView | null } & Omit<Props, "account">) {
  const trpc = useTRPC();
  const [provider, setProvider] = useState<ProviderId>(existing?.provider ?? "aws-sim");
  const { errors, formError, submit } = useFormErrors();
  const create = useMutation(trpc.providerAccounts.create.mutationOptions());
  const update = useMutation(trpc.providerAccounts.update.mutationOptions());
  const spec = providerSpec(provider);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const secrets: SecretsInput = {};
    for (const field of spec.secretFields) {
      const value = formText(form, `secret-${field.name}`);
      if (form.get(`clear-${field.name}`) === "on") secrets[field.name] = "";
      else if (value !== "") secrets[field.name] = value;
    }
    const common = { name: formText(form, "name"), defaults: { region: formText(form, "region") }, secrets };
    void submit(async () => {
      const saved = existing
        ? await update.mutateAsync(updateProviderAccountInput.parse({ id: existing.id, ...common }))
        : await create.mutateAsync(createProviderAccountInput.parse({ provider, ...common }));
      // Drop the submitted values (secrets included) from the mutation cache.
      create.reset();
      update.reset();
      onClose();
      onSaved(saved.name, !existing);
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field id="account-provider" label="Provider" error={errors.provider} hint={existing ? "The provider of an account cannot change." : undefined}>
        <Select
          id="account-provider"
          name="provider"
          value={provider}
          disabled={Boolean(existing)}
          onChange={(e) => setProvider(providerSchema.parse(e.target.value))}
        >
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {PROVIDER_SPECS[p].label}
              {PROVIDER_SPECS[p].isSimulated ? " (simulated)" : ""}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="account-name" label="Name" error={errors.name}>
        <Input id="account-name" name="name" autoComplete="off" defaultValue={existing?.name} aria-invalid={Boolean(errors.name)} required />
      </Field>
      <Field id="account-region" label="Default region" error={errors["defaults.region"]} hint="Stored with the account for the real-cloud drivers to come; steps name their own region today.">
        <Input id="account-region" name="region" autoComplete="off" placeholder="e.g. us-east-1" defaultValue={existing?.defaults.region} />
      </Field>
      {spec.secretFields.length === 0 ? (
        <p className="text-sm text-slate-600">This provider needs no credentials.</p>
      ) : (
        <fieldset className="space-y-4 rounded-lg border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-700">Credentials</legend>
          {spec.isSimulated ? <p className="text-xs text-slate-600">The simulated cloud never reads them; they are only stored, encrypted.</p> : null}
          {spec.secretFields.map((field) => {
            const isStored = existing?.secretFields.includes(field.name) ?? false;
            const key = `secrets.${field.name}`;
            const hint = isStored ? "Stored. Leave empty to keep the stored secret." : existing ? "Not set." : field.hint;
            return (
              <div key={field.name}>
                <Field id={`secret-${field.name}`} label={field.label} error={errors[key]} hint={hint}>
                  <Input
                    id={`secret-${field.name}`}
                    name={`secret-${field.name}`}
                    type="password"
                    autoComplete="new-password"
                    placeholder={isStored ? "•••••••• (stored)" : undefined}
                    aria-invalid={Boolean(errors[key])}
                  />
                </Field>
                {isStored ? (
                  <label className="mt-1 flex items-center gap-2 text-xs text-slate-600">
                    <input type="checkbox" name={`clear-${field.name}`} className="size-3.5" /> Remove the stored {field.label.toLowerCase()}
                  </label>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      )}
      <FormActions formError={formError ?? errors.secrets} onCancel={onClose} submitLabel={existing ? "Save" : "Add account"} isPending={create.isPending || update.isPending} />
    </form>
  );
}
