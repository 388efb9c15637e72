"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Search, UserPlus } from "lucide-react";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input, Select } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { Table, Td, Th } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";
import { CreateUserDialog } from "./create-user-dialog";
import { OneTimePasswordDialog } from "./one-time-password-dialog";
import { errorMessage } from "./use-error-message";

type Row = { id: string; email: string; name: string; role: Role; isDisabled: boolean; lastLoginAt: Date | null };
type Pending =
  | { kind: "role"; user: Row; role: Role }
  | { kind: "disable"; user: Row }
  | { kind: "enable"; user: Row }
  | { kind: "reset"; user: Row };

const PAGE_SIZE = 20;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const debouncedSearch = useDebounced(search, 250);
  const [isCreating, setCreating] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [oneTime, setOneTime] = useState<{ email: string; password: string } | null>(null);

  useEffect(() => setPage(1), [debouncedSearch]);
  const list = useQuery({
    ...trpc.users.list.queryOptions({ search: debouncedSearch || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() });

  const setRole = useMutation(trpc.users.setRole.mutationOptions());
  const setDisabled = useMutation(trpc.users.setDisabled.mutationOptions());
  const resetPassword = useMutation(trpc.users.resetPassword.mutationOptions());
  const isBusy = setRole.isPending || setDisabled.isPending || resetPassword.isPending;

  async function confirm() {
    if (!pending) return;
    const { user } = pending;
    try {
      if (pending.kind === "role") {
        await setRole.mutateAsync({ id: user.id, role: pending.role });
        toast.success(`${user.name} is now ${ROLE_LABELS[pending.role]}.`);
      } else if (pending.kind === "reset") {
        const result = await resetPassword.mutateAsync({ id: user.id });
        setOneTime({ email: user.email, password: result.oneTimePassword });
      } else {
        await setDisabled.mutateAsync({ id: user.id, isDisabled: pending.kind === "disable" });
        toast.success(`${user.name} is ${pending.kind === "disable" ? "disabled" : "enabled"}.`);
      }
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setPending(null);
      void refresh();
    }
  }

  const dialog = pending ? describe(pending) : null;

  return (
    <section aria-label="Users">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="relative w-full max-w-xs">
          <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
          <Input
            type="search"
            aria-label="Search users"
            placeholder="Search by name or email"
            className="pl-9"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <Button onClick={() => setCreating(true)}>
          <UserPlus className="size-4" aria-hidden /> Add user
        </Button>
      </div>

      {list.isPending ? (
        <LoadingState label="Loading users…" />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={debouncedSearch ? "No users match your search" : "No users yet"}>
          {debouncedSearch ? "Try another name or email." : "Add the first user to get started."}
        </EmptyState>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>User</Th>
                <Th>Role</Th>
                <Th>Status</Th>
                <Th className="hidden md:table-cell">Last sign-in</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.data.items.map((user) => (
                <tr key={user.id} data-testid={`user-row-${user.email}`}>
                  <Td>
                    <div className="font-medium text-slate-900">
                      {user.name}
                      {user.id === currentUserId ? <span className="ml-1 text-xs text-slate-500">(you)</span> : null}
                    </div>
                    <div className="text-xs text-slate-500">{user.email}</div>
                  </Td>
                  <Td>
                    <Select
                      aria-label={`Role of ${user.email}`}
                      className="w-32"
                      value={user.role}
                      disabled={isBusy}
                      onChange={(e) => setPending({ kind: "role", user, role: e.target.value as Role })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABELS[r]}
                        </option>
                      ))}
                    </Select>
                  </Td>
                  <Td>{user.isDisabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}</Td>
                  <Td className="hidden text-xs md:table-cell">
                    {user.lastLoginAt ? new Date(user.lastLoginAt).toLocaleString() : "Never"}
                  </Td>
                  <Td className="text-right whitespace-nowrap">
                    <Button variant="ghost" size="sm" onClick={() => setPending({ kind: "reset", user })}>
                      Reset password
                    </Button>
                    {user.isDisabled ? (
                      <Button variant="ghost" size="sm" onClick={() => setPending({ kind: "enable", user })}>
                        Enable
                      </Button>
                    ) : (
                      <Button
                        variant="ghost"
                        size="sm"
                        className="text-red-600"
                        disabled={user.id === currentUserId}
                        title={user.id === currentUserId ? "You cannot disable your own account" : undefined}
                        onClick={() => setPending({ kind: "disable", user })}
                      >
                        Disable
                      </Button>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPageChange={setPage} />
        </>
      )}

      <CreateUserDialog
        open={isCreating}
        onOpenChange={setCreating}
        onCreated={(created) => {
          setOneTime(created);
          void refresh();
        }}
      />
      <OneTimePasswordDialog value={oneTime} onClose={() => setOneTime(null)} />
      {dialog ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setPending(null)}
          title={dialog.title}
          description={dialog.description}
          confirmLabel={dialog.confirmLabel}
          tone={dialog.tone}
          isLoading={isBusy}
          onConfirm={() => void confirm()}
        />
      ) : null}
    </section>
  );
}

function describe(p: Pending): { title: string; description: string; confirmLabel: string; tone: "danger" | "primary" } {
  const who = `${p.user.name} (${p.user.email})`;
  switch (p.kind) {
    case "role":
      return {
        title: "Change role?",
        description: `${who} changes from ${ROLE_LABELS[p.user.role]} to ${ROLE_LABELS[p.role]}. It takes effect on their next request.`,
        confirmLabel: "Change role",
        tone: "primary",
      };
    case "disable":
      return {
        title: "Disable user?",
        description: `${who} is signed out at once and cannot sign in until enabled again.`,
        confirmLabel: "Disable",
        tone: "danger",
      };
    case "enable":
      return { title: "Enable user?", description: `${who} can sign in again.`, confirmLabel: "Enable", tone: "primary" };
    case "reset":
      return {
        title: "Reset password?",
        description: `${who}'s current password stops working, and you get a one-time password to give them.`,
        confirmLabel: "Reset password",
        tone: "danger",
      };
  }
}
