"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Boxes } from "lucide-react";
import { useEffect, useState } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useNow } from "@/components/runs/use-now";
import { useTRPC } from "@/components/trpc-provider";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { providerName } from "./provider-name";
import { ResourcesTable } from "./resources-table";
import { STATUS_FILTERS, type ResourceRow, type StatusFilter } from "./types";

const PAGE_SIZE = 25;
const ALL = "";

/** The inventory of what runs provisioned, with teardown for operators and admins. */
export function ResourcesList({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [provider, setProvider] = useState(ALL);
  const [type, setType] = useState(ALL);
  const [status, setStatus] = useState<StatusFilter>("all");
  const [page, setPage] = useState(1);
  const [doomed, setDoomed] = useState<ResourceRow | null>(null);
  const now = useNow(30_000);
  const list = useQuery({
    ...trpc.resources.list.queryOptions({ provider: provider || undefined, type: type || undefined, status: status === "all" ? undefined : status, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const teardown = useMutation(trpc.resources.teardown.mutationOptions());

  const lastPage = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : page;
  useEffect(() => {
    if (page > lastPage) setPage(lastPage);
  }, [page, lastPage]);

  async function confirmTeardown() {
    if (!doomed) return;
    try {
      await teardown.mutateAsync({ id: doomed.id });
      toast.success(`${doomed.name} was torn down.`);
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setDoomed(null);
      void queryClient.invalidateQueries({ queryKey: trpc.resources.list.pathKey() });
    }
  }

  const isFiltered = provider !== ALL || type !== ALL || status !== "all";
  const filter = <T,>(set: (v: T) => void) => (value: T) => {
    set(value);
    setPage(1);
  };

  return (
    <section aria-label="Resources">
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <Select aria-label="Provider" className="w-44" value={provider} onChange={(e) => filter(setProvider)(e.target.value)}>
          <option value={ALL}>All providers</option>
          {(list.data?.providers ?? []).map((p) => (
            <option key={p} value={p}>
              {providerName(p)}
            </option>
          ))}
        </Select>
        <Select aria-label="Type" className="w-48" value={type} onChange={(e) => filter(setType)(e.target.value)}>
          <option value={ALL}>All types</option>
          {(list.data?.types ?? []).map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
        <Select aria-label="Status" className="w-44" value={status} onChange={(e) => filter(setStatus)(STATUS_FILTERS.find((s) => s.value === e.target.value)?.value ?? "all")}>
          {STATUS_FILTERS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </Select>
      </div>

      {list.isPending ? (
        <LoadingState label="Loading resources…" />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState icon={<Boxes className="size-8" aria-hidden />} title={isFiltered ? "No resources match these filters" : "No resources yet"}>
          {isFiltered ? "Choose other filters to see more." : "Resources appear here when a run provisions them: instances, buckets, networks, load balancers."}
        </EmptyState>
      ) : (
        <div aria-busy={list.isFetching} className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
          <ResourcesTable items={list.data.items} now={now} onTeardown={canManage ? setDoomed : undefined} />
          <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPageChange={setPage} />
        </div>
      )}

      {doomed ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setDoomed(null)}
          title={`Tear down ${doomed.name}?`}
          description={`${providerName(doomed.provider)} deletes the ${doomed.type} ${doomed.name} (${doomed.externalId}) in ${doomed.region}. This cannot be undone.`}
          confirmLabel="Teardown"
          isLoading={teardown.isPending}
          onConfirm={() => void confirmTeardown()}
        />
      ) : null}
    </section>
  );
}
