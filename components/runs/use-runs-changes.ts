"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/components/trpc-provider";

/**
 * Keeps every runs list on screen current: the `runs.changes` stream (SSE) tells of each run's status
 * change, in any process, and the lists are refetched — at most every 500 ms, however busy the engine.
 */
export function useRunsChanges() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastAt = useRef(0);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const refetch = () => {
    lastAt.current = Date.now();
    timer.current = null;
    void queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() });
  };
  useSubscription(
    trpc.runs.changes.subscriptionOptions(undefined, {
      onData: () => {
        if (timer.current) return;
        timer.current = setTimeout(refetch, Math.max(0, 500 - (Date.now() - lastAt.current)));
      },
    }),
  );
}
