"use client";
import { useQuery } from "@tanstack/react-query";
import { ShieldAlert, UserCheck } from "lucide-react";
import Link from "next/link";
import { errorMessage } from "@/components/admin/use-error-message";
import { Ago } from "@/components/runs/time-text";
import { useNow } from "@/components/runs/use-now";
import { useTRPC } from "@/components/trpc-provider";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { Panel } from "./panel";

const link = "font-medium text-brand-700 hover:underline";

/**
 * The steps waiting for a decision the signed-in user may take, oldest first, each linking to its run
 * (where the decision is made). Kept live by the dashboard's stream (useLiveDashboard refetches it).
 */
export function WaitingApprovals() {
  const trpc = useTRPC();
  const data = useQuery(trpc.runs.waitingForMe.queryOptions());
  const now = useNow(30_000);
  const total = data.data?.total ?? 0;
  return (
    <Panel
      id="waiting-approvals"
      title="Waiting for your approval"
      description="Steps that wait for a decision you may take, oldest first."
      actions={
        total > 0 ? (
          <Link href="/runs?awaiting=me" className="text-sm text-brand-700 hover:underline">
            {total > (data.data?.items.length ?? 0) ? `All ${total} in Runs` : "Show in Runs"}
          </Link>
        ) : null
      }
    >
      {data.isPending ? (
        <LoadingState label="Loading approvals…" />
      ) : data.isError ? (
        <ErrorState message={errorMessage(data.error)} onRetry={() => void data.refetch()} />
      ) : data.data.items.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-200 px-4 py-3 text-center text-sm text-slate-600">Nothing waits for your approval.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {data.data.items.map((w) => {
            const Icon = w.kind === "policy" ? ShieldAlert : UserCheck;
            return (
              <li key={`${w.runId}:${w.stepId}`} className="flex items-start gap-3 py-2 text-sm">
                <Icon className="mt-0.5 size-4 shrink-0 text-amber-700" aria-hidden />
                <div className="min-w-0 flex-1">
                  <Link href={`/runs/${w.runId}`} className={`${link} break-words`}>
                    {w.stepName} <span className="font-normal text-slate-600">in {w.workflowName}</span>
                  </Link>
                  <div className="text-xs text-slate-600">
                    {w.kind === "policy" ? "Held by a policy" : w.approverRole === "admin" ? "Approval for admins" : "Approval"} · waiting since <Ago date={w.since} now={now} />
                  </div>
                  {w.policyMessage ? <p className="mt-0.5 line-clamp-2 text-xs break-words text-amber-900">{w.policyMessage}</p> : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
