"use client";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/components/trpc-provider";

/** One item of the `runs.changes` stream: a run's new status, or (`runId` null) "read everything again". */
export type RunChange = { runId: string | null; status: string | null };

type Options = {
  /** The queries to refetch (default: every runs list). */
  queryKeys?: readonly QueryKey[];
  /** Whether a change can alter what is on screen; a batch with none is ignored (default: every change). */
  isRelevant?: (change: RunChange) => boolean;
};

/**
 * Keeps what shows runs current: the `runs.changes` stream (SSE) tells of each run's status change, in
 * any process, and the queries are refetched — at most every 500 ms, however busy the engine.
 */
export function useRunsChanges(options: Options = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastAt = useRef(0);
  // The stream's callback outlives renders: it reads the newest options (and the data they close over).
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const refetch = () => {
    lastAt.current = Date.now();
    timer.current = null;
    for (const queryKey of latest.current.queryKeys ?? [trpc.runs.list.pathKey()]) void queryClient.invalidateQueries({ queryKey });
  };
  useSubscription(
    trpc.runs.changes.subscriptionOptions(undefined, {
      onData: (changes) => {
        const isRelevant = latest.current.isRelevant;
        if (timer.current || (isRelevant && !changes.some(isRelevant))) return;
        timer.current = setTimeout(refetch, Math.max(0, 500 - (Date.now() - lastAt.current)));
      },
    }),
  );
}
