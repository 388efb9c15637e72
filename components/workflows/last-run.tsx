import Link from "next/link";
import { RunStatusBadge, runStatusLabel } from "@/components/runs/status-badge";
import { Ago } from "@/components/runs/time-text";
import type { WorkflowRow } from "./types";

/**
 * A workflow's newest run: its status and when it was started (exact time on hover), linking to it.
 * `isCompact` (phones, where the column is hidden) shows the status alone.
 */
export function LastRun({ run, now, isCompact = false }: { run: WorkflowRow["lastRun"]; now: number | null; isCompact?: boolean }) {
  if (!run) return isCompact ? null : <span className="text-xs text-slate-500">Never run</span>;
  return (
    <Link
      href={`/runs/${run.id}`}
      className="inline-flex items-center gap-2 rounded-sm text-xs whitespace-nowrap text-slate-600 hover:text-brand-700 hover:underline"
      aria-label={isCompact ? `Last run: ${runStatusLabel(run.status)}` : undefined}
    >
      <RunStatusBadge status={run.status} />
      {isCompact ? null : <Ago date={run.createdAt} now={now} />}
    </Link>
  );
}
