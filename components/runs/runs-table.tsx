import { UserCheck } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { triggerLabel } from "./format";
import { RunStatusBadge } from "./status-badge";
import { Ago, Duration } from "./time-text";
import type { RunRow } from "./types";

export function RunsTable({ items, now }: { items: RunRow[]; now: number | null }) {
  return (
    <Table>
      <thead>
        <tr>
          <Th>Run</Th>
          <Th>Workflow</Th>
          <Th className="hidden sm:table-cell">Version</Th>
          <Th className="hidden lg:table-cell">Trigger</Th>
          <Th className="hidden xl:table-cell">Started by</Th>
          <Th>Started</Th>
          <Th className="text-right">Duration</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((run) => (
          <tr key={run.id} className={run.isWaitingForMe ? "bg-amber-50/40 hover:bg-amber-50/70" : "hover:bg-slate-50/60"}>
            <Td className="whitespace-nowrap">
              <Link
                href={`/runs/${run.id}`}
                aria-label={`Run ${run.id.slice(0, 8)} of ${run.workflowName}`}
                className="inline-flex items-center gap-2 rounded-sm hover:underline"
              >
                <RunStatusBadge status={run.status} />
                <span className="font-mono text-xs text-slate-500">{run.id.slice(0, 8)}</span>
              </Link>
              {run.isWaitingForMe ? (
                <div className="mt-1">
                  <Badge tone="amber" className="gap-1">
                    <UserCheck className="size-3" aria-hidden /> Needs your approval
                  </Badge>
                </div>
              ) : null}
            </Td>
            <Td className="max-w-xs">
              <Link href={`/workflows/${run.workflowId}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                {run.workflowName}
              </Link>
            </Td>
            <Td className="hidden font-mono text-xs sm:table-cell">v{run.versionNumber}</Td>
            <Td className="hidden text-xs lg:table-cell">{triggerLabel(run.trigger)}</Td>
            <Td className="hidden text-xs xl:table-cell">{run.actor ?? <span className="text-slate-400">—</span>}</Td>
            <Td className="text-xs whitespace-nowrap">
              {run.startedAt ? <Ago date={run.startedAt} now={now} /> : <span className="text-slate-500">Not yet</span>}
            </Td>
            <Td className="text-right text-xs whitespace-nowrap">
              <Duration startedAt={run.startedAt} finishedAt={run.finishedAt} now={now} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
