"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Plus, Search } from "lucide-react";
import { useEffect, useState } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input, Select } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { useNow } from "@/components/runs/use-now";
import { useRunsChanges, type RunChange } from "@/components/runs/use-runs-changes";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { ImportWorkflowButton } from "./import-workflow-button";
import { NewWorkflowDialog } from "./new-workflow-dialog";
import { RenameWorkflowDialog } from "./rename-workflow-dialog";
import { nextSort, type Sort } from "./sortable-th";
import type { TemplateSummary } from "./types";
import { useDebounced } from "./use-debounced";
import { confirmCopy, useWorkflowActions } from "./use-workflow-actions";
import { WorkflowsEmpty } from "./workflows-empty";
import { WorkflowsTable } from "./workflows-table";

const PAGE_SIZE = 20;
const STATUSES = [
  { value: "active", label: "Active" },
  { value: "archived", label: "Archived" },
  { value: "all", label: "All" },
] as const;
type Status = (typeof STATUSES)[number]["value"];

export function WorkflowsList({ canEdit, canDelete, templates }: { canEdit: boolean; canDelete: boolean; templates: readonly TemplateSummary[] }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const debouncedSearch = useDebounced(search.trim(), 250);
  const [status, setStatus] = useState<Status>("active");
  const [sort, setSort] = useState<Sort>({ column: "updated", direction: "desc" });
  const [page, setPage] = useState(1);
  // null: closed; otherwise the choice the dialog opens with (null inside: blank).
  const [newFrom, setNewFrom] = useState<{ templateId: string | null } | null>(null);
  const actions = useWorkflowActions();

  const list = useQuery({
    ...trpc.workflows.list.queryOptions({
      search: debouncedSearch || undefined,
      status,
      sort: sort.column,
      direction: sort.direction,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });

  // Live last runs: a run started or changing status anywhere refetches the page, unless the change is
  // already on screen (the same run in the same status: a step of it moved).
  const shown = list.data?.items;
  useRunsChanges({
    queryKeys: [trpc.workflows.list.pathKey()],
    isRelevant: (change: RunChange) => change.runId === null || !shown?.some((w) => w.lastRun?.id === change.runId && w.lastRun.status === change.status),
  });
  const now = useNow(30_000);

  // After archiving or deleting the last row of the last page, step back to a page that has rows.
  const lastPage = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : page;
  useEffect(() => {
    if (page > lastPage) setPage(lastPage);
  }, [page, lastPage]);

  const isFirstVisit = list.data?.total === 0 && status === "active" && !debouncedSearch;
  const dialog = actions.pending && actions.pending.action !== "rename" ? confirmCopy(actions.pending) : null;

  return (
    <section aria-label="Workflows">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <div className="relative w-full max-w-xs sm:w-72">
            <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
            <Input
              type="search"
              aria-label="Search workflows"
              placeholder="Search by name or description"
              className="pl-9"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(1);
              }}
            />
          </div>
          <Select
            aria-label="Status"
            className="w-32"
            value={status}
            onChange={(e) => {
              setStatus(STATUSES.find((s) => s.value === e.target.value)?.value ?? "active");
              setPage(1);
            }}
          >
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </Select>
        </div>
        {canEdit ? (
          <div className="flex items-center gap-2">
            <ImportWorkflowButton />
            <Button onClick={() => setNewFrom({ templateId: null })}>
              <Plus className="size-4" aria-hidden /> New workflow
            </Button>
          </div>
        ) : null}
      </div>

      {list.isPending ? (
        <LoadingState label="Loading workflows…" />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : isFirstVisit ? (
        <WorkflowsEmpty templates={templates} canEdit={canEdit} onStart={(templateId) => setNewFrom({ templateId })} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={debouncedSearch ? "No workflows match your search" : status === "archived" ? "No archived workflows" : "No workflows"}>
          {debouncedSearch ? "Try another name or word from the description, or another status." : "Workflows you archive are kept here until you restore them."}
        </EmptyState>
      ) : (
        <div aria-busy={list.isFetching} className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
          <WorkflowsTable
            items={list.data.items}
            now={now}
            sort={sort}
            onSort={(column) => {
              setSort(nextSort(sort, column));
              setPage(1);
            }}
            canEdit={canEdit}
            canDelete={canDelete}
            onAction={actions.onAction}
          />
          <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPageChange={setPage} />
        </div>
      )}

      {newFrom ? <NewWorkflowDialog templates={templates} initialTemplateId={newFrom.templateId} onClose={() => setNewFrom(null)} /> : null}
      {actions.pending?.action === "rename" ? (
        <RenameWorkflowDialog workflow={actions.pending.workflow} onClose={actions.close} onRenamed={() => void actions.refresh()} />
      ) : null}
      {dialog ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && actions.close()}
          title={dialog.title}
          description={dialog.description}
          confirmLabel={dialog.confirmLabel}
          tone={dialog.tone}
          isLoading={actions.isBusy}
          onConfirm={() => void actions.confirm()}
        />
      ) : null}
    </section>
  );
}
