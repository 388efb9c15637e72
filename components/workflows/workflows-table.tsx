import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { LastRun } from "./last-run";
import { relativeTime } from "./relative-time";
import { SortableTh, type Sort, type SortColumn } from "./sortable-th";
import type { WorkflowRow } from "./types";
import { RunWorkflowButton } from "@/components/runs/run-workflow-button";
import { WorkflowActionsMenu, type WorkflowAction } from "./workflow-actions-menu";

function Time({ date }: { date: Date }) {
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()}>
      {relativeTime(date)}
    </time>
  );
}

function When({ date, by }: { date: Date; by: string | null }) {
  return (
    <>
      <Time date={date} />
      {by ? <div className="text-xs text-slate-500">by {by}</div> : null}
    </>
  );
}

/**
 * A phone (< sm) shows two columns: the name, with the last run's status and when it changed under it, and
 * the actions, with narrower padding, so both fit 390 px; the other columns wait for a wider screen.
 */
const PHONE = "px-2.5 sm:px-4";

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
          <SortableTh label="Name" column="name" sort={sort} onSort={onSort} className={PHONE} />
          <Th className="hidden sm:table-cell">Version</Th>
          <SortableTh label="Last run" column="lastRun" sort={sort} onSort={onSort} className="hidden lg:table-cell" />
          <SortableTh label="Updated" column="updated" sort={sort} onSort={onSort} className="hidden sm:table-cell" />
          <SortableTh label="Created" column="created" sort={sort} onSort={onSort} className="hidden md:table-cell" />
          {canEdit ? (
            <Th className={`w-12 text-right ${PHONE}`}>
              <span className="sr-only">Actions</span>
            </Th>
          ) : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((w) => (
          <tr key={w.id} className="hover:bg-slate-50/60">
            <Td className={`max-w-md ${PHONE}`}>
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
              <p className="mt-0.5 text-xs text-slate-500 sm:hidden">
                Updated <Time date={w.updatedAt} />
              </p>
            </Td>
            <Td className="hidden font-mono text-xs sm:table-cell">v{w.currentVersion}</Td>
            <Td className="hidden lg:table-cell">
              <LastRun run={w.lastRun} now={now} />
            </Td>
            <Td className="hidden text-xs whitespace-nowrap sm:table-cell">
              <When date={w.updatedAt} by={w.updatedBy} />
            </Td>
            <Td className="hidden text-xs whitespace-nowrap md:table-cell">
              <When date={w.createdAt} by={w.createdBy} />
            </Td>
            {canEdit ? (
              <Td className={`text-right ${PHONE}`}>
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
