"use client";
import { useWarnBeforeUnload } from "@/components/ui/use-warn-before-unload";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors, type FieldErrors } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { PROVIDERS, STEP_LIST } from "@/lib/catalog";
import { EFFECT_LABELS, POLICY_EFFECTS, policyInput, type PolicyEffect, type PolicyInput } from "@/lib/policy/schemas";
import { EnabledSwitch } from "./enabled-switch";
import { ExpressionField } from "./expression-field";
import { FactsHelp } from "./facts-help-panel";
import { ScopePicker } from "./scope-picker";
import { TestPanel } from "./test-panel";

const PROVIDER_OPTIONS = PROVIDERS.map((p) => ({ value: p, label: p }));
const STEP_OPTIONS = STEP_LIST.map((s) => ({ value: s.type, label: s.title }));
const EMPTY: PolicyInput = { name: "", description: "", expression: "", message: "", effect: "deny", scopeProviders: [], scopeStepTypes: [], isEnabled: true };

/** Creates (`policy` undefined) or edits a policy; the server's refusal is shown on the field at fault. */
export function PolicyEditor({ policy }: { policy?: PolicyInput & { id: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.policies.create.mutationOptions());
  const update = useMutation(trpc.policies.update.mutationOptions());
  const [initial] = useState<PolicyInput>(() => (policy ? { ...EMPTY, ...policy } : EMPTY));
  const [value, setValue] = useState<PolicyInput>(initial);
  // Leaving with unsaved changes asks first (not once the save went through and the page moves on).
  const isSaved = create.isSuccess || update.isSuccess;
  useWarnBeforeUnload(!isSaved && JSON.stringify(value) !== JSON.stringify(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const set = <K extends keyof PolicyInput>(key: K, v: PolicyInput[K]) => {
    setValue((old) => ({ ...old, [key]: v }));
    if (errors[key]) setErrors(({ [key]: _, ...rest }) => rest);
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    const parsed = policyInput.safeParse(value);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), `${String(i.path[0])} ${i.message}`])));
      return;
    }
    try {
      const saved = policy ? await update.mutateAsync({ id: policy.id, ...parsed.data }) : await create.mutateAsync(parsed.data);
      toast.success(policy ? `${saved.name} is saved.` : `${saved.name} is created.`);
      await queryClient.invalidateQueries({ queryKey: trpc.policies.pathKey() });
      router.push("/policies");
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(errorMessage(error));
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
      <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-5" noValidate aria-label={policy ? "Edit policy" : "New policy"}>
        <Field id="policy-name" label="Name" error={errors.name}>
          <Input id="policy-name" value={value.name} maxLength={100} aria-invalid={Boolean(errors.name)} onChange={(e) => set("name", e.target.value)} />
        </Field>
        <Field id="policy-description" label="Description" error={errors.description} hint="Why the rule exists, for whoever reads it later.">
          <Input id="policy-description" value={value.description} maxLength={2000} onChange={(e) => set("description", e.target.value)} />
        </Field>
        <ExpressionField value={value.expression} onChange={(v) => set("expression", v)} serverError={errors.expression} />
        <Field id="policy-message" label="Message when it does not hold" error={errors.message} hint="Shown on the canvas and in the run; say how to fix it.">
          <Input id="policy-message" value={value.message} maxLength={500} aria-invalid={Boolean(errors.message)} onChange={(e) => set("message", e.target.value)} />
        </Field>
        <Field id="policy-effect" label="Effect" error={errors.effect}>
          <Select id="policy-effect" value={value.effect} onChange={(e) => set("effect", e.target.value as PolicyEffect)}>
            {POLICY_EFFECTS.map((effect) => (
              <option key={effect} value={effect}>
                {EFFECT_LABELS[effect]}
              </option>
            ))}
          </Select>
        </Field>
        <div className="grid gap-4">
          <ScopePicker id="policy-providers" legend="Providers" options={PROVIDER_OPTIONS} value={value.scopeProviders} error={errors.scopeProviders} onChange={(v) => set("scopeProviders", v)} />
          <ScopePicker id="policy-steps" legend="Step types" options={STEP_OPTIONS} value={value.scopeStepTypes} error={errors.scopeStepTypes} onChange={(v) => set("scopeStepTypes", v)} />
        </div>
        <div className="flex items-center gap-3">
          <EnabledSwitch checked={value.isEnabled} label="Enabled" onChange={(on) => set("isEnabled", on)} />
          <span className="text-sm text-slate-700">{value.isEnabled ? "Enabled: checked on the canvas and before every step" : "Disabled: not checked"}</span>
        </div>
        {formError ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            {formError}
          </p>
        ) : null}
        <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
          <Link href="/policies" className="inline-flex h-9 items-center rounded-md px-3.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">
            Cancel
          </Link>
          <Button type="submit" isLoading={create.isPending || update.isPending}>
            {policy ? "Save policy" : "Create policy"}
          </Button>
        </div>
      </form>
      <div className="space-y-6">
        <TestPanel expression={value.expression} effect={value.effect} />
        <FactsHelp />
      </div>
    </div>
  );
}
