"use client";
import { useState } from "react";
import { errorMessage } from "@/components/admin/use-error-message";
import { useToast } from "./toast";

/**
 * Removing a listed item after a confirmation dialog: `ask(item)` opens it, `confirm()` removes, says how
 * it went in a toast, closes the dialog and refreshes the list either way.
 *
 * @example const removal = useConfirmedRemoval(remove.mutateAsync, { done: (p) => `${p.name} is deleted.`, refresh });
 */
export function useConfirmedRemoval<T extends { id: string }>(remove: (input: { id: string }) => Promise<unknown>, { done, refresh }: { done: (item: T) => string; refresh: () => unknown }) {
  const toast = useToast();
  const [target, setTarget] = useState<T | null>(null);

  async function confirm() {
    if (!target) return;
    try {
      await remove({ id: target.id });
      toast.success(done(target));
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setTarget(null);
      void refresh();
    }
  }

  return { target, ask: setTarget, cancel: () => setTarget(null), confirm };
}
