"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { PlayCircle, RefreshCw, UserCheck } from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { cn } from "@/lib/cn";
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
const statusFrom = (value: string | null): StatusFilter => RUN_STATUS_FILTERS.find((s) => s === value) ?? "all";

/**
 * Every run, newest first, live: a status change anywhere refetches the page shown (see useRunsChanges).
 * The filters are in the address (`status`, `awaiting=me`), so a filtered view can be reloaded or linked
 * to (the dashboard's approvals panel does). `canApprove`: the user may decide some approvals.
 */
export function RunsList({ workflowId, canApprove }: { workflowId?: string; canApprove: boolean }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const status = statusFrom(searchParams.get("status"));
  const isAwaitingMe = canApprove && searchParams.get("awaiting") === "me";
  const [page, setPage] = useState(1);
  // Merged into the address as it is now (like the audit log); the native history API updates
  // useSearchParams without asking the server to render the page again.
  const setFilter = useCallback(
    (change: { status?: StatusFilter; isAwaitingMe?: boolean }) => {
      const params = new URLSearchParams(window.location.search);
      if (change.status) {
        if (change.status === "all") params.delete("status");
        else params.set("status", change.status);
      }
      if (change.isAwaitingMe !== undefined) {
        if (change.isAwaitingMe) params.set("awaiting", "me");
        else params.delete("awaiting");
      }
      const query = params.toString();
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
      setPage(1);
    },
    [pathname],
  );
  const list = useQuery({
    ...trpc.runs.list.queryOptions({ workflowId, status: status === "all" ? undefined : status, awaitingMe: isAwaitingMe || undefined, page, pageSize: PAGE_SIZE }),
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
            onChange={(e) => setFilter({ status: statusFrom(e.target.value) })}
          >
            <option value="all">All statuses</option>
            {RUN_STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {runStatusLabel(s)}
              </option>
            ))}
          </Select>
          {canApprove ? (
            <button
              type="button"
              aria-pressed={isAwaitingMe}
              onClick={() => setFilter({ isAwaitingMe: !isAwaitingMe })}
              className={cn(
                "inline-flex h-9 items-center gap-1.5 rounded-md border px-3 text-sm font-medium",
                isAwaitingMe ? "border-amber-400 bg-amber-50 text-amber-900" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
              )}
            >
              <UserCheck className="size-4" aria-hidden /> Needs my approval
            </button>
          ) : null}
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
      ) : list.data.items.length === 0 && isAwaitingMe ? (
        <EmptyState icon={<UserCheck className="size-8" aria-hidden />} title="Nothing waits for your approval">
          {status === "all" && !workflowId ? "Runs that stop at a step you may approve show here." : "None with these filters; clear the others to see all that wait for you."}{" "}
          <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => setFilter({ isAwaitingMe: false })}>
            Show all runs
          </button>
        </EmptyState>
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
