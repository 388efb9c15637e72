"use client";
import { useQuery } from "@tanstack/react-query";
import { ShieldAlert } from "lucide-react";
import { useTRPC } from "@/components/trpc-provider";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

/** Whether the server refused to start a run because a policy denies it (AppError POLICY_DENIED). */
export function isPolicyDenial(error: unknown): boolean {
  return (error as { data?: { code?: string } } | null)?.data?.code === "PRECONDITION_FAILED";
}

/** The deny reasons of the workflow's current version (what a run would start), or none yet. */
export function usePolicyBlocking(workflowId: string, workflow: { name: string; definition: WorkflowDefinition } | undefined): string[] {
  const trpc = useTRPC();
  const check = useQuery({
    ...trpc.workflows.checkPolicies.queryOptions({ workflowId, name: workflow?.name ?? "", definition: workflow?.definition ?? null }),
    enabled: workflow !== undefined,
  });
  return check.data?.blocking ?? [];
}

/** Why the Start button is disabled: every deny, by step and policy. */
export function PolicyBlocking({ reasons }: { reasons: string[] }) {
  return (
    <div id="run-policy-blocking" role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="policy-blocking">
      <p className="flex items-center gap-1.5 font-medium">
        <ShieldAlert className="size-4" aria-hidden /> Policies deny this run:
      </p>
      <ul className="mt-2 max-h-40 list-disc space-y-1 overflow-y-auto pl-5 text-xs break-words">
        {reasons.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ul>
    </div>
  );
}
