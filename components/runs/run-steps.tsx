"use client";
import { ChevronDown, ChevronRight, RotateCcw } from "lucide-react";
import { Fragment } from "react";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { useToggleSet } from "@/components/ui/use-toggle-set";
import { getStep } from "@/lib/catalog";
import { StepStatusBadge } from "./status-badge";
import { StepAttempts } from "./step-attempts";
import type { StepRow } from "./step-rows";
import { Duration } from "./time-text";

/** The steps in the definition's order; a row opens to show every attempt. */
export function RunSteps({ rows, now, onRerunFrom }: { rows: StepRow[]; now: number | null; onRerunFrom?: (row: StepRow) => void }) {
  const [open, toggle] = useToggleSet();

  return (
    <Table aria-label="Steps">
      <thead>
        <tr>
          <Th>Step</Th>
          <Th>Status</Th>
          <Th className="hidden sm:table-cell">Attempts</Th>
          <Th className="hidden sm:table-cell">Duration</Th>
          <Th>Last error</Th>
          {onRerunFrom ? (
            <Th className="relative text-right">
              <span className="sr-only">Actions</span>
            </Th>
          ) : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => {
          const isOpen = open.has(row.node.id);
          const detailsId = `step-details-${row.node.id}`;
          return (
            <Fragment key={row.node.id}>
              <tr className={isOpen ? "bg-slate-50/60" : "hover:bg-slate-50/60"}>
                <Td>
                  <button
                    type="button"
                    aria-expanded={isOpen}
                    aria-controls={detailsId}
                    onClick={() => toggle(row.node.id)}
                    className="flex items-start gap-1.5 rounded-sm text-left"
                  >
                    {isOpen ? <ChevronDown className="mt-0.5 size-4 shrink-0 text-slate-500" aria-hidden /> : <ChevronRight className="mt-0.5 size-4 shrink-0 text-slate-500" aria-hidden />}
                    <span>
                      <span className="block font-medium text-slate-900">{row.node.name}</span>
                      <span className="block text-xs text-slate-500">
                        {getStep(row.node.type)?.title ?? row.node.type} · <span className="font-mono">{row.node.id}</span>
                      </span>
                    </span>
                  </button>
                </Td>
                <Td>
                  <StepStatusBadge status={row.status} />
                </Td>
                <Td className="hidden text-xs tabular-nums sm:table-cell">{row.attempts.length}</Td>
                <Td className="hidden text-xs whitespace-nowrap sm:table-cell">
                  {row.latest ? <Duration startedAt={row.latest.startedAt} finishedAt={row.latest.finishedAt} now={now} /> : "—"}
                </Td>
                <Td className="max-w-sm text-xs">
                  {row.lastError ? (
                    <span className="line-clamp-2 text-red-700" title={row.lastError}>
                      {row.lastError}
                    </span>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </Td>
                {onRerunFrom ? (
                  <Td className="text-right">
                    {row.status === "failed" ? (
                      <Button variant="ghost" size="sm" onClick={() => onRerunFrom(row)}>
                        <RotateCcw className="size-4" aria-hidden /> Rerun from here
                      </Button>
                    ) : null}
                  </Td>
                ) : null}
              </tr>
              {isOpen ? (
                <tr id={detailsId}>
                  <td colSpan={onRerunFrom ? 6 : 5} className="bg-slate-50/60 px-4 pt-1 pb-4 pl-10">
                    <StepAttempts attempts={row.attempts} now={now} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </Table>
  );
}
