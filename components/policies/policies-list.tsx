"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { useConfirmedRemoval } from "@/components/ui/use-confirmed-removal";
import { EnabledSwitch } from "./enabled-switch";
import { EffectBadge } from "./policy-badges";
import { scopeText } from "./policy-scope";

const PAGE_SIZE = 20;
type Target = { id: string; name: string };

/** Every policy; admins may create, edit, switch on/off and delete them, others read them. */
export function PoliciesList({ canWrite }: { canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const list = useQuery(trpc.policies.list.queryOptions());
  const setEnabled = useMutation(trpc.policies.setEnabled.mutationOptions());
  const remove = useMutation(trpc.policies.delete.mutationOptions());
  const [page, setPage] = useState(1);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.policies.list.pathKey() });
  const removal = useConfirmedRemoval<Target>(remove.mutateAsync, { done: (p) => `${p.name} is deleted.`, refresh });

  async function toggle(policy: Target, isEnabled: boolean) {
    try {
      await setEnabled.mutateAsync({ id: policy.id, isEnabled });
      toast.success(`${policy.name} is ${isEnabled ? "enabled" : "disabled"}.`);
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      void refresh();
    }
  }

  if (list.isPending) return <LoadingState label="Loading policies…" />;
  if (list.isError) return <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />;
  const pages = Math.max(1, Math.ceil(list.data.length / PAGE_SIZE));
  const shown = list.data.slice((Math.min(page, pages) - 1) * PAGE_SIZE, Math.min(page, pages) * PAGE_SIZE);

  return (
    <section aria-label="Policies">
      {canWrite ? (
        <div className="mb-4 flex justify-end">
          <Link href="/policies/new" className="inline-flex h-9 items-center gap-1.5 rounded-md bg-brand-600 px-3.5 text-sm font-medium text-white hover:bg-brand-700 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-2 focus-visible:outline-none">
            <Plus className="size-4" aria-hidden /> New policy
          </Link>
        </div>
      ) : (
        <p className="mb-4 text-sm text-slate-600">Only admins can change policies.</p>
      )}
      {list.data.length === 0 ? (
        <EmptyState icon={<ShieldCheck className="size-8" aria-hidden />} title="No policies yet">
          {canWrite ? "Create a policy to check every step before it runs." : "An admin has not defined any policy."}
        </EmptyState>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Effect</Th>
                <Th className="hidden md:table-cell">Scope</Th>
                <Th>Enabled</Th>
                <Th className="hidden lg:table-cell">Updated</Th>
                {canWrite ? <Th className="text-right">Actions</Th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map((p) => (
                <tr key={p.id} data-testid={`policy-row-${p.name}`}>
                  <Td className="max-w-md min-w-40">
                    <div className="font-medium text-slate-900">{p.name}</div>
                    {/* On a phone the name alone: the description is in the editor. */}
                    {p.description ? <div className="hidden text-xs text-slate-500 sm:block">{p.description}</div> : null}
                  </Td>
                  <Td>
                    <EffectBadge effect={p.effect} />
                  </Td>
                  <Td className="hidden text-xs md:table-cell">{scopeText(p.scopeProviders, p.scopeStepTypes)}</Td>
                  <Td>
                    <EnabledSwitch checked={p.isEnabled} label={`Enabled: ${p.name}`} disabled={!canWrite || setEnabled.isPending} onChange={(on) => void toggle(p, on)} />
                  </Td>
                  <Td className="hidden text-xs lg:table-cell">{new Date(p.updatedAt).toLocaleString()}</Td>
                  {canWrite ? (
                    <Td className="text-right whitespace-nowrap">
                      <Link href={`/policies/${p.id}`} className="inline-flex h-8 items-center rounded-md px-2.5 text-sm text-slate-700 hover:bg-slate-100" aria-label={`Edit ${p.name}`}>
                        Edit
                      </Link>
                      <Button variant="ghost" size="sm" className="text-red-600" aria-label={`Delete ${p.name}`} onClick={() => removal.ask(p)}>
                        Delete
                      </Button>
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
          {pages > 1 ? <Pagination page={Math.min(page, pages)} pageSize={PAGE_SIZE} total={list.data.length} onPageChange={setPage} /> : null}
        </>
      )}
      {removal.target ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && removal.cancel()}
          title="Delete policy?"
          description={`${removal.target.name} is deleted and no longer checks any step. Decisions it made in past runs stay in their history.`}
          confirmLabel="Delete policy"
          isLoading={remove.isPending}
          onConfirm={() => void removal.confirm()}
        />
      ) : null}
    </section>
  );
}
