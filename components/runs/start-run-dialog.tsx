"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import type { WorkflowInput } from "@/lib/workflow/schema";
import { initialFormValue, InputField, type FormValue } from "./input-field";
import { isPolicyDenial, PolicyBlocking, usePolicyBlocking } from "./policy-blocking";
import { startRunErrors, toRunInputs, type FieldErrors } from "./run-inputs";

type Props = {
  workflowId: string;
  /** The declared inputs; when left out they are loaded from the workflow's current version. */
  inputs?: readonly WorkflowInput[];
  /** Values to start from (a previous run's inputs); the declared defaults fill the rest. */
  initialValues?: Record<string, unknown>;
  onClose: () => void;
};

/** Starts a run of the workflow's current version. Mount it only while open. */
export function StartRunDialog({ workflowId, inputs, initialValues, onClose }: Props) {
  const trpc = useTRPC();
  // Loaded even when the inputs are given: the policies are checked on the version that will run.
  const workflow = useQuery(trpc.workflows.get.queryOptions({ id: workflowId }));
  const declared = inputs ?? workflow.data?.definition.inputs;
  const blocking = usePolicyBlocking(workflowId, workflow.data);
  const title = workflow.data ? `Run ${workflow.data.name}` : "Start a run";
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={title} description="Runs the workflow's current version with these inputs.">
      {declared ? (
        <StartRunForm workflowId={workflowId} inputs={declared} initialValues={initialValues} onClose={onClose} blocking={blocking} />
      ) : workflow.isError ? (
        <ErrorState message={errorMessage(workflow.error)} onRetry={() => void workflow.refetch()} />
      ) : (
        <LoadingState label="Loading the workflow's inputs…" />
      )}
    </Dialog>
  );
}

function StartRunForm({
  workflowId,
  inputs,
  initialValues = {},
  onClose,
  blocking,
}: Required<Pick<Props, "workflowId" | "onClose">> & { inputs: readonly WorkflowInput[]; initialValues?: Record<string, unknown>; blocking: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [values, setValues] = useState<Record<string, FormValue>>(() => Object.fromEntries(inputs.map((i) => [i.name, initialFormValue(i, initialValues[i.name])])));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [formError, setFormError] = useState<string>();
  const [isDenied, setDenied] = useState(false);
  const start = useMutation(trpc.runs.start.mutationOptions());

  function change(name: string, value: FormValue) {
    setValues((all) => ({ ...all, [name]: value }));
    if (errors[name]) setErrors(({ [name]: _, ...rest }) => rest);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    setProblems([]);
    setDenied(false);
    const checked = toRunInputs(inputs, values);
    if ("errors" in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    try {
      const run = await start.mutateAsync({ workflowId, inputs: checked.data });
      toast.success("Run started.");
      void queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() });
      router.push(`/runs/${run.id}`);
    } catch (error) {
      const refused = startRunErrors(error);
      const known = Object.fromEntries(Object.entries(refused.fields).filter(([name]) => inputs.some((i) => i.name === name)));
      setErrors(known);
      setProblems(refused.problems);
      setDenied(isPolicyDenial(error));
      if (Object.keys(known).length === 0) setFormError(errorMessage(error));
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {inputs.length === 0 ? (
        <p className="text-sm text-slate-600">This workflow declares no inputs.</p>
      ) : (
        <div className="max-h-[55vh] space-y-4 overflow-y-auto px-0.5 pb-0.5">
          {inputs.map((input) => (
            <InputField key={input.name} input={input} value={values[input.name] ?? ""} error={errors[input.name]} onChange={(v) => change(input.name, v)} />
          ))}
        </div>
      )}
      {formError ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          <p>{isDenied ? "Policies deny this run:" : problems.length > 0 ? "This workflow cannot run until these problems are fixed in the designer:" : formError}</p>
          {problems.length > 0 ? (
            <ul aria-label="Problems" className="mt-2 max-h-40 list-disc space-y-1 overflow-y-auto pl-5 font-mono text-xs break-words">
              {problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {blocking.length > 0 ? <PolicyBlocking reasons={blocking} /> : null}
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" isLoading={start.isPending || start.isSuccess} disabled={blocking.length > 0} aria-describedby={blocking.length > 0 ? "run-policy-blocking" : undefined}>
          Start run
        </Button>
      </div>
    </form>
  );
}
