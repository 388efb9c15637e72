"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { useToast } from "@/components/ui/toast";
import type { WorkflowRow } from "./types";
import type { WorkflowAction } from "./workflow-actions-menu";

/** An action that first needs a dialog: a form (rename) or a confirmation (archive, delete). */
export type PendingAction = { action: "rename" | "archive" | "delete"; workflow: WorkflowRow };

/** The row actions of the list: each one toasts its outcome (the server's message on failure) and refreshes the list. */
export function useWorkflowActions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [pending, setPending] = useState<PendingAction | null>(null);
  const duplicate = useMutation(trpc.workflows.duplicate.mutationOptions());
  const setArchived = useMutation(trpc.workflows.setArchived.mutationOptions());
  const remove = useMutation(trpc.workflows.delete.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() });

  async function run(work: () => Promise<void>) {
    try {
      await work();
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      void refresh();
    }
  }

  function onAction(action: WorkflowAction, workflow: WorkflowRow) {
    const { id, name } = workflow;
    if (action === "duplicate") {
      void run(async () => {
        const copy = await duplicate.mutateAsync({ id });
        toast.success(`Duplicated as "${copy.name}".`);
        router.push(`/workflows/${copy.id}`);
      });
    } else if (action === "restore") {
      void run(async () => {
        await setArchived.mutateAsync({ id, isArchived: false });
        toast.success(`Restored "${name}".`);
      });
    } else {
      setPending({ action, workflow });
    }
  }

  async function confirm() {
    if (!pending || pending.action === "rename") return;
    const { action, workflow } = pending;
    await run(async () => {
      if (action === "delete") {
        await remove.mutateAsync({ id: workflow.id });
        toast.success(`Deleted "${workflow.name}".`);
      } else {
        await setArchived.mutateAsync({ id: workflow.id, isArchived: true });
        toast.success(`Archived "${workflow.name}".`);
      }
    });
    setPending(null);
  }

  return {
    pending,
    close: () => setPending(null),
    onAction,
    confirm,
    refresh,
    isBusy: setArchived.isPending || remove.isPending || duplicate.isPending,
  };
}

export function confirmCopy(p: PendingAction): { title: string; description: string; confirmLabel: string; tone: "danger" | "primary" } {
  return p.action === "delete"
    ? {
        title: "Delete workflow?",
        description: `Delete ${p.workflow.name} and all its versions? This cannot be undone.`,
        confirmLabel: "Delete",
        tone: "danger",
      }
    : {
        title: "Archive workflow?",
        description: `${p.workflow.name} leaves the Active list and cannot be edited until it is restored. Its versions are kept.`,
        confirmLabel: "Archive",
        tone: "primary",
      };
}
