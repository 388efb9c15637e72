"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { useConfirmedRemoval } from "@/components/ui/use-confirmed-removal";
import { PROVIDER_SPECS, type ProviderAccountView } from "@/lib/providers/accounts";
import { ProviderAccountDialog } from "./provider-accounts-dialog";
import { errorMessage } from "./use-error-message";

/** The admin list of provider accounts: what is configured and whether a secret is stored, never the secret. */
export function ProviderAccounts() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const list = useQuery(trpc.providerAccounts.list.queryOptions());
  const remove = useMutation(trpc.providerAccounts.delete.mutationOptions());
  // `null`: closed; "new": adding; an account: editing it.
  const [editing, setEditing] = useState<ProviderAccountView | "new" | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.providerAccounts.list.pathKey() });
  const removal = useConfirmedRemoval<ProviderAccountView>(remove.mutateAsync, { done: (a) => `${a.name} is deleted.`, refresh });

  return (
    <section aria-label="Provider accounts">
      <div className="mb-4 flex justify-end">
        <Button onClick={() => setEditing("new")}>
          <Plus className="size-4" aria-hidden /> Add account
        </Button>
      </div>

      {list.isPending ? (
        <LoadingState label="Loading provider accounts…" />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState icon={<KeyRound className="size-8" aria-hidden />} title="No provider accounts yet">
          Add an account to store a cloud's credentials, encrypted, for the real-cloud drivers to come. Workflows on the local and simulated providers need none.
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Provider</Th>
              <Th className="hidden sm:table-cell">Default region</Th>
              <Th>Secret</Th>
              <Th className="hidden md:table-cell">Updated</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.data.map((account) => (
              <tr key={account.id} data-testid={`account-row-${account.name}`}>
                <Td className="font-medium text-slate-900">{account.name}</Td>
                <Td>
                  <span className="mr-1.5">{PROVIDER_SPECS[account.provider].label}</span>
                  {PROVIDER_SPECS[account.provider].isSimulated ? <Badge tone="violet">Simulated</Badge> : null}
                </Td>
                <Td className="hidden sm:table-cell">{account.defaults.region ?? <span className="text-slate-400">—</span>}</Td>
                <Td>
                  <SecretStatus account={account} />
                </Td>
                <Td className="hidden text-xs md:table-cell">{new Date(account.updatedAt).toLocaleString()}</Td>
                <Td className="text-right whitespace-nowrap">
                  <Button variant="ghost" size="sm" aria-label={`Edit ${account.name}`} onClick={() => setEditing(account)}>
                    Edit
                  </Button>
                  <Button variant="ghost" size="sm" className="text-red-600" aria-label={`Delete ${account.name}`} onClick={() => removal.ask(account)}>
                    Delete
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <ProviderAccountDialog
        account={editing}
        onClose={() => setEditing(null)}
        onSaved={(name, isNew) => {
          toast.success(isNew ? `${name} is added.` : `${name} is saved.`);
          void refresh();
        }}
      />
      {removal.target ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && removal.cancel()}
          title="Delete provider account?"
          description={`${removal.target.name} and its stored credentials are deleted. No workflow uses accounts yet, so no run is affected.`}
          confirmLabel="Delete account"
          isLoading={remove.isPending}
          onConfirm={() => void removal.confirm()}
        />
      ) : null}
    </section>
  );
}

function SecretStatus({ account }: { account: ProviderAccountView }) {
  if (!account.hasSecret) {
    return PROVIDER_SPECS[account.provider].secretFields.length === 0 ? (
      <span className="text-xs text-slate-500">Not needed</span>
    ) : (
      <Badge tone="neutral">No secret</Badge>
    );
  }
  if (!account.isSecretReadable) {
    return (
      <Badge tone="amber" title="It was encrypted with another key: enter the credentials again.">
        Unreadable
      </Badge>
    );
  }
  return (
    <Badge tone="green" title={`Stored: ${account.secretFields.join(", ")}`}>
      Secret set
    </Badge>
  );
}
