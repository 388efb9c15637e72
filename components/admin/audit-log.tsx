"use client";
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { auditFiltersSchema } from "@/lib/audit/schemas";
import { auditSearchParams, readAuditFilters, readPaging, type AuditFilterKey, type RawAuditFilters } from "@/lib/audit/search-params";
import { AuditLogExport } from "./audit-log-export";
import { AuditLogFilters } from "./audit-log-filters";
import { AuditLogPager } from "./audit-log-pager";
import { AuditLogTable } from "./audit-log-table";
import { errorMessage } from "./use-error-message";

/**
 * The audit log, newest first. The address is the state: filters, page and page size live in the URL's
 * search params, so a view can be reloaded, bookmarked or sent to someone. Filters are checked with the
 * same schema the server uses before anything is asked.
 */
export function AuditLog() {
  const trpc = useTRPC();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = readAuditFilters(searchParams);
  const { page, pageSize } = readPaging(searchParams);
  const parsed = auditFiltersSchema.safeParse(filters);
  const errors: Partial<Record<AuditFilterKey, string>> = parsed.success
    ? {}
    : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));

  /**
   * Applies a change to the address as it is now, not as last rendered: a text filter commits after a pause
   * in typing, possibly after another change whose re-render has not happened yet, and must not undo it.
   * New filters or a new page size start again at page 1.
   */
  const navigate = useCallback(
    (change: { filters?: RawAuditFilters | "clear"; page?: number; pageSize?: number }) => {
      const current = new URLSearchParams(window.location.search);
      const next = change.filters === "clear" ? {} : { ...readAuditFilters(current), ...change.filters };
      const paging = readPaging(current);
      const size = change.pageSize ?? paging.pageSize;
      const to = change.page ?? (change.filters || change.pageSize ? 1 : paging.page);
      const params = auditSearchParams(next, { page: to > 1 ? to : undefined, size: size !== 25 ? size : undefined });
      const query = params.toString();
      // The native history API updates useSearchParams without a server round trip (Next's router would
      // re-render the page on the server for every keystroke's filter).
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [pathname],
  );

  const list = useQuery({
    ...trpc.audit.list.queryOptions(parsed.success ? { ...parsed.data, page, pageSize } : skipToken),
    placeholderData: keepPreviousData,
  });
  const actions = useQuery(trpc.audit.actions.queryOptions());

  // A shared link or a narrower filter can point past the last page: go to the last one that exists.
  const lastPage = list.data ? Math.max(1, Math.ceil(list.data.total / pageSize)) : page;
  useEffect(() => {
    if (page > lastPage) navigate({ page: lastPage });
  }, [page, lastPage, navigate]);

  const hasFilters = Object.keys(filters).length > 0;
  return (
    <section aria-label="Audit entries">
      <AuditLogFilters value={filters} errors={errors} actions={actions.data ?? []} onChange={(patch) => navigate({ filters: patch })} />
      <div className="mb-3">
        <AuditLogExport filters={filters} total={parsed.success ? list.data?.total : undefined} isDisabled={!parsed.success} />
      </div>
      {!parsed.success ? (
        <EmptyState title="Fix the filters to see entries">{errors.to ?? errors.from ?? Object.values(errors)[0]}</EmptyState>
      ) : list.isPending ? (
        <LoadingState label="Loading audit log…" />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState icon={<ScrollText className="size-8" aria-hidden />} title={hasFilters ? "No audit entries match these filters" : "No audit entries yet"}>
          {hasFilters ? (
            <Button variant="secondary" size="sm" className="mt-2" onClick={() => navigate({ filters: "clear" })}>
              Clear filters
            </Button>
          ) : (
            "Changes and denied attempts will be listed here."
          )}
        </EmptyState>
      ) : (
        <div aria-busy={list.isFetching} className={list.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
          <AuditLogTable items={list.data.items} />
          <AuditLogPager
            page={page}
            pageSize={pageSize}
            total={list.data.total}
            onPage={(p) => navigate({ page: p })}
            onPageSize={(size) => navigate({ pageSize: size })}
          />
        </div>
      )}
    </section>
  );
}
