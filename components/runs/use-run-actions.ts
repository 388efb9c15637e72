"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { useToast } from "@/components/ui/toast";
import type { Decision } from "./approval-dialog";
import type { StepRow } from "./step-rows";

export type PendingRunAction = { kind: "cancel" } | { kind: "rollback" } | { kind: "rerun"; step: StepRow } | { kind: "decide"; step: StepRow; decision: Decision };

/** Cancel, roll back, rerun-from-a-step and approval decisions on one run, each asked first. */
export function useRunActions(runId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [pending, setPending] = useState<PendingRunAction | null>(null);
  const cancel = useMutation(trpc.runs.cancel.mutationOptions());
  const rerun = useMutation(trpc.runs.rerun.mutationOptions());
  const rollback = useMutation(trpc.runs.rollback.mutationOptions());

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() }),
    ]);

  async function confirm() {
    if (!pending || pending.kind === "decide") return;
    try {
      if (pending.kind === "cancel") {
        await cancel.mutateAsync({ id: runId });
        toast.success("Cancel requested: running steps are being stopped.");
        setPending(null);
      } else if (pending.kind === "rollback") {
        await rollback.mutateAsync({ id: runId });
        toast.success("Rolling back: completed steps are being undone, newest first.");
        setPending(null);
      } else {
        const created = await rerun.mutateAsync({ id: runId, fromStep: pending.step.node.id });
        toast.success(`Rerunning from "${pending.step.node.name}".`);
        router.push(`/runs/${created.id}`);
      }
    } catch (error) {
      toast.error(errorMessage(error));
      setPending(null);
    } finally {
      void refresh();
    }
  }

  return { pending, setPending, close: () => setPending(null), confirm, refresh, isBusy: cancel.isPending || rollback.isPending || rerun.isPending || rerun.isSuccess };
}

export function confirmCopy(p: Exclude<PendingRunAction, { kind: "decide" }>): { title: string; description: string; confirmLabel: string; tone: "danger" | "primary" } {
  if (p.kind === "rollback") {
    return {
      title: "Roll back this run?",
      description: "Every completed step that can be undone is compensated, newest first: the resources it created are deleted and the changes it made restored. Steps that cannot be undone (scripts, notifications) are left as they are.",
      confirmLabel: "Roll back",
      tone: "danger",
    };
  }
  return p.kind === "cancel"
    ? {
        title: "Cancel this run?",
        description: "Running steps are stopped and no further steps start. Resources already created are kept (tear them down from Resources).",
        confirmLabel: "Cancel run",
        tone: "danger",
      }
    : {
        title: `Rerun from "${p.step.node.name}"?`,
        description: `A new run of the same version, with the same inputs, runs "${p.step.node.name}" and every step after it again. Steps that succeeded and do not depend on it keep their results.`,
        confirmLabel: "Rerun",
        tone: "primary",
      };
}
