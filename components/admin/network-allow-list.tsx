"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Network, Plus } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { useConfirmedRemoval } from "@/components/ui/use-confirmed-removal";
import type { AppRouter } from "@/server/routers";
import { NetworkAddDialog } from "./network-add-dialog";
import { errorMessage } from "./use-error-message";

type Entry = inferRouterOutputs<AppRouter>["egress"]["list"][number];
const PAGE_SIZE = 25;

/** Admin → Network: the destinations steps may reach although the SSRF guard would refuse them. */
export function NetworkAllowList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const list = useQuery(trpc.egress.list.queryOptions());
  const remove = useMutation(trpc.egress.remove.mutationOptions());
  const [isAdding, setAdding] = useState(false);
  const [page, setPage] = useState(1);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.egress.list.pathKey() });
  const removal = useConfirmedRemoval<Entry>(remove.mutateAsync, { done: (e) => `${e.pattern} is no longer allowed.`, refresh });

  const entries = list.data ?? [];
  const lastPage = Math.max(1, Math.ceil(entries.length / PAGE_SIZE));
  const shown = entries.slice((Math.min(page, lastPage) - 1) * PAGE_SIZE, Math.min(page, lastPage) * PAGE_SIZE);

  return (
    <section aria-label="Allowed destinations">
      <div className="mb-4 flex justify-end">
        <Button onClick={() => setAdding(true)}>
          <Plus className="size-4" aria-hidden /> Allow a destination
        </Button>
      </div>

      {list.isPending ? (
        <LoadingState label="Loading allowed destinations…" />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState icon={<Network className="size-8" aria-hidden />} title="Nothing extra is allowed">
          Steps reach public addresses and the local provider&apos;s own instances and load balancers. Add a host or block here to let
          them reach a private network too.
        </EmptyState>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>Destination</Th>
                <Th>Note</Th>
                <Th className="hidden md:table-cell">Added</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map((entry) => (
                <tr key={entry.id}>
                  <Td className="font-mono text-sm text-slate-900">{entry.pattern}</Td>
                  <Td>{entry.note || <span className="text-slate-400">—</span>}</Td>
                  <Td className="hidden text-xs md:table-cell">
                    {new Date(entry.createdAt).toLocaleString()}
                    {entry.createdBy ? ` by ${entry.createdBy}` : ""}
                  </Td>
                  <Td className="text-right">
                    <Button variant="ghost" size="sm" className="text-red-600" aria-label={`Remove ${entry.pattern}`} onClick={() => removal.ask(entry)}>
                      Remove
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {entries.length > PAGE_SIZE ? <Pagination page={Math.min(page, lastPage)} pageSize={PAGE_SIZE} total={entries.length} onPageChange={setPage} /> : null}
        </>
      )}

      <NetworkAddDialog
        open={isAdding}
        onOpenChange={setAdding}
        onAdded={(pattern) => {
          toast.success(`${pattern} is allowed.`);
          void refresh();
        }}
      />
      {removal.target ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && removal.cancel()}
          title="Stop allowing this destination?"
          description={`Steps that call ${removal.target.pattern} will be refused from now on, unless it is public.`}
          confirmLabel="Remove"
          isLoading={remove.isPending}
          onConfirm={() => void removal.confirm()}
        />
      ) : null}
    </section>
  );
}
