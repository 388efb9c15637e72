"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { errorMessage } from "@/components/admin/use-error-message";
import { RunStatusBadge } from "@/components/runs/status-badge";
import { Ago, Duration } from "@/components/runs/time-text";
import { useNow } from "@/components/runs/use-now";
import { useTRPC } from "@/components/trpc-provider";
import { ErrorState, LoadingState } from "@/components/ui/states";
import type { TimeRange } from "@/lib/metrics/ranges";
import { ChartEmpty, Panel } from "./panel";

const link = "font-medium text-brand-700 hover:underline focus-visible:ring-2 focus-visible:ring-brand-500/40 focus-visible:outline-none";

/** The newest runs and the newest failed step attempts, each linking to its run. */
export function ActivityLists({ range }: { range: TimeRange }) {
  const trpc = useTRPC();
  const data = useQuery(trpc.metrics.recent.queryOptions({ range }));
  const now = useNow(30_000);
  const body = (content: (d: NonNullable<typeof data.data>) => React.ReactNode) =>
    data.isPending ? <LoadingState /> : data.isError ? <ErrorState message={errorMessage(data.error)} onRetry={() => void data.refetch()} /> : content(data.data);

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Panel id="recent-runs" title="Recent runs">
        {body((d) =>
          d.recentRuns.length === 0 ? (
            <ChartEmpty height={120}>No runs yet. Start one from Workflows.</ChartEmpty>
          ) : (
            <ul className="divide-y divide-slate-100">
              {d.recentRuns.map((r) => (
                <li key={r.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                  <div className="min-w-0">
                    <Link href={`/runs/${r.id}`} className={link}>
                      {r.workflowName}
                    </Link>
                    <div className="text-xs text-slate-500">
                      <Ago date={r.createdAt} now={now} /> · <Duration startedAt={r.startedAt} finishedAt={r.finishedAt} now={now} />
                    </div>
                  </div>
                  <RunStatusBadge status={r.status} />
                </li>
              ))}
            </ul>
          ),
        )}
      </Panel>
      <Panel id="failing-steps" title="Failing steps" description="Attempts that failed in this range, newest first.">
        {body((d) =>
          d.failingSteps.length === 0 ? (
            <ChartEmpty height={120}>No step failed in this range.</ChartEmpty>
          ) : (
            <ul className="divide-y divide-slate-100">
              {d.failingSteps.map((s) => (
                <li key={`${s.runId}:${s.stepId}:${s.attempt}`} className="py-2 text-sm">
                  <div className="flex items-baseline justify-between gap-3">
                    <Link href={`/runs/${s.runId}`} className={link}>
                      {s.stepId} <span className="font-normal text-slate-500">in {s.workflowName}</span>
                    </Link>
                    <span className="shrink-0 text-xs text-slate-500">
                      attempt {s.attempt} · <Ago date={s.finishedAt} now={now} />
                    </span>
                  </div>
                  {s.error ? <p className="mt-0.5 line-clamp-2 text-xs break-words text-red-700">{s.error}</p> : null}
                </li>
              ))}
            </ul>
          ),
        )}
      </Panel>
    </div>
  );
}
