"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { PlayCircle, RefreshCw } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { RUN_STATUS_FILTERS } from "@/lib/runs/schemas";
import { RunsTable } from "./runs-table";
import { runStatusLabel } from "./status-badge";
import { isActiveRun } from "./types";
import { useNow } from "./use-now";
import { useRunsChanges } from "./use-runs-changes";

const PAGE_SIZE = 25;
type StatusFilter = (typeof RUN_STATUS_FILTERS)[number] | "all";

/** Every run, newest first, live: a status change anywhere refetches the page shown (see useRunsChanges). */
export function RunsList({ workflowId }: { workflowId?: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<StatusFilter>("all");
  const [page, setPage] = useState(1);
  const list = useQuery({
    ...trpc.runs.list.queryOptions({ workflowId, status: status === "all" ? undefined : status, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  useRunsChanges();
  const hasActive = list.data?.items.some((r) => isActiveRun(r.status)) ?? false;
  const now = useNow(hasActive ? 1000 : 30_000);

  const lastPage = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : page;
  useEffect(() => {
    if (page > lastPage) setPage(lastPage);
  }, [page, lastPage]);

  // Only a click shows progress; the background polls stay quiet.
  const [isRefreshing, setRefreshing] = useState(false);
  async function refresh() {
    setRefreshing(true);
    await list.refetch();
    setRefreshing(false);
  }

  const workflowName = workflowId ? list.data?.items[0]?.workflowName : undefined;

  return (
    <section aria-label="Runs">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <Select
            aria-label="Status"
            className="w-40"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value === "all" ? "all" : (RUN_STATUS_FILTERS.find((s) => s === e.target.value) ?? "all"));
              setPage(1);
            }}
          >
            <option value="all">All statuses</option>
            {RUN_STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {runStatusLabel(s)}
              </option>
            ))}
          </Select>
          {workflowId ? (
            <span className="inline-flex items-center gap-2 rounded-md border border-slate-200 bg-white px-2.5 py-1.5 text-sm text-slate-700">
              Workflow: <span className="font-medium">{workflowName ?? "this workflow"}</span>
              <Link href="/runs" className="text-brand-700 hover:underline">
                Show all
              </Link>
            </span>
          ) : null}
        </div>
        <Button variant="secondary" onClick={() => void refresh()} isLoading={isRefreshing}>
          {isRefreshing ? null : <RefreshCw className="size-4" aria-hidden />} Refresh
        </Button>
      </div>

      {list.isPending ? (
        <LoadingState label="Loading runs…" />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState icon={<PlayCircle className="size-8" aria-hidden />} title={status === "all" ? "No runs yet" : `No ${runStatusLabel(status).toLowerCase()} runs`}>
          {status === "all" ? (
            <>
              Start a run from a workflow&apos;s <span className="font-medium">Run</span> button on the{" "}
              <Link href="/workflows" className="text-brand-700 hover:underline">
                Workflows
              </Link>{" "}
              page.
            </>
          ) : (
            "Choose another status to see more runs."
          )}
        </EmptyState>
      ) : (
        <div aria-busy={list.isFetching} className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
          <RunsTable items={list.data.items} now={now} />
          <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPageChange={setPage} />
        </div>
      )}
    </section>
  );
}
