"use client";
import type { inferRouterOutputs } from "@trpc/server";
import { ChevronRight } from "lucide-react";
import { Fragment } from "react";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { useToggleSet } from "@/components/ui/use-toggle-set";
import { cn } from "@/lib/cn";
import type { AppRouter } from "@/server/routers";
import { AuditLogDetail } from "./audit-log-detail";

/** One row of `audit.list`, as the client receives it (dates revived by superjson). */
export type AuditRow = inferRouterOutputs<AppRouter>["audit"]["list"]["items"][number];

const OUTCOME_TONES = { success: "green", denied: "amber", error: "red" } as const;
const COLUMNS = 6;

/** One line per entry; its button opens the full record below it (keyboard: Tab to it, Enter or Space). */
export function AuditLogTable({ items }: { items: readonly AuditRow[] }) {
  const [open, toggle] = useToggleSet();

  return (
    <Table>
      <thead>
        <tr>
          <Th className="w-10">
            <span className="sr-only">Details</span>
          </Th>
          <Th>When</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th className="hidden md:table-cell">Target</Th>
          <Th>Outcome</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((entry) => {
          const isOpen = open.has(entry.id);
          const detailId = `audit-detail-${entry.id}`;
          return (
            <Fragment key={entry.id}>
              <tr data-testid="audit-row" className={cn(isOpen && "bg-slate-50")}>
                <Td className="py-1.5 pr-0">
                  <button
                    type="button"
                    aria-expanded={isOpen}
                    aria-controls={isOpen ? detailId : undefined}
                    aria-label={`${isOpen ? "Hide" : "Show"} details of ${entry.action}`}
                    onClick={() => toggle(entry.id)}
                    className="focus-visible:ring-brand-500 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:ring-2 focus-visible:outline-none"
                  >
                    <ChevronRight className={cn("size-4 transition-transform", isOpen && "rotate-90")} aria-hidden />
                  </button>
                </Td>
                <Td className="text-xs whitespace-nowrap">
                  <time dateTime={entry.at.toISOString()}>{entry.at.toLocaleString()}</time>
                </Td>
                <Td>
                  <div className="text-slate-900">{entry.actorEmail ?? "anonymous"}</div>
                  {entry.actorRole ? <div className="text-xs text-slate-500">{entry.actorRole}</div> : null}
                </Td>
                <Td>
                  <code className="text-xs">{entry.action}</code>
                </Td>
                <Td className="hidden max-w-56 truncate font-mono text-xs md:table-cell" title={entry.target ?? undefined}>
                  {entry.target ?? "—"}
                </Td>
                <Td>
                  <Badge tone={OUTCOME_TONES[entry.outcome]}>{entry.outcome}</Badge>
                  {entry.errorCode ? <div className="mt-1 text-xs text-slate-500">{entry.errorCode}</div> : null}
                </Td>
              </tr>
              {isOpen ? (
                <tr id={detailId} className="bg-slate-50">
                  <td colSpan={COLUMNS} className="px-4 pt-1 pb-4">
                    <AuditLogDetail entry={entry} />
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
