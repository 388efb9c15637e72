import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { LastRun } from "./last-run";
import { relativeTime } from "./relative-time";
import { SortableTh, type Sort, type SortColumn } from "./sortable-th";
import type { WorkflowRow } from "./types";
import { RunWorkflowButton } from "@/components/runs/run-workflow-button";
import { WorkflowActionsMenu, type WorkflowAction } from "./workflow-actions-menu";

function When({ date, by }: { date: Date; by: string | null }) {
  return (
    <>
      <time dateTime={date.toISOString()} title={date.toLocaleString()}>
        {relativeTime(date)}
      </time>
      {by ? <div className="hidden text-xs text-slate-500 sm:block">by {by}</div> : null}
    </>
  );
}

export function WorkflowsTable({
  items,
  sort,
  onSort,
  canEdit,
  canDelete,
  onAction,
  now,
}: {
  items: WorkflowRow[];
  /** For the last runs' relative times (see useNow). */
  now: number | null;
  sort: Sort;
  onSort: (column: SortColumn) => void;
  canEdit: boolean;
  canDelete: boolean;
  onAction: (action: WorkflowAction, workflow: WorkflowRow) => void;
}) {
  return (
    <Table>
      <thead>
        <tr>
          <SortableTh label="Name" column="name" sort={sort} onSort={onSort} />
          {/* On a phone: name, last run, updated and the actions fit; the version and authors wait for a wider screen. */}
          <Th className="hidden sm:table-cell">Version</Th>
          <SortableTh label="Last run" column="lastRun" sort={sort} onSort={onSort} className="hidden lg:table-cell" />
          <SortableTh label="Updated" column="updated" sort={sort} onSort={onSort} />
          <SortableTh label="Created" column="created" sort={sort} onSort={onSort} className="hidden md:table-cell" />
          {canEdit ? (
            <Th className="w-12 text-right">
              <span className="sr-only">Actions</span>
            </Th>
          ) : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((w) => (
          <tr key={w.id} className="hover:bg-slate-50/60">
            <Td className="max-w-md">
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/workflows/${w.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                  {w.name}
                </Link>
                {w.isArchived ? <Badge tone="amber">Archived</Badge> : null}
                {/* Phones and tablets have no "Last run" column: its status shows beside the name. */}
                <span className="lg:hidden">
                  <LastRun run={w.lastRun} now={now} isCompact />
                </span>
              </div>
              {w.description ? <p className="mt-0.5 line-clamp-2 text-xs text-slate-500">{w.description}</p> : null}
            </Td>
            <Td className="hidden font-mono text-xs sm:table-cell">v{w.currentVersion}</Td>
            <Td className="hidden lg:table-cell">
              <LastRun run={w.lastRun} now={now} />
            </Td>
            <Td className="text-xs whitespace-nowrap">
              <When date={w.updatedAt} by={w.updatedBy} />
            </Td>
            <Td className="hidden text-xs whitespace-nowrap md:table-cell">
              <When date={w.createdAt} by={w.createdBy} />
            </Td>
            {canEdit ? (
              <Td className="text-right">
                <div className="flex items-center justify-end gap-1">
                  <RunWorkflowButton workflowId={w.id} size="sm" variant="secondary" disabledReason={w.isArchived ? "Restore this workflow to run it." : undefined} />
                  <WorkflowActionsMenu workflow={w} canDelete={canDelete} onAction={onAction} />
                </div>
              </Td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
