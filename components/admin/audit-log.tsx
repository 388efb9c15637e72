"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Input, Select } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { AUDIT_OUTCOMES } from "@/lib/audit/schemas";
import { errorMessage } from "./use-error-message";

const PAGE_SIZE = 25;
const OUTCOME_TONES = { success: "green", denied: "amber", error: "red" } as const;
type Outcome = (typeof AUDIT_OUTCOMES)[number];

export function AuditLog() {
  const trpc = useTRPC();
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [outcome, setOutcome] = useState<Outcome | "">("");
  const [page, setPage] = useState(1);
  const [filters, setFilters] = useState({ action: "", actor: "" });
  useEffect(() => {
    const id = setTimeout(() => setFilters({ action, actor }), 250);
    return () => clearTimeout(id);
  }, [action, actor]);
  useEffect(() => setPage(1), [filters, outcome]);

  const list = useQuery({
    ...trpc.audit.list.queryOptions({
      action: filters.action || undefined,
      actor: filters.actor || undefined,
      outcome: outcome || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-label="Audit entries">
      <div className="mb-4 flex flex-wrap gap-3">
        <Input aria-label="Filter by action" placeholder="Action, e.g. users.setRole" className="max-w-56" value={action} onChange={(e) => setAction(e.target.value)} />
        <Input aria-label="Filter by actor" placeholder="Actor email" className="max-w-56" value={actor} onChange={(e) => setActor(e.target.value)} />
        <Select aria-label="Filter by outcome" className="max-w-40" value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome | "")}>
          <option value="">All outcomes</option>
          {AUDIT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </Select>
      </div>
      {list.isPending ? (
        <LoadingState label="Loading audit log…" />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No audit entries match">Changes and denied attempts will be listed here.</EmptyState>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Actor</Th>
                <Th>Action</Th>
                <Th>Outcome</Th>
                <Th className="hidden lg:table-cell">Target</Th>
                <Th className="hidden lg:table-cell">From</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.data.items.map((entry) => (
                <tr key={entry.id}>
                  <Td className="text-xs whitespace-nowrap">{new Date(entry.at).toLocaleString()}</Td>
                  <Td>
                    <div className="text-slate-900">{entry.actorEmail ?? "anonymous"}</div>
                    {entry.actorRole ? <div className="text-xs text-slate-500">{entry.actorRole}</div> : null}
                  </Td>
                  <Td>
                    <code className="text-xs">{entry.action}</code>
                    {entry.input ? (
                      <details className="mt-1">
                        <summary className="cursor-pointer text-xs text-slate-500">input</summary>
                        <pre className="mt-1 max-w-md overflow-x-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(entry.input, null, 2)}</pre>
                      </details>
                    ) : null}
                  </Td>
                  <Td>
                    <Badge tone={OUTCOME_TONES[entry.outcome]}>{entry.outcome}</Badge>
                    {entry.errorCode ? <div className="mt-1 text-xs text-slate-500">{entry.errorCode}</div> : null}
                  </Td>
                  <Td className="hidden font-mono text-xs lg:table-cell">{entry.target ?? "—"}</Td>
                  <Td className="hidden text-xs lg:table-cell">{entry.ip ?? "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPageChange={setPage} />
        </>
      )}
    </section>
  );
}
