"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";

/** History of saved versions: open one read-only, compare it with the current one, or restore it. */
export function VersionsPanel({
  workflowId,
  currentVersion,
  canEdit,
  isDirty,
  onRestored,
}: {
  workflowId: string;
  currentVersion: number;
  canEdit: boolean;
  isDirty: boolean;
  /** Called before the workflow reloads, so the editor takes the restored definition. */
  onRestored: () => void;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.workflows.versions.queryOptions({ id: workflowId }));
  const restore = useMutation(trpc.workflows.restore.mutationOptions());
  const [pending, setPending] = useState<number | null>(null);

  if (versions.isPending) return <LoadingState label="Loading versions…" />;
  if (versions.isError) return <ErrorState message={errorMessage(versions.error)} onRetry={() => void versions.refetch()} />;

  return (
    <div className="p-3">
      <h2 className="mb-2 text-sm font-semibold text-slate-900">Versions</h2>
      <ol className="space-y-2" aria-label="Version history">
        {versions.data.items.map((v) => (
          <li key={v.number} className="rounded-md border border-slate-200 p-2 text-sm" data-testid={`version-${v.number}`}>
            <div className="flex items-center justify-between">
              <span className="font-medium text-slate-900">
                v{v.number}
                {v.number === currentVersion ? <span className="ml-1 text-xs text-emerald-700">(current)</span> : null}
              </span>
              <span className="text-xs text-slate-500">{new Date(v.createdAt).toLocaleString()}</span>
            </div>
            <p className="text-xs text-slate-600">{v.message || "No message"} · {v.author ?? "unknown"}</p>
            <div className="mt-1 flex flex-wrap gap-1">
              <Link className="rounded px-1.5 py-0.5 text-xs font-medium text-brand-700 hover:bg-brand-50" href={`/workflows/${workflowId}?version=${v.number}`}>
                Open
              </Link>
              {v.number !== currentVersion ? (
                <Link className="rounded px-1.5 py-0.5 text-xs font-medium text-brand-700 hover:bg-brand-50" href={`/workflows/${workflowId}?compare=${v.number}`}>
                  Compare with current
                </Link>
              ) : null}
              {canEdit && v.number !== currentVersion ? (
                <Button variant="ghost" size="sm" className="h-6 px-1.5 text-xs" onClick={() => setPending(v.number)}>
                  Restore
                </Button>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      {pending !== null ? (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setPending(null)}
          title={`Restore version ${pending}?`}
          description={`Version ${pending} becomes a new version ${currentVersion + 1}; no history is lost.${isDirty ? " Your unsaved changes in the editor will be discarded." : ""}`}
          confirmLabel="Restore"
          tone="primary"
          isLoading={restore.isPending}
          onConfirm={() => {
            restore.mutate(
              { id: workflowId, number: pending, baseVersion: currentVersion },
              {
                onSuccess: (r) => {
                  toast.success(`Version ${pending} restored as version ${r.number}.`);
                  onRestored();
                  void queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
                },
                onError: (e) => toast.error(errorMessage(e)),
                onSettled: () => setPending(null),
              },
            );
          }}
        />
      ) : null}
    </div>
  );
}
